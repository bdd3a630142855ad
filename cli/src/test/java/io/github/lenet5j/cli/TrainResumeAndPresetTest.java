package io.github.lenet5j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lenet5j.io.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainResumeAndPresetTest {
    @TempDir
    Path dir;

    private CliRunner train(String out, String... more) {
        String[] base = {"train", "--limit", "320", "--activation", "relu", "--batch", "32", "--threads", "2", "--no-report",
            "--json", "--out", dir.resolve(out).toString()};
        String[] args = new String[base.length + more.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        CliRunner r = CliRunner.run(args);
        assertThat(r.status()).as(r.err()).isZero();
        return r;
    }

    @Test
    void aRunResumedFromItsEpochOneCheckpointSavesTheSameModelAsAnUninterruptedRun() throws Exception {
        train("straight.safetensors", "--epochs", "2");
        train("first.safetensors", "--epochs", "1");
        Path checkpoint = dir.resolve("first.safetensors.ckpt");
        assertThat(checkpoint).exists();
        CliRunner r = CliRunner.run("train", "--limit", "320", "--threads", "2", "--no-report", "--json", "--epochs", "2",
                "--resume", checkpoint.toString(), "--out", dir.resolve("resumed.safetensors").toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(Files.readAllBytes(dir.resolve("resumed.safetensors")))
                .isEqualTo(Files.readAllBytes(dir.resolve("straight.safetensors")));
    }

    @Test
    void resumeRejectsFlagsTheCheckpointDecidesAndAFinishedRun() {
        train("m.safetensors", "--epochs", "1");
        String ckpt = dir.resolve("m.safetensors.ckpt").toString();
        CliRunner seed = CliRunner.run("train", "--resume", ckpt, "--seed", "3", "--epochs", "2");
        assertThat(seed.status()).isEqualTo(2);
        assertThat(seed.err()).contains("--seed comes from the checkpoint when resuming; drop it");
        CliRunner done = CliRunner.run("train", "--resume", ckpt, "--epochs", "1", "--limit", "320");
        assertThat(done.status()).as("the checkpoint, read while running, contradicts --epochs").isEqualTo(1);
        assertThat(done.err()).contains("has already trained 1 epoch; give --epochs more than that");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theClassicPresetTrainsSavesAndEvaluates() {
        CliRunner r = CliRunner.run("train", "--preset", "classic", "--limit", "320", "--epochs", "1", "--lr", "0.003",
                "--no-report", "--json", "--out", dir.resolve("classic.safetensors").toString());
        assertThat(r.status()).as(r.err()).isZero();
        CliRunner e = CliRunner.run("eval", "--model", dir.resolve("classic.safetensors").toString(), "--limit", "320", "--json");
        assertThat(e.status()).as(e.err()).isZero();
        Map<String, Object> o = (Map<String, Object>) Json.parse(e.out());
        assertThat(((Number) o.get("total")).intValue()).isEqualTo(320);
        String last = r.out().strip().lines().reduce((a, b) -> b).orElseThrow();
        assertThat(((Map<String, Object>) Json.parse(last)).get("correct")).isEqualTo(o.get("correct"));
        CliRunner report = CliRunner.run("eval", "--model", dir.resolve("classic.safetensors").toString(), "--report",
                dir.resolve("classic-report").toString());
        assertThat(report.status()).as("known from the file, before evaluating").isEqualTo(1);
        assertThat(report.err()).contains("--report is not available for classic models yet");
        assertThat(report.out()).isEmpty();
        assertThat(dir.resolve("classic-report")).doesNotExist();
    }

    @Test
    void anUnknownPresetIsAUsageError() {
        CliRunner r = CliRunner.run("train", "--preset", "vintage");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
    }

    @Test
    void aHugeLearningRateStopsWithTheEpochBatchAndRateOrSkipsBatches() {
        CliRunner stop = CliRunner.run("train", "--limit", "320", "--epochs", "1", "--optimizer", "sgd", "--lr", "1e30",
                "--activation", "relu", "--no-report", "--out", dir.resolve("d.safetensors").toString());
        assertThat(stop.status()).isEqualTo(1);
        assertThat(stop.err().strip().lines()).hasSize(1);
        assertThat(stop.err()).contains("training diverged at epoch 1, batch").contains("learning rate 1.0E30");
        CliRunner skip = CliRunner.run("train", "--limit", "320", "--epochs", "1", "--optimizer", "sgd", "--lr", "1e30",
                "--activation", "relu", "--no-report", "--on-divergence", "skip-batch", "--out", dir.resolve("s.safetensors").toString());
        assertThat(skip.status()).as(skip.err()).isZero();
        assertThat(skip.out()).contains("skipped");
        assertThat(CliRunner.run("train", "--on-divergence", "ignore").status()).isEqualTo(2);
    }
}
