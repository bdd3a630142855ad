package io.github.lenet5j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lenet5j.io.Json;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalCommandTest {
    @TempDir
    Path dir;

    @Test
    void printsAccuracyPerClassPrecisionAndRecallAndTheConfusionMatrix() {
        CliRunner r = CliRunner.run("eval", "--model", TestFiles.tinyModel().toString(), "--limit", "300");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("accuracy \\d+\\.\\d\\d% \\(\\d+/300\\)").contains("precision")
                .contains("recall").contains("Ankle boot").contains("confusion matrix (rows: true class");
        assertThat(r.out().lines().filter(l -> l.matches("\\s+\\d\\s+(\\s+\\d+){10}"))).hasSize(10);
    }

    @Test
    @SuppressWarnings("unchecked")
    void jsonAndTheReportFolder() throws IOException {
        Path report = dir.resolve("eval-report");
        CliRunner r = CliRunner.run("eval", "--model", TestFiles.tinyModel().toString(), "--limit", "300", "--json",
                "--report", report.toString());
        assertThat(r.status()).as(r.err()).isZero();
        Map<String, Object> o = (Map<String, Object>) Json.parse(r.out());
        assertThat(o).containsEntry("total", 300L);
        assertThat((List<Object>) o.get("per_class")).hasSize(10);
        List<List<Object>> confusion = (List<List<Object>>) o.get("confusion");
        assertThat(confusion.stream().flatMap(List::stream).mapToLong(v -> (Long) v).sum()).isEqualTo(300);
        TestFiles.png(report.resolve("confusion.png"));
        BufferedImage mistakes = TestFiles.png(report.resolve("mistakes.png"));
        assertThat(mistakes.getWidth()).isGreaterThanOrEqualTo(4 * 32 * Mistakes.SCALE);
        assertThat(mistakes.getHeight()).isGreaterThanOrEqualTo(4 * 32 * Mistakes.SCALE);
        assertThat(Files.readString(report.resolve("report.json"))).contains("\"per_class\"");
    }

    @Test
    void userErrors() {
        Object[][] cases = {
            {new String[] {"eval", "--model", dir.resolve("missing.safetensors").toString()}, "no model file"},
            {new String[] {"eval", "--model", TestFiles.tinyModel().toString(), "--channels", "3"},
                "holds a model with channels 1 (not 3)"},
            {new String[] {"eval", "--model", TestFiles.tinyModel().toString(), "--data", dir.toString()},
                "no t10k images file"},
            {new String[] {"eval"}, "Missing required option: '--model=FILE'"},
        };
        for (Object[] c : cases) {
            String[] args = (String[]) c[0];
            CliRunner r = CliRunner.run(args);
            assertThat(r.status()).as(String.join(" ", args)).isNotZero();
            assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
            assertThat(r.err()).contains((String) c[1]);
        }
    }

    @Test
    void verboseAddsTheStackTrace() {
        CliRunner r = CliRunner.run("eval", "--verbose", "--model", dir.resolve("missing.safetensors").toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err().lines().count()).isGreaterThan(1);
        assertThat(r.err()).contains("FileNotFoundException");
    }
}
