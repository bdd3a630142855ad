package io.github.lenet5j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.lenet5j.io.SafeTensors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults at process level, on the real cli/target/lenet5j-cli.jar in its own JVM: SIGKILL in the middle of an epoch
 * and {@code --resume}; a checkpoint or model write that runs out of space part-way (on a tiny tmpfs mounted for
 * the test: as root, chmod does not stop a write, a full file system does).
 */
class ProcessFaultsIT {
    /** 1,800 training and 200 validation images in batches of 32: 57 batches an epoch, a checkpoint every 4. */
    private static final List<String> RUN = List.of("train", "--limit", "2000", "--epochs", "2", "--batch", "32",
            "--threads", "2", "--activation", "relu", "--patience", "3", "--checkpoint-every", "4", "--no-report");

    @TempDir
    Path dir;

    @BeforeAll
    static void jarIsBuilt() {
        assertThat(CliJarIT.JAR).as("run 'mvn package' first").isRegularFile();
    }

    private static ProcessBuilder jar(Path logs, String name, List<String> args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", CliJarIT.JAR.toString()));
        command.addAll(args);
        return new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(logs.resolve(name + ".out").toFile()).redirectError(logs.resolve(name + ".err").toFile());
    }

    private static List<String> with(List<String> base, String... more) {
        List<String> args = new ArrayList<>(base);
        args.addAll(List.of(more));
        return args;
    }

    private CliJarIT.Run finish(String name, List<String> args) throws IOException, InterruptedException {
        Process p = jar(dir, name, args).start();
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + args);
        }
        return new CliJarIT.Run(p.exitValue(), Files.readString(dir.resolve(name + ".out"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve(name + ".err"), StandardCharsets.UTF_8));
    }

    @Test
    void sigkillInTheMiddleOfAnEpochThenResumeWithoutEpochsEndsWithBitIdenticalWeights() throws Exception {
        CliJarIT.Run straight = finish("straight", with(RUN, "--out", dir.resolve("straight.safetensors").toString()));
        assertThat(straight.status()).as(straight.err()).isZero();

        Path killed = dir.resolve("killed.safetensors"), checkpoint = dir.resolve("killed.safetensors.ckpt");
        Process p = jar(dir, "killed", with(RUN, "--out", killed.toString())).start();
        Map<String, String> at = null;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (at == null && p.isAlive() && System.nanoTime() < deadline) {
            if (Files.exists(checkpoint)) {
                Map<String, String> meta = SafeTensors.readMetadata(checkpoint);   // renamed whole: never half a file
                if (!meta.get("batch").equals("0")) {
                    at = meta;   // a --checkpoint-every checkpoint: the process is in the middle of an epoch
                }
            }
            Thread.sleep(5);
        }
        p.destroyForcibly();   // SIGKILL: no shutdown hook, no finally block runs
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(at).as("a mid-epoch checkpoint before the run ended").isNotNull();
        assertThat(p.exitValue()).isEqualTo(128 + 9);
        assertThat(killed).doesNotExist();

        CliJarIT.Run resumed = finish("resumed", List.of("train", "--resume", checkpoint.toString(), "--limit", "2000",
                "--threads", "2", "--no-report", "--out", killed.toString()));
        assertThat(resumed.status()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("resuming from " + checkpoint).contains("more epoch(s) of 2");
        assertThat(Files.readAllBytes(killed)).isEqualTo(Files.readAllBytes(dir.resolve("straight.safetensors")));
    }

    /** Mounts a tmpfs of {@code kib} KiB on {@code mountPoint}, or says why it cannot (not root, no mount). */
    private static String mount(Path mountPoint, long kib) throws IOException, InterruptedException {
        Files.createDirectories(mountPoint);
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + kib + "k", "tmpfs", mountPoint.toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return p.waitFor() == 0 ? null : "mount -t tmpfs failed: " + output.strip();
    }

    private static void unmount(Path mountPoint) throws IOException, InterruptedException {
        new ProcessBuilder("umount", mountPoint.toString()).inheritIO().start().waitFor();
    }

    private static byte[] bytes(Path file) throws IOException {
        return Files.readAllBytes(file);
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aCheckpointOrModelWriteThatRunsOutOfSpaceLeavesThePreviousFileIntactAndSaysSoInOneLine() throws Exception {
        CliJarIT.Run first = finish("first", List.of("train", "--limit", "320", "--epochs", "1", "--no-report",
                "--out", dir.resolve("m.safetensors").toString()));
        assertThat(first.status()).as(first.err()).isZero();
        byte[] model = bytes(dir.resolve("m.safetensors")), checkpoint = bytes(dir.resolve("m.safetensors.ckpt"));

        // room for the two files and 64 KiB: the next checkpoint or model (each more than 64 KiB) fills it part-way
        Path full = dir.resolve("full");
        String problem = mount(full, (model.length + checkpoint.length) / 1024 + 64 + 8);
        if (problem != null && "true".equals(System.getenv("CI"))) {
            throw new AssertionError(problem + " (CI runs as root, where a tmpfs mounts)");
        }
        assumeTrue(problem == null, problem);
        try {
            Files.write(full.resolve("m.safetensors"), model);
            Files.write(full.resolve("m.safetensors.ckpt"), checkpoint);
            String ckpt = full.resolve("m.safetensors.ckpt").toString(), out = full.resolve("m.safetensors").toString();

            CliJarIT.Run noRoomForCheckpoint = finish("ckpt", List.of("train", "--resume", ckpt, "--epochs", "2",
                    "--limit", "320", "--no-report", "--out", out));
            assertThat(noRoomForCheckpoint.status()).as(noRoomForCheckpoint.err()).isEqualTo(1);
            assertThat(noRoomForCheckpoint.err().strip().lines()).as(noRoomForCheckpoint.err()).hasSize(1);
            assertThat(noRoomForCheckpoint.err()).contains("could not write the checkpoint " + ckpt)
                    .contains("No space left on device");

            CliJarIT.Run noRoomForModel = finish("model", List.of("train", "--resume", ckpt, "--epochs", "2",
                    "--limit", "320", "--no-report", "--no-checkpoint", "--out", out));
            assertThat(noRoomForModel.status()).as(noRoomForModel.err()).isEqualTo(1);
            assertThat(noRoomForModel.err().strip().lines()).as(noRoomForModel.err()).hasSize(1);
            assertThat(noRoomForModel.err()).contains("No space left on device");

            assertThat(bytes(full.resolve("m.safetensors"))).isEqualTo(model);
            assertThat(bytes(full.resolve("m.safetensors.ckpt"))).isEqualTo(checkpoint);
            assertThat(names(full)).containsExactly("m.safetensors", "m.safetensors.ckpt");   // no temporary file left
        } finally {
            unmount(full);
        }
    }
}
