package io.github.lenet5j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
    @Test
    void countsSayOneInTheSingularAndTheRestInThePlural() {
        assertThat(Cli.count(1, "epoch")).isEqualTo("1 epoch");
        assertThat(Cli.count(3, "epoch")).isEqualTo("3 epochs");
        assertThat(Cli.count(0, "epoch")).isEqualTo("0 epochs");
        assertThat(Cli.count(2, "batch")).isEqualTo("2 batches");
        assertThat(Cli.count(10, "class")).isEqualTo("10 classes");
        assertThat(Cli.count(1, "thread")).isEqualTo("1 thread");
        assertThat(Cli.count(12_000, "image")).isEqualTo("12,000 images");
    }

    @TempDir
    Path dir;

    @Test
    void trainSaysOneEpochAndOneThread() {
        CliRunner one = CliRunner.run("train", "--epochs", "1", "--limit", "32", "--threads", "1", "--no-report",
                "--no-checkpoint", "--out", dir.resolve("one.safetensors").toString());
        assertThat(one.status()).as(one.err()).isZero();
        assertThat(one.out()).contains(" 1 epoch, ").contains(" 1 thread, ").contains("with the weights of epoch 1 (")
                .doesNotContain("epoch(s)").doesNotContain("thread(s)");
    }
}
