package io.github.lenet5j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lenet5j.io.Json;
import io.github.lenet5j.nn.Engine;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

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
        assertThat(o).containsEntry("threads", 2L).containsEntry("engine", "fast").containsEntry("kernels", Engine.FAST.kernels());
        assertThat((List<Object>) o.get("jvm_args")).isNotNull();
        assertThat(((Number) o.get("vector_bits")).longValue()).as("HotSpot's MaxVectorSize in bits")
                .isIn(64L, 128L, 256L, 512L, 1024L, 2048L);
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
                .containsPattern("peak heap: [\\d.]+ MB").doesNotContain("train_ips");
        assertThat(r.err()).contains("bench: 1/12 training, batch 1, 2 threads ...")
                .contains("bench: 12/12 inference, batch 1000, 1 thread ...");
    }

    @Test
    void helpExplainsEveryKeyOfTheJson() {
        String help = CliRunner.run("bench", "--help").out();
        for (String key : List.of("threads", "kernels", "java, jvm_args", "vector_bits", "train_ips_bN", "train_ips_bN_1t",
                "infer_ips_b1", "infer_ips_b1_1t", "infer_ips_b1000", "infer_ips_b1000_1t", "mflop_per_train_image",
                "gflops_train_b64", "peak_heap_mb", "pytorch")) {
            assertThat(help).containsPattern("\\n  " + java.util.regex.Pattern.quote(key) + " ");
        }
    }

    @Test
    void zeroThreadsIsAUsageError() {
        CliRunner r = CliRunner.run("bench", "--threads", "0");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
    }
}
