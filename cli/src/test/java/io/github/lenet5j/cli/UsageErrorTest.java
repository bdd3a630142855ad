package io.github.lenet5j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The exit-status convention (2: the command line is wrong, found before any work; 1: a failure while running),
 * the same for every command and every bad value, and the suggestions for mistyped commands and options.
 */
class UsageErrorTest {
    @TempDir
    Path dir;

    /** A bad value for each checked option of each command, and the words its one line must hold. */
    static Stream<List<String>> badValues() {
        return Stream.of(
                List.of("train", "--threads", "0", "--threads"),
                List.of("train", "--epochs", "0", "--epochs"),
                List.of("train", "--batch", "-1", "--batch"),
                List.of("train", "--lr", "-1", "--lr"),
                List.of("train", "--lr", "NaN", "--lr"),
                List.of("train", "--lr", "fast", "'fast' is not a number"),
                List.of("train", "--momentum", "1.5", "--momentum"),
                List.of("train", "--limit", "0", "--limit"),
                List.of("train", "--checkpoint-every", "-1", "at least 0"),
                List.of("train", "--optimizer", "adamw", "must be adam or sgd, not 'adamw'"),
                List.of("train", "--on-divergence", "ignore", "must be stop or skip-batch"),
                List.of("train", "--preset", "vintage", "must be modern or classic"),
                List.of("train", "--classes", "0", "--classes"),
                List.of("train", "--channels", "x", "--channels"),
                List.of("train", "--activation", "swish", "unknown activation 'swish'"),
                List.of("train", "--report", "r", "--no-report", "--report and --no-report contradict each other"),
                List.of("eval", "--model", "m.safetensors", "--limit", "-5", "--limit"),
                List.of("predict", "--model", "m.safetensors", "--top", "0", "x.png", "--top"),
                List.of("bench", "--threads", "0", "--threads"),
                List.of("bench", "--repeats", "0", "--repeats"),
                List.of("serve", "--model", "m.safetensors", "--port", "70000", "from 0 (any free one) to 65535"),
                List.of("serve", "--model", "m.safetensors", "--threads", "0", "--threads"),
                List.of("serve", "--model", "m.safetensors", "--queue", "0", "--queue"),
                List.of("serve", "--model", "m.safetensors", "--timeout", "0", "--timeout"),
                List.of("summary", "--classes", "-3", "--classes"),
                List.of("download", "emnist", "unknown dataset 'emnist'"),
                List.of("eval", "Missing required option: '--model=FILE'"));
    }

    @ParameterizedTest
    @MethodSource("badValues")
    void everyBadValueOfEveryCommandExitsWithTwoBeforeAnyWorkAndPrintsOneLine(List<String> c) throws IOException {
        List<String> args = c.subList(0, c.size() - 1);
        Path before = Files.createDirectories(dir.resolve("cwd"));
        CliRunner r = CliRunner.run(args.stream().map(a -> a.endsWith(".safetensors") ? before.resolve(a).toString() : a)
                .toArray(String[]::new));

        assertThat(r.status()).as(String.join(" ", args) + "\n" + r.err()).isEqualTo(Main.USAGE_ERROR);
        assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
        assertThat(r.err()).startsWith("lenet5j " + args.get(0) + ": ").contains(c.get(c.size() - 1))
                .endsWith("(see 'lenet5j " + args.get(0) + " --help')" + System.lineSeparator());
        assertThat(r.out()).as("nothing ran: no 'training ...' header").isEmpty();
    }

    @Test
    void aMistypedCommandGetsTheClosestCommandSuggested() {
        CliRunner r = CliRunner.run("trian", "--epochs", "3");
        assertThat(r.status()).isEqualTo(Main.USAGE_ERROR);
        assertThat(r.err().strip()).isEqualTo("lenet5j: unknown command 'trian'; did you mean 'train'? (see 'lenet5j --help')");
        assertThat(CliRunner.run("evl").err()).contains("unknown command 'evl'; did you mean 'eval'?");
        assertThat(CliRunner.run("sumary").err()).contains("did you mean 'summary'?");
    }

    @Test
    void aMistypedOptionGetsTheClosestOptionSuggested() {
        CliRunner r = CliRunner.run("train", "--epoch", "3");
        assertThat(r.status()).isEqualTo(Main.USAGE_ERROR);
        assertThat(r.err().strip()).isEqualTo(
                "lenet5j train: unknown option '--epoch'; did you mean '--epochs'? (see 'lenet5j train --help')");
        assertThat(CliRunner.run("train", "--bach=8").err()).contains("unknown option '--bach'; did you mean '--batch'?");
        assertThat(CliRunner.run("predict", "--modle", "m", "x.png").err()).contains("did you mean '--model'?");
        assertThat(CliRunner.run("train", "--zzzzzz").err().strip())
                .isEqualTo("lenet5j train: unknown option '--zzzzzz' (see 'lenet5j train --help')");
    }

    @Test
    void aMistypedChoiceGetsTheClosestChoiceSuggested() {
        assertThat(CliRunner.run("train", "--activation", "rleu").err())
                .contains("unknown activation 'rleu': expected sigmoid, relu or tanh; did you mean 'relu'?");
        assertThat(CliRunner.run("train", "--optimizer", "adma").err())
                .contains("must be adam or sgd, not 'adma'; did you mean 'adam'?");
        assertThat(CliRunner.run("summary", "--pooling", "average").err()).doesNotContain("did you mean");
        assertThat(CliRunner.run("summary", "--pooling", "avgg").err()).contains("did you mean 'avg'?");
    }

    @Test
    void aFailureWhileRunningExitsWithOne() {
        CliRunner r = CliRunner.run("eval", "--model", dir.resolve("missing.safetensors").toString());
        assertThat(r.status()).isEqualTo(Main.FAILURE);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("no model file");
    }

    @Test
    void everyCommandsHelpListsTheExitStatuses() {
        for (String command : List.of("train", "eval", "predict", "visualize", "download", "bench", "serve", "summary", "export")) {
            CliRunner r = CliRunner.run(command, "--help");
            assertThat(r.status()).isZero();
            assertThat(r.out()).as(command).contains("Exit status:").containsPattern("2\\s+usage error")
                    .containsPattern("1\\s+failed while running");
        }
        assertThat(CliRunner.run("--help").out()).contains("Exit status:");
    }

    @Test
    void helpIsShownEvenWhenOtherOptionsWouldBeRefusedTogether() {
        CliRunner r = CliRunner.run("train", "--report", "r", "--no-report", "--help");
        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("Usage: lenet5j train");
    }
}
