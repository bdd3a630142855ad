package io.github.lenet5j.cli;

import io.github.lenet5j.io.AtomicFile;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/** Writes pictures as PNG files, all at once ({@link AtomicFile}): a failed write leaves no half file. */
final class PngFile {
    private PngFile() {
    }

    static void write(Path file, BufferedImage image) throws IOException {
        AtomicFile.write(file, out -> {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("javax.imageio has no PNG writer");
            }
        });
    }

    static void write(Path file, Chart<?, ?> chart) throws IOException {
        write(file, BitmapEncoder.getBufferedImage(chart));
    }
}
