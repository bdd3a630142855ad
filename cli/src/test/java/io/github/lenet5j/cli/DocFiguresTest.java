package io.github.lenet5j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lenet5j.data.Split;
import io.github.lenet5j.datasets.FashionMnistSample;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The figure program keeps working (every figure drawn, from a shortened training run), and the figures it draws
 * are the ones committed under docs/images and shown in the docs.
 */
class DocFiguresTest {
    static final List<String> FIGURES = List.of("architecture.png", "conv-backward.png", "c3-table.png",
            "rbf-bitmaps.png", "training-curves.png", "layer-sizes.png", "filters.png", "feature-maps.png");

    @Test
    void drawsEveryFigureFromAShortRun(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        DocFigures.write(dir, FashionMnistSample.load(Split.TRAIN).subset(0, 256),
                FashionMnistSample.load(Split.TEST).subset(0, 100), 2, new PrintStream(log, true, StandardCharsets.UTF_8));
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrderElementsOf(FIGURES);
        }
        for (String figure : FIGURES) {
            BufferedImage image = ImageIO.read(dir.resolve(figure).toFile());
            assertThat(image.getWidth()).as("width of %s", figure).isBetween(600, 1800);
            assertThat(image.getHeight()).as("height of %s", figure).isBetween(150, 1400);
        }
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("sigmoid, initial weights", "ReLU + Adam: test accuracy");
    }

    @Test
    void everyFigureIsCommittedAndShownInADoc() throws Exception {
        StringBuilder docs = new StringBuilder();
        try (Stream<Path> pages = Files.list(Path.of("docs"))) {
            for (Path page : pages.filter(p -> p.toString().endsWith(".md")).toList()) {
                docs.append(Files.readString(page));
            }
        }
        for (String figure : FIGURES) {
            assertThat(Path.of("docs/images", figure)).as("committed figure").isRegularFile();
            assertThat(docs.toString()).as("a doc shows %s", figure)
                    .containsPattern("!\\[[^\\]]*\\]\\(images/" + Pattern.quote(figure) + "\\)");
        }
    }
}
