package io.github.lenet5j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The command line builds picocli's model of the one command it runs (start-up), yet help, the version and a
 * mistyped command still see every command.
 */
class LazyCommandLineTest {
    @Test
    void aCommandRunBuildsThatCommandOnly() {
        assertThat(Main.commandToRun("predict", "--model", "m.safetensors", "x.png")).isEqualTo("predict");
        assertThat(Main.commandToRun("--verbose", "train", "--epochs", "1")).isEqualTo("train");
        assertThat(Main.commandLine("predict").getSubcommands()).containsOnlyKeys("predict");
    }

    @Test
    void helpTheVersionAndAMistypedCommandBuildThemAll() {
        assertThat(Main.commandToRun("help", "train")).isNull();
        assertThat(Main.commandToRun("--help")).isNull();
        assertThat(Main.commandToRun("--version")).isNull();
        assertThat(Main.commandToRun("trian")).isNull();
        assertThat(Main.commandToRun()).isNull();
        assertThat(Main.commandLine(null).getSubcommands()).containsKeys("summary", "train", "eval", "predict",
                "visualize", "export", "download", "bench", "serve", "help");
    }

    @Test
    void helpOnAnotherCommandPrintsThatCommandsUsage() {
        CliRunner r = CliRunner.run("help", "predict");
        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("Usage: lenet5j predict");
    }

    @Test
    void theTopLevelHelpListsEveryCommand() {
        CliRunner r = CliRunner.run("--help");
        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("summary", "train", "eval", "predict", "visualize", "export", "download", "bench",
                "serve");
    }

    @Test
    void aMistypedCommandIsStillGivenTheClosestOne() {
        CliRunner r = CliRunner.run("trian", "--epochs", "1");
        assertThat(r.status()).isEqualTo(Main.USAGE_ERROR);
        assertThat(r.err()).contains("train");
    }
}
