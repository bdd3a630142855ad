package io.github.lenet5j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lenet5j.io.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PredictCommandTest {
    @TempDir
    Path dir;

    private Path sampleIdx() throws IOException {
        Path file = dir.resolve("t10k-images-idx3-ubyte.gz");
        try (InputStream in = io.github.lenet5j.datasets.FashionMnistSample.class
                .getResourceAsStream("fashion-mnist-sample/t10k-images-idx3-ubyte.gz")) {
            Files.copy(in, file);
        }
        return file;
    }

    @Test
    void printsTheTopClassesWithNamesAndSaysWhenItInverted() throws IOException {
        Path picture = TestFiles.inkOnPaper(dir, "ink.png", 60, 40);
        CliRunner r = CliRunner.run("predict", "--model", TestFiles.tinyModel().toString(), picture.toString());
        assertThat(r.status()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).contains("ink.png").contains("light background: inverted");
        assertThat(lines.get(1)).matches("  1\\. \\d .+%");
        CliRunner kept = CliRunner.run("predict", "--model", TestFiles.tinyModel().toString(), "--no-auto-invert",
                "--top", "1", picture.toString());
        assertThat(kept.out().lines().toList()).hasSize(2);
        assertThat(kept.out()).doesNotContain("inverted");
    }

    @Test
    @SuppressWarnings("unchecked")
    void jsonLinesForPicturesAndIdxImages() throws IOException {
        Path jpeg = TestFiles.inkOnPaper(dir, "ink.jpg", 30, 50);
        CliRunner r = CliRunner.run("predict", "--model", TestFiles.tinyModel().toString(), "--json", "--top", "10",
                "--limit", "5", jpeg.toString(), sampleIdx().toString());
        assertThat(r.status()).as(r.err()).isZero();
        List<String> lines = r.out().strip().lines().toList();
        assertThat(lines).hasSize(6);
        Map<String, Object> first = (Map<String, Object>) Json.parse(lines.get(0));
        assertThat(first).containsEntry("file", jpeg.toString()).containsEntry("inverted", true);
        List<Map<String, Object>> predictions = (List<Map<String, Object>>) first.get("predictions");
        assertThat(predictions).hasSize(10);
        double sum = 0, previous = 1;
        for (Map<String, Object> p : predictions) {
            double probability = ((Number) p.get("probability")).doubleValue();
            assertThat(probability).isLessThanOrEqualTo(previous);
            previous = probability;
            sum += probability;
            assertThat(p).containsKeys("class", "name");
        }
        assertThat(sum).isBetween(0.999, 1.001);
        Map<String, Object> idx = (Map<String, Object>) Json.parse(lines.get(5));
        assertThat(idx).containsEntry("index", 4L).containsEntry("inverted", false);
    }

    @Test
    void unreadableOrMissingImagesAreOneLineErrors() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.png"), "not a picture");
        Path labels = dir.resolve("labels-idx1-ubyte");
        Files.write(labels, new byte[] {0, 0, 8, 1, 0, 0, 0, 1, 3});
        Object[][] cases = {
            {text, "notes.png: not an image format javax.imageio reads"},
            {dir.resolve("gone.png"), "gone.png: no such file"},
            {labels, "is an IDX file of shape [1], not images"},
        };
        for (Object[] c : cases) {
            CliRunner r = CliRunner.run("predict", "--model", TestFiles.tinyModel().toString(), c[0].toString());
            assertThat(r.status()).isEqualTo(1);
            assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
            assertThat(r.err()).contains((String) c[1]);
            assertThat(r.out()).isEmpty();
        }
        assertThat(CliRunner.run("predict", "--model", TestFiles.tinyModel().toString()).err())
                .contains("Missing required parameter");
    }
}
