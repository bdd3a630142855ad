package io.github.lenet5j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.lenet5j.io.Json;
import io.github.lenet5j.nn.Engine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCommandTest {
    @Test
    @SuppressWarnings("unchecked")
    void jsonReportsEveryWorkloadAsPositiveImagesPerSecond() {
        CliRunner r = CliRunner.run("bench", "--images", "300", "--repeats", "1", "--threads", "2", "--json");
        assertThat(r.status()).as(r.err()).isZero();
        Map<String, Object> o = (Map<String, Object>) Json.parse(r.out());
        for (String key : new String[] {"train_ips_b1", "train_ips_b16", "train_ips_b64", "train_ips_b256",
            "train_ips_b1_1t", "train_ips_b16_1t", "train_ips_b64_1t", "train_ips_b256_1t",
            "infer_ips_b1", "infer_ips_b1_1t", "infer_ips_b1000", "infer_ips_b1000_1t", "gflops_train_b64", "peak_heap_mb"}) {
            assertThat(((Number) o.get(key)).doubleValue()).as(key).isPositive();
        }
        assertThat(((Number) o.get("mflop_per_train_image")).doubleValue()).isBetween(2.2, 2.4);
        assertThat(o).containsEntry("threads", 2L).containsEntry("engine", "fast").containsEntry("kernels", Engine.FAST.kernels())
                .containsEntry("java", System.getProperty("java.version"))
                .containsEntry("vector_module", ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent())
                .containsEntry("model", Map.of("preset", "modern", "in_channels", 1L, "num_classes", 10L,
                        "activation", "sigmoid", "pooling", "max"))
                .containsKeys("version", "commit", "uncommitted_changes", "java_vm", "load_average").doesNotContainKeys("peers", "ratios");
        assertThat((List<Object>) o.get("jvm_args")).isNotNull();
        assertThat(((Number) o.get("vector_bits")).longValue()).as("HotSpot's MaxVectorSize in bits")
                .isIn(64L, 128L, 256L, 512L, 1024L, 2048L);
        Map<String, Object> allocated = (Map<String, Object>) o.get("allocated_bytes_per_step");
        assertThat(allocated).containsOnlyKeys("train_b1", "train_b16", "train_b64", "train_b256", "train_b1_1t",
                "train_b16_1t", "train_b64_1t", "train_b256_1t", "infer_b1", "infer_b1_1t", "infer_b1000",
                "infer_b1000_1t");
        assertThat(((Number) allocated.get("infer_b1000")).doubleValue())
                .as("at least the probabilities a batch of 1000 returns, 1000 × 10 floats")
                .isGreaterThanOrEqualTo(40_000);
        allocated.forEach((key, bytes) -> assertThat(((Number) bytes).doubleValue()).as(key).isNotNegative());
    }

    @Test
    void textLabelsEveryFigureWithItsWorkloadAndUnitAndStderrShowsProgress() {
        CliRunner r = CliRunner.run("bench", "--images", "64", "--repeats", "1", "--threads", "2");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("training, batch 64, 2 threads: +[\\d,]+ images/s")
                .containsPattern("training, batch 1, 1 thread: +[\\d,]+ images/s")
                .containsPattern("inference, batch 1, 2 threads per image: +[\\d,]+ images/s")
                .containsPattern("inference, batch 1000, all cores: +[\\d,]+ images/s")
                .containsPattern("training arithmetic: 2\\.\\d+ MFLOP per image, [\\d.]+ GFLOP/s at batch 64 on 2 threads")
                .containsPattern("peak heap: [\\d.]+ MB")
                .containsPattern("allocated a step, all threads: [\\d,]+ bytes training at batch 64, [\\d,]+ at"
                        + " inference of 1000 images").doesNotContain("train_ips");
        assertThat(r.err()).contains("bench: 1/12 training, batch 1, 2 threads ...")
                .contains("bench: 12/12 inference, batch 1000, 1 thread ...");
    }

    @Test
    void helpExplainsEveryKeyOfTheJson() {
        String help = CliRunner.run("bench", "--help").out();
        for (String key : List.of("version, commit", "uncommitted_changes", "threads", "kernels", "java, java_vm, jvm_args", "vector_module",
                "vector_bits", "model", "load_average", "train_ips_bN", "train_ips_bN_1t", "infer_ips_b1", "infer_ips_b1_1t",
                "infer_ips_b1000", "infer_ips_b1000_1t", "mflop_per_train_image", "gflops_train_b64", "peak_heap_mb",
                "allocated_bytes_per_step", "pytorch", "peers", "ratios")) {
            assertThat(help).containsPattern("\\n  " + java.util.regex.Pattern.quote(key) + " ");
        }
    }

    /**
     * A python that stands in for the peers' venv: it answers pytorch_bench.py and ort_bench.py with their JSON
     * (tools/README.md), ONNX Runtime faster on one thread at batch 1 and on two at batch 1000, and logs its arguments.
     */
    private static Path fakePeersPython(Path dir) throws IOException {
        Path python = dir.resolve("python");
        Files.writeString(python, """
                #!/usr/bin/env bash
                echo "$*" >> "$(dirname "$0")/calls.txt"
                threads=$(echo "$*" | sed -E 's/.*--threads ([0-9]+).*/\\1/')
                case "$1" in
                  *pytorch_bench.py) echo '{"threads": '$threads', "torch": "2.99.0", "preset": "modern", "train_ips_b1": 50.0,\
                 "train_ips_b16": 400.0, "train_ips_b64": 1000.0, "train_ips_b256": 1200.0, "infer_ips_b1": 300.0,\
                 "infer_ips_b1000": 2000.0}' ;;
                  *ort_bench.py) if [ "$threads" = 1 ]; then b1=4000.0; b1000=5000.0; else b1=3000.0; b1000=8000.0; fi
                    echo '{"threads": '$threads', "onnxruntime": "1.99.0", "torch": "2.99.0", "opset": 17,\
                 "preset": "modern", "outputs": ["logits", "probabilities"], "max_abs_diff": 1e-7, "infer_ips_b1": '$b1',\
                 "infer_ips_b1000": '$b1000'}' ;;
                  *) exit 9 ;;
                esac
                """);
        Files.setPosixFilePermissions(python, PosixFilePermissions.fromString("rwxr-xr-x"));
        return python;
    }

    @Test
    @SuppressWarnings("unchecked")
    void peersRunTheSameModelAndTheirRatiosAreLenet5jOverTheBetterPeerFigure(@TempDir Path dir) throws IOException {
        Path python = fakePeersPython(dir);
        CliRunner r = CliRunner.run("bench", "--images", "64", "--repeats", "1", "--threads", "2", "--channels", "3",
                "--classes", "7", "--activation", "relu", "--pooling", "avg", "--peers", "--python", python.toString(),
                "--json");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(Files.readAllLines(dir.resolve("calls.txt"))).containsExactly(
                Path.of("tools/pytorch/pytorch_bench.py").toAbsolutePath() + " --threads 2 --images 64 --repeats 1"
                        + " --preset modern --channels 3 --classes 7 --activation relu --pooling avg --json",
                Path.of("tools/onnx/ort_bench.py").toAbsolutePath() + " --threads 1 --images 64 --repeats 1"
                        + " --preset modern --channels 3 --classes 7 --activation relu --pooling avg --json",
                Path.of("tools/onnx/ort_bench.py").toAbsolutePath() + " --threads 2 --images 64 --repeats 1"
                        + " --preset modern --channels 3 --classes 7 --activation relu --pooling avg --json");
        Map<String, Object> o = (Map<String, Object>) Json.parse(r.out());
        Map<String, Object> peers = (Map<String, Object>) o.get("peers");
        assertThat(peers).containsEntry("python", python.toString()).containsEntry("torch", "2.99.0")
                .containsEntry("onnxruntime", "1.99.0");
        assertThat((Map<String, Object>) peers.get("pytorch")).containsEntry("train_ips_b64", 1000.0);
        assertThat((Map<String, Object>) peers.get("ort")).containsEntry("threads", 2L).containsEntry("infer_ips_b1", 3000.0);
        assertThat((Map<String, Object>) peers.get("ort_1t")).containsEntry("threads", 1L).containsEntry("infer_ips_b1", 4000.0);
        Map<String, Object> ratios = (Map<String, Object>) o.get("ratios");
        double b1 = Math.max(figure(o, "infer_ips_b1"), figure(o, "infer_ips_b1_1t"));
        double b1000 = Math.max(figure(o, "infer_ips_b1000"), figure(o, "infer_ips_b1000_1t"));
        assertThat(figure(ratios, "train_b64_vs_pytorch")).isCloseTo(figure(o, "train_ips_b64") / 1000.0, within(1e-9));
        assertThat(figure(ratios, "infer_b1_vs_onnxruntime")).as("against ONNX Runtime on 1 thread")
                .isCloseTo(b1 / 4000.0, within(1e-9));
        assertThat(figure(ratios, "infer_b1000_vs_onnxruntime")).as("against ONNX Runtime on 2 threads")
                .isCloseTo(b1000 / 8000.0, within(1e-9));
    }

    @Test
    void peersPrintEachRatioWithTheFiguresAndThreadCountsOfBothSides(@TempDir Path dir) throws IOException {
        CliRunner r = CliRunner.run("bench", "--images", "64", "--repeats", "1", "--threads", "2", "--peers",
                "--python", fakePeersPython(dir).toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("peers, measured after lenet5j in this run (" + dir.resolve("python")
                        + "; PyTorch 2.99.0, ONNX Runtime 1.99.0):")
                .containsPattern("training, batch 64: +lenet5j +[\\d,]+ images/s \\(2 threads\\) +PyTorch +1,000 images/s"
                        + " \\(2 threads\\) +\\d+\\.\\d\\dx")
                .containsPattern("inference, batch 1: +lenet5j +[\\d,]+ images/s \\((1 thread|2 threads per image)\\)"
                        + " +ONNX Runtime +4,000 images/s \\(1 thread\\) +\\d+\\.\\d\\dx")
                .containsPattern("inference, batch 1000: +lenet5j +[\\d,]+ images/s \\((1 thread|all cores)\\)"
                        + " +ONNX Runtime +8,000 images/s \\(2 threads\\) +\\d+\\.\\d\\dx");
        assertThat(r.err()).contains("bench: 13/15 PyTorch (pytorch/pytorch_bench.py), 2 threads ...")
                .contains("bench: 15/15 ONNX Runtime (onnx/ort_bench.py), 2 threads ...");
    }

    @Test
    void aPeerThatFailsIsAnErrorNamingItsCommand(@TempDir Path dir) throws IOException {
        Path python = dir.resolve("python");
        Files.writeString(python, "#!/usr/bin/env bash\necho 'ModuleNotFoundError: No module named onnxruntime' >&2\nexit 1\n");
        Files.setPosixFilePermissions(python, PosixFilePermissions.fromString("rwxr-xr-x"));
        CliRunner r = CliRunner.run("bench", "--images", "16", "--repeats", "1", "--threads", "1", "--peers", "--python",
                python.toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).containsPattern("bench: " + java.util.regex.Pattern.quote(python.toString())
                + " \\S*tools/pytorch/pytorch_bench.py --threads 1 .* failed with status 1");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theClassicPresetTrainsTheNinetyEightNetworkAndInfersOnOneThread() {
        CliRunner r = CliRunner.run("bench", "--preset", "classic", "--images", "64", "--repeats", "1", "--threads", "2",
                "--json");
        assertThat(r.status()).as(r.err()).isZero();
        Map<String, Object> o = (Map<String, Object>) Json.parse(r.out());
        assertThat(o).containsEntry("model", Map.of("preset", "classic", "in_channels", 1L, "num_classes", 10L))
                .containsKeys("train_ips_b64", "train_ips_b64_1t", "infer_ips_b1_1t", "infer_ips_b1000_1t")
                .doesNotContainKeys("infer_ips_b1", "infer_ips_b1000");
        assertThat((Map<String, Object>) o.get("allocated_bytes_per_step")).as("under the workloads' keys")
                .containsKeys("train_b64", "train_b64_1t", "infer_b1_1t", "infer_b1000_1t")
                .doesNotContainKeys("infer_b1", "infer_b1000");
        // c1 117,600 + c3 (60 kernels) 150,000 + c5 48,000 + f6 10,080 + rbf 840 multiply-adds, x2, x3, less c1's input gradient
        assertThat(figure(o, "mflop_per_train_image")).isCloseTo(1.72392, within(1e-9));
    }

    @Test
    @SuppressWarnings("unchecked")
    void onOneThreadTheAllThreadsAllocationsAreTheOneThreadOnes() {
        CliRunner r = CliRunner.run("bench", "--images", "16", "--repeats", "1", "--threads", "1", "--json");
        assertThat(r.status()).as(r.err()).isZero();
        Map<String, Object> allocated = (Map<String, Object>) ((Map<String, Object>) Json.parse(r.out()))
                .get("allocated_bytes_per_step");
        for (String key : List.of("train_b1", "train_b16", "train_b64", "train_b256", "infer_b1", "infer_b1000")) {
            assertThat(allocated.get(key)).as(key).isNotNull().isEqualTo(allocated.get(key + "_1t"));
        }
    }

    @Test
    void pythonWithoutPeersAndTheModernFlagsWithTheClassicPresetAreUsageErrors() {
        CliRunner python = CliRunner.run("bench", "--python", "/usr/bin/python3");
        assertThat(python.status()).isEqualTo(2);
        assertThat(python.err()).contains("--python is the peers' python: give --peers too");
        CliRunner classic = CliRunner.run("bench", "--preset", "classic", "--activation", "relu");
        assertThat(classic.status()).isEqualTo(2);
        assertThat(classic.err()).contains("--activation shapes the modern network");
    }

    private static double figure(Map<String, Object> o, String key) {
        return ((Number) o.get(key)).doubleValue();
    }

    @Test
    void zeroThreadsIsAUsageError() {
        CliRunner r = CliRunner.run("bench", "--threads", "0");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
    }
}
