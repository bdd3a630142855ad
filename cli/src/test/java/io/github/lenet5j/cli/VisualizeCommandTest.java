package io.github.lenet5j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import io.github.lenet5j.data.MnistDataset;
import io.github.lenet5j.model.LeNet5;
import io.github.lenet5j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VisualizeCommandTest {
    @TempDir
    Path dir;

    @Test
    void filtersFeatureMapsAndAnIndexPage() throws IOException {
        Path out = dir.resolve("vis");
        Path picture = TestFiles.inkOnPaper(dir, "ink.png", 40, 40);
        CliRunner r = CliRunner.run("visualize", "--model", TestFiles.tinyModel().toString(), "--image", picture.toString(),
                "--out", out.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("wrote 14 pictures").contains("ink.png: class");
        assertThat(TestFiles.png(out.resolve("conv1-filters.png")).getWidth()).isGreaterThanOrEqualTo(6 * 5 * 20);
        assertThat(TestFiles.png(out.resolve("conv2-filters.png")).getHeight()).isGreaterThanOrEqualTo(16 * 5 * 12);
        assertThat(TestFiles.png(out.resolve("input.png")).getWidth()).isGreaterThanOrEqualTo(32 * 8);
        for (String layer : new String[] {"conv1", "act1", "s2", "conv2", "act2", "s4", "fc1", "act3", "fc2", "act4", "fc3"}) {
            TestFiles.png(out.resolve(layer + ".png"));
        }
        assertThat(out.resolve("flatten.png")).doesNotExist();
        String html = Files.readString(out.resolve("index.html"));
        assertThat(html).contains("<td>conv1</td><td>C1</td><td>6×28×28</td><td>156</td>").contains("src=\"s4.png\"")
                .contains("Prediction").doesNotContain("http");
    }

    @Test
    void conv2FiltersAreAFullGridOfRowsAndColumnsAndTheOutputLayerHasACellPerClass() {
        LeNet5 lenet = new LeNet5(10, true);
        java.awt.image.BufferedImage conv2 = VisualizeCommand.filters(lenet, "conv2.weight");
        int cells = 6 * (5 * 12 + 8);   // 6 kernels of 5x5 at 12 pixels a weight, with gaps
        assertThat(conv2.getWidth()).as("row labels, 6 columns, nothing beside them").isBetween(cells, cells + 120);
        assertThat(conv2.getHeight()).isGreaterThanOrEqualTo(16 * 5 * 12);

        Tensor logits = new Tensor(new float[] {-1, 0, 1, 2, 3, 4, 5, 6, 7, 8}, 1, 10);
        java.awt.image.BufferedImage plain = VisualizeCommand.outputPicture(logits);
        java.awt.image.BufferedImage named = VisualizeCommand.outputPicture(logits, MnistDataset.FASHION_MNIST_CLASSES);
        assertThat(named.getHeight()).as("two label lines under the cells: the name and the value")
                .isGreaterThan(plain.getHeight());
        assertThat(named.getWidth()).as("a cell as wide as 'T-shirt/top' for each class").isGreaterThan(10 * 55);
        int white = named.getRGB(named.getWidth() - 30, 40), black = 0xFF000000;
        assertThat(named.getRGB(8 + 20, 40) & 0xFFFFFF).as("the lowest logit is black").isEqualTo(black & 0xFFFFFF);
        assertThat(white & 0xFFFFFF).as("the highest is white").isEqualTo(0xFFFFFF);
    }

    @Test
    void withoutAnImageOnlyTheFilters() throws IOException {
        Path out = dir.resolve("filters");
        CliRunner r = CliRunner.run("visualize", "--model", TestFiles.tinyModel().toString(), "--out", out.toString());
        assertThat(r.status()).as(r.err()).isZero();
        try (var files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("conv1-filters.png", "conv2-filters.png", "index.html");
        }
    }

    @Test
    void aBadImageStopsBeforeAnythingIsWritten() throws IOException {
        Path out = dir.resolve("vis");
        Path text = Files.writeString(dir.resolve("x.gif"), "GIF? no");
        CliRunner r = CliRunner.run("visualize", "--model", TestFiles.tinyModel().toString(), "--image", text.toString(),
                "--out", out.toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("x.gif");
        assertThat(out).doesNotExist();
    }
}
