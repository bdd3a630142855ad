package io.github.lenet5j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImagePreprocessorTest {
    @TempDir
    Path dir;

    /** A picture of one colour (ARGB, opaque unless the colour is not). */
    static BufferedImage filled(int w, int h, Color color) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, w, h);
        g.dispose();
        return image;
    }

    private static float at(float[] input, int c, int y, int x) {
        return input[c * 32 * 32 + y * 32 + x];
    }

    @Test
    void aSquareImageFillsTheCentral28x28AndThePaddingIsBlack() {
        float[] input = ImagePreprocessor.toModelInput(filled(100, 100, Color.WHITE), 1, false);
        assertThat(input).hasSize(32 * 32);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                boolean inside = x >= 2 && x < 30 && y >= 2 && y < 30;
                assertThat(at(input, 0, y, x)).as("(%d,%d)", y, x).isCloseTo(inside ? 1f : 0f, within(1e-5f));
            }
        }
    }

    @Test
    void aWideImageKeepsItsAspectAndIsCentredVertically() {
        // 56 x 14 → 28 x 7, rows 12..18 of the 32 x 32 input
        float[] input = ImagePreprocessor.toModelInput(filled(56, 14, Color.WHITE), 1, false);
        assertThat(at(input, 0, 11, 16)).isZero();
        assertThat(at(input, 0, 12, 2)).isCloseTo(1f, within(1e-5f));
        assertThat(at(input, 0, 18, 29)).isCloseTo(1f, within(1e-5f));
        assertThat(at(input, 0, 19, 16)).isZero();
    }

    @Test
    void luminanceAndRgbChannels() {
        float[] gray = ImagePreprocessor.toModelInput(filled(28, 28, new Color(255, 0, 0)), 1, false);
        assertThat(at(gray, 0, 16, 16)).isEqualTo(76 / 255f);   // round(0.299 * 255), a byte as in training
        float[] rgb = ImagePreprocessor.toModelInput(filled(28, 28, new Color(255, 128, 0)), 3, false);
        assertThat(rgb).hasSize(3 * 32 * 32);
        assertThat(at(rgb, 0, 16, 16)).isCloseTo(1f, within(1e-5f));
        assertThat(at(rgb, 1, 16, 16)).isEqualTo(128 / 255f);
        assertThat(at(rgb, 2, 16, 16)).isZero();
        assertThat(at(rgb, 0, 0, 0)).isZero();
        assertThatThrownBy(() -> ImagePreprocessor.toModelInput(filled(4, 4, Color.WHITE), 2, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not 2");
    }

    @Test
    void invertTurnsInkOnPaperIntoLightStrokesOnBlackButPaddingStaysBlack() {
        BufferedImage paper = filled(28, 28, Color.WHITE);
        paper.setRGB(14, 14, Color.BLACK.getRGB());
        assertThat(ImagePreprocessor.hasLightBorder(paper)).isTrue();
        assertThat(ImagePreprocessor.hasLightBorder(filled(28, 28, Color.BLACK))).isFalse();
        float[] input = ImagePreprocessor.toModelInput(paper, 1, true);
        assertThat(at(input, 0, 16, 16)).isCloseTo(1f, within(1e-5f));
        assertThat(at(input, 0, 5, 5)).isCloseTo(0f, within(1e-5f));
        assertThat(at(input, 0, 0, 0)).isZero();
    }

    @Test
    void aGrayscalePictureIsReadAtItsStoredGrayLevelsNotBrightenedByJavasLinearGray() throws IOException {
        BufferedImage gray = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        for (int i = 0; i < 28 * 28; i++) {
            gray.getRaster().setSample(i % 28, i / 28, 0, i % 256);
        }
        Path file = dir.resolve("gray.png");
        ImageIO.write(gray, "png", file.toFile());
        BufferedImage read = ImagePreprocessor.read(file);
        assertThat(read.getRGB(1, 0) & 0xff).as("getRGB converts from linear gray").isNotEqualTo(1);
        byte[] pixels = Preprocessing.mnist(1).pixels(read, false);   // 28 x 28 fits 28 x 28: the bytes, 2 pixels in
        for (int i = 0; i < 28 * 28; i++) {
            assertThat(pixels[(i / 28 + 2) * 32 + i % 28 + 2] & 0xff).isEqualTo(i % 256);
        }
        BufferedImage withAlpha = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB);
        assertThat(ImagePreprocessor.argb(withAlpha)[0]).isZero();   // not gray: getRGB as it is
    }

    @Test
    void transparentPixelsArePaper() {
        BufferedImage clear = new BufferedImage(10, 10, BufferedImage.TYPE_INT_ARGB);   // all alpha 0
        assertThat(ImagePreprocessor.hasLightBorder(clear)).isTrue();
    }

    @Test
    void areaAveragingMeansEachBlockAndBilinearKeepsConstants() {
        float[] src = {0, 1, 0, 1, 0, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1};   // 4 x 4: two rows of 0,1 then ones
        assertThat(ImagePreprocessor.areaAverage(src, 4, 4, 2, 2)).containsExactly(0.5f, 0.5f, 1f, 1f);
        float[] third = ImagePreprocessor.areaAverage(new float[] {0, 0, 3}, 3, 1, 2, 1);   // each covers 1.5 pixels
        assertThat(third[0]).isCloseTo(0f, within(1e-6f));
        assertThat(third[1]).isCloseTo(2f, within(1e-6f));   // (0.5 * 0 + 1 * 3) / 1.5
        assertThat(ImagePreprocessor.bilinear(new float[] {0.25f, 0.25f, 0.25f, 0.25f}, 2, 2, 7, 5))
                .containsOnly(0.25f);
    }

    @Test
    void readsPngAndJpegFiles() throws IOException {
        for (String format : new String[] {"png", "jpg", "bmp", "gif"}) {
            Path file = dir.resolve("x." + format);
            BufferedImage rgb = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
            assertThat(ImageIO.write(rgb, format, file.toFile())).isTrue();
            BufferedImage image = ImagePreprocessor.read(file);
            assertThat(image.getWidth()).isEqualTo(40);
            assertThat(image.getHeight()).isEqualTo(30);
        }
    }

    @Test
    void unreadableFilesGiveIoExceptionsNamingTheFile() throws IOException {
        assertThatThrownBy(() -> ImagePreprocessor.read(dir.resolve("missing.png")))
                .isInstanceOf(FileNotFoundException.class).hasMessageContaining("missing.png");
        Path text = Files.writeString(dir.resolve("notes.png"), "hello, not an image");
        assertThatThrownBy(() -> ImagePreprocessor.read(text)).isInstanceOf(IOException.class)
                .hasMessageContaining("notes.png").hasMessageContaining("not an image format");
        Path png = dir.resolve("ok.png");
        ImageIO.write(new BufferedImage(50, 50, BufferedImage.TYPE_INT_RGB), "png", png.toFile());
        byte[] bytes = Files.readAllBytes(png);
        Path truncated = Files.write(dir.resolve("truncated.png"), java.util.Arrays.copyOf(bytes, 60));
        assertThatThrownBy(() -> ImagePreprocessor.read(truncated)).isInstanceOf(IOException.class)
                .hasMessageContaining("truncated.png");
    }

    @Test
    void refusesHugeDimensionsBeforeDecoding() throws IOException {
        byte[] png = pngHeaderOnly(50_000, 3);   // a few bytes that claim 50,000 x 3 pixels
        assertThatThrownBy(() -> ImagePreprocessor.read(new ByteArrayInputStream(png), "bomb.png"))
                .isInstanceOf(IOException.class).hasMessageContaining("bomb.png: the image is 50000x3 pixels")
                .hasMessageContaining("at most 10000");
        byte[] wide = pngHeaderOnly(3000, 3);   // within MAX_SIDE, over a server's smaller cap
        assertThatThrownBy(() -> ImagePreprocessor.read(new ByteArrayInputStream(wide), "upload", 2048))
                .isInstanceOf(IOException.class).hasMessage("upload: the image is 3000x3 pixels; at most 2048 a side is accepted");
        assertThatThrownBy(() -> ImagePreprocessor.read(new ByteArrayInputStream(wide), "upload", 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** The PNG signature, an IHDR chunk with these dimensions, and an empty IDAT and IEND. */
    private static byte[] pngHeaderOnly(int width, int height) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        DataOutputStream h = new DataOutputStream(ihdr);
        h.writeInt(width);
        h.writeInt(height);
        h.write(new byte[] {8, 0, 0, 0, 0});   // 8-bit grayscale
        chunk(out, "IHDR", ihdr.toByteArray());
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(idat, new Deflater())) {
            z.write(new byte[1]);
        }
        chunk(out, "IDAT", idat.toByteArray());
        chunk(out, "IEND", new byte[0]);
        return bytes.toByteArray();
    }

    private static void chunk(DataOutputStream out, String type, byte[] data) throws IOException {
        out.writeInt(data.length);
        byte[] t = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        out.write(t);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeInt((int) crc.getValue());
    }
}
