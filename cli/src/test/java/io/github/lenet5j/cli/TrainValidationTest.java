package io.github.lenet5j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lenet5j.io.Json;
import io.github.lenet5j.model.ModelFile;
import io.github.lenet5j.train.Checkpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainValidationTest {
    /** 480 images to train on, 120 to validate, a fast rate: the relu net overfits the validation set in a few epochs. */
    private static final String[] QUICK = {"train", "--limit", "600", "--validation", "0.2", "--activation", "relu",
        "--lr", "0.003", "--batch", "32", "--threads", "2"};

    @TempDir
    Path dir;

    private static String[] with(String[] base, String... more) {
        String[] args = new String[base.length + more.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        return args;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> jsonLines(CliRunner r) {
        return r.out().strip().lines().map(line -> (Map<String, Object>) Json.parse(line)).toList();
    }

    @Test
    @SuppressWarnings("unchecked")
    void patienceStopsEarlyAndTheModelAndReportHoldTheBestEpoch() throws Exception {
        Path out = dir.resolve("es.safetensors");
        CliRunner r = CliRunner.run(with(QUICK, "--epochs", "30", "--patience", "2", "--json", "--out", out.toString()));
        assertThat(r.status()).as(r.err()).isZero();
        List<Map<String, Object>> lines = jsonLines(r);
        Map<String, Object> last = lines.get(lines.size() - 1);
        List<Map<String, Object>> epochs = lines.subList(0, lines.size() - 1);
        long bestEpoch = (Long) last.get("best_epoch");
        assertThat(last).containsEntry("final", true).containsEntry("stopped_early", true)
                .containsEntry("kept_epoch", bestEpoch).containsEntry("epochs_trained", (long) epochs.size());
        assertThat(epochs.size()).isLessThan(30).isEqualTo((int) bestEpoch + 2);
        assertThat(epochs).allSatisfy(e -> assertThat(e).containsKeys("train_loss", "validation_loss",
                "validation_accuracy", "best").doesNotContainKey("test_loss"));
        double lowest = epochs.stream().mapToDouble(e -> (Double) e.get("validation_loss")).min().orElseThrow();
        assertThat(epochs.get((int) bestEpoch - 1)).containsEntry("validation_loss", lowest).containsEntry("best", true);
        Map<String, Object> report = (Map<String, Object>) Json.parse(Files.readString(dir.resolve("es-report/report.json")));
        assertThat(report).containsEntry("kept_epoch", bestEpoch).containsEntry("stopped_early", true);
        assertThat((Map<String, Object>) report.get("config")).containsEntry("validation", "20%")
                .containsEntry("patience", 2L).containsEntry("keep", "best").containsEntry("validation_images", 120L);
        // the model saved is the best epoch's: evaluating it on the test set gives the final line's figures
        CliRunner e = CliRunner.run("eval", "--model", out.toString(), "--limit", "600", "--json");
        assertThat(((Map<String, Object>) Json.parse(e.out())).get("correct")).isEqualTo(last.get("correct"));
    }

    @Test
    void keepLastSavesTheLastEpochAndTheTextSaysWhich() {
        CliRunner r = CliRunner.run(with(QUICK, "--epochs", "30", "--patience", "2", "--keep", "last", "--no-report",
                "--out", dir.resolve("last.safetensors").toString()));
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("stopped early after epoch").contains("(the last epoch)").contains("(best)");
    }

    @Test
    @SuppressWarnings("unchecked")
    void testCurvesAddTheTestSetPerEpochAndChangeNothingElse() throws Exception {
        CliRunner plain = CliRunner.run(with(QUICK, "--epochs", "2", "--json", "--no-report", "--no-checkpoint",
                "--out", dir.resolve("a.safetensors").toString()));
        CliRunner curves = CliRunner.run(with(QUICK, "--epochs", "2", "--json", "--no-report", "--no-checkpoint",
                "--test-curves", "--out", dir.resolve("b.safetensors").toString()));
        assertThat(curves.status()).as(curves.err()).isZero();
        assertThat(jsonLines(curves).get(0)).containsKeys("test_loss", "test_accuracy", "validation_loss");
        assertThat(jsonLines(plain).get(0)).doesNotContainKey("test_loss");
        assertThat(Files.readAllBytes(dir.resolve("b.safetensors"))).isEqualTo(Files.readAllBytes(dir.resolve("a.safetensors")));
    }

    @Test
    void validationZeroTrainsOnEverythingAndPatienceThenIsAUsageError() {
        CliRunner none = CliRunner.run("train", "--limit", "100", "--epochs", "1", "--validation", "0", "--no-report",
                "--out", dir.resolve("n.safetensors").toString());
        assertThat(none.status()).as(none.err()).isZero();
        assertThat(none.out()).contains("100 training, no validation, 100 test images")
                .contains("with the weights of epoch 1 (the last epoch)");
        CliRunner patience = CliRunner.run("train", "--validation", "0", "--patience", "2");
        assertThat(patience.status()).isEqualTo(2);
        assertThat(patience.err()).contains("--patience needs a validation set");
        for (String bad : List.of("1.5", "abc", "-2")) {
            CliRunner r = CliRunner.run("train", "--validation", bad);
            assertThat(r.status()).as(bad).isEqualTo(2);
            assertThat(r.err().strip().lines()).hasSize(1);
        }
        assertThat(CliRunner.run("train", "--keep", "worst").status()).isEqualTo(2);
    }

    @Test
    void theClassicNetworkCheckpointsAndResumes() throws Exception {
        Path out = dir.resolve("classic.safetensors");
        CliRunner r = CliRunner.run("train", "--preset", "classic", "--limit", "320", "--epochs", "1", "--lr", "0.003",
                "--no-report", "--out", out.toString());
        assertThat(r.status()).as(r.err()).isZero();
        Checkpoint saved = Checkpoint.load(dir.resolve("classic.safetensors.ckpt"));
        assertThat(saved.metadata()).containsEntry("preset", ModelFile.CLASSIC);
        CliRunner resumed = CliRunner.run("train", "--resume", dir.resolve("classic.safetensors.ckpt").toString(),
                "--limit", "320", "--epochs", "2", "--no-report", "--out", dir.resolve("classic2.safetensors").toString());
        assertThat(resumed.status()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("the 1998 LeNet-5").contains("1 more epoch(s) of 2");
        assertThat(ModelFile.isClassic(dir.resolve("classic2.safetensors"))).isTrue();
    }

    @Test
    void resumingTakesValidationAndEarlyStoppingFromTheCheckpoint() {
        CliRunner first = CliRunner.run(with(QUICK, "--epochs", "1", "--patience", "3", "--no-report",
                "--out", dir.resolve("r.safetensors").toString()));
        assertThat(first.status()).as(first.err()).isZero();
        String ckpt = dir.resolve("r.safetensors.ckpt").toString();
        for (String flag : List.of("--patience", "--validation", "--keep")) {
            String value = flag.equals("--keep") ? "last" : "2";
            CliRunner r = CliRunner.run("train", "--resume", ckpt, flag, value, "--epochs", "3");
            assertThat(r.status()).as(flag).isEqualTo(2);
            assertThat(r.err()).contains(flag + " comes from the checkpoint when resuming");
        }
        CliRunner resumed = CliRunner.run("train", "--resume", ckpt, "--limit", "600", "--threads", "2", "--epochs", "2",
                "--no-report", "--out", dir.resolve("r2.safetensors").toString());
        assertThat(resumed.status()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("480 training, 120 validation (20%)").contains("1 more epoch(s) of 2");
    }
}
