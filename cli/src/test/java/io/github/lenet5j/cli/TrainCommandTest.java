package io.github.lenet5j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lenet5j.io.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {
    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("unchecked")
    void trainsSavesTheModelAndWritesTheReportNextToIt() throws IOException {
        Path model = dir.resolve("small.safetensors");
        CliRunner r = CliRunner.run("train", "--epochs", "2", "--limit", "200", "--activation", "relu", "--out",
                model.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("180 training, 20 validation (10%), 200 test images").contains("engine fast (").contains("epoch  1").contains("epoch  2")
                .contains("model saved to").contains("small-report").doesNotContain("\r");
        assertThat(model).isRegularFile();
        Path report = dir.resolve("small-report");
        assertThat(TestFiles.png(report.resolve("loss.png")).getWidth()).isEqualTo(TrainingCharts.WIDTH);
        assertThat(TestFiles.png(report.resolve("accuracy.png")).getHeight()).isEqualTo(TrainingCharts.HEIGHT);
        assertThat(TestFiles.png(report.resolve("confusion.png")).getWidth()).isGreaterThan(10 * ConfusionMatrixPicture.CELL);
        Map<String, Object> json = (Map<String, Object>) Json.parse(Files.readString(report.resolve("report.json")));
        assertThat((Map<String, Object>) json.get("config")).containsEntry("epochs", 2L).containsEntry("activation", "relu")
                .containsEntry("engine", "fast")
                .containsEntry("train_images", 180L).containsEntry("validation_images", 20L).containsEntry("optimizer", "adam");
        assertThat((List<Object>) json.get("epochs")).hasSize(2);
        Map<String, Object> last = (Map<String, Object>) json.get("final");
        assertThat(last).containsEntry("total", 200L).containsKeys("accuracy", "loss", "confusion");
        List<Map<String, Object>> perClass = (List<Map<String, Object>>) last.get("per_class");
        assertThat(perClass).hasSize(10);
        assertThat(perClass.get(0)).containsEntry("name", "T-shirt/top").containsKeys("precision", "recall", "support");
        assertThat(dir).isDirectoryNotContaining(p -> p.getFileName().toString().endsWith(".tmp"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void jsonPrintsOneObjectPerEpochThenTheSummaryAndReportGoesWhereAsked() {
        Path report = dir.resolve("elsewhere");
        CliRunner r = CliRunner.run("train", "--epochs", "1", "--limit", "100", "--json", "--out",
                dir.resolve("m.safetensors").toString(), "--report", report.toString());
        assertThat(r.status()).as(r.err()).isZero();
        List<String> lines = r.out().strip().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat((Map<String, Object>) Json.parse(lines.get(0))).containsEntry("epoch", 1L).containsKey("images_per_second");
        assertThat((Map<String, Object>) Json.parse(lines.get(1))).containsEntry("final", true)
                .containsEntry("report", report.toString());
        assertThat(report.resolve("report.json")).isRegularFile();
    }

    @Test
    void noReportAndNoCheckpointWriteOnlyTheModel() throws IOException {
        CliRunner r = CliRunner.run("train", "--epochs", "1", "--limit", "50", "--no-report", "--no-checkpoint", "--out",
                dir.resolve("m.safetensors").toString());
        assertThat(r.status()).as(r.err()).isZero();
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("m.safetensors");
        }
    }

    @Test
    void userErrorsPrintOneLineSayingWhatToDo() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        String out = dir.resolve("m.safetensors").toString();
        Object[][] cases = {
            {new String[] {"train", "--data", dir.resolve("nope").toString(), "--out", out}, "no folder"},
            {new String[] {"train", "--data", empty.toString(), "--out", out}, "give --data a folder of MNIST-format files"},
            {new String[] {"train", "--optimizer", "rmsprop", "--out", out}, "Invalid value for option '--optimizer': must be adam or sgd, not 'rmsprop'"},
            {new String[] {"train", "--limit", "0", "--out", out}, "Invalid value for option '--limit': must be a whole number of at least 1, not '0'"},
            {new String[] {"train", "--epochs", "0", "--out", out}, "Invalid value for option '--epochs': must be a whole number of at least 1, not '0'"},
            {new String[] {"train", "--frobnicate"}, "unknown option '--frobnicate'"},
        };
        for (Object[] c : cases) {
            String[] args = (String[]) c[0];
            CliRunner r = CliRunner.run(args);
            assertThat(r.status()).as(String.join(" ", args)).isNotZero();
            assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
            assertThat(r.err()).contains((String) c[1]);
        }
        assertThat(dir.resolve("m.safetensors")).doesNotExist();
    }
}
