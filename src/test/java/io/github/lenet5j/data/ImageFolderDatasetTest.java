package io.github.lenet5j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.lenet5j.data.ImageFolderDataset.ColorMode;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderDatasetTest {
    @TempDir
    Path root;

    private void png(String folder, String name, Color color, int side) throws IOException {
        BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, side, side);
        g.dispose();
        Path dir = Files.createDirectories(root.resolve(folder));
        ImageIO.write(image, "png", dir.resolve(name).toFile());
    }

    @Test
    void classesAndFilesAreSortedByNameAndLabelledByFolder() throws IOException {
        png("zebra", "b.png", Color.WHITE, 10);
        png("zebra", "a.png", Color.BLACK, 10);
        png("ant", "x.PNG", Color.RED, 64);
        Files.writeString(root.resolve("ant").resolve("notes.txt"), "ignored");
        ImageFolderDataset data = ImageFolderDataset.load(root, ColorMode.GRAYSCALE);
        assertThat(data.classNames()).containsExactly("ant", "zebra");
        assertThat(data.size()).isEqualTo(3);
        assertThat(new int[] {data.label(0), data.label(1), data.label(2)}).containsExactly(0, 1, 1);
        float[] image = new float[32 * 32];
        data.image(1, image, 0);
        assertThat(image).containsOnly(0f); // zebra/a.png is black
        data.image(2, image, 0);
        assertThat(image).containsOnly(1f); // zebra/b.png is white
    }

    @Test
    void grayscaleIsLuminanceAndRgbKeepsChannels() throws IOException {
        png("red", "r.png", new Color(255, 0, 0), 32);
        float[] gray = new float[32 * 32];
        ImageFolderDataset.load(root, ColorMode.GRAYSCALE).image(0, gray, 0);
        assertThat(gray[100]).isCloseTo(76 / 255f, within(1e-6f));
        ImageFolderDataset rgb = ImageFolderDataset.load(root, ColorMode.RGB);
        float[] colour = new float[3 * 32 * 32];
        rgb.image(0, colour, 0);
        assertThat(rgb.channels()).isEqualTo(3);
        assertThat(new float[] {colour[5], colour[1024 + 5], colour[2048 + 5]}).containsExactly(1f, 0f, 0f);
    }

    @Test
    void unreadableImageIsRejectedWithItsFileName() throws IOException {
        png("cat", "good.png", Color.GRAY, 8);
        Path broken = Files.write(root.resolve("cat").resolve("broken.jpg"), new byte[] {1, 2, 3});
        assertThatThrownBy(() -> ImageFolderDataset.load(root, ColorMode.GRAYSCALE)).isInstanceOf(IOException.class)
                .hasMessageContaining(broken.toString());
    }

    @Test
    void emptyRootIsRejected() {
        assertThatThrownBy(() -> ImageFolderDataset.load(root, ColorMode.RGB)).isInstanceOf(IOException.class)
                .hasMessageContaining("no images found");
    }
}
