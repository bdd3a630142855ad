package io.github.lenet5j.data;

import java.awt.image.BufferedImage;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Turns any picture into a LeNet-5 input the way MNIST's images were made: the picture is converted
 * to the model's channels (luminance {@code 0.299 R + 0.587 G + 0.114 B} for one channel, red, green
 * and blue for three), optionally inverted, scaled to fit a 28 x 28 box with its aspect ratio kept
 * (area averaging when it shrinks, bilinear when it grows), and centred on a black 32 x 32 canvas.
 * Values are in {@code [0, 1]} with 0 black, like {@code MnistDataset} and {@code ImageFolderDataset}
 * without normalisation.
 *
 * <p>MNIST digits are light strokes on black; a drawing in dark ink on white paper must be inverted.
 * {@link #hasLightBorder} is the usual guess: the mean luminance of the outermost pixels above 0.5.
 * Transparent pixels are composited over white (paper), so a dark drawing on a transparent
 * background is guessed right too.
 *
 * <p>{@link #read} decodes with {@code javax.imageio} (PNG, JPEG, BMP, GIF, WBMP) and refuses an
 * image wider or taller than {@link #MAX_SIDE} pixels <em>before</em> decoding it, so a small file
 * that claims huge dimensions cannot exhaust memory.
 */
public final class ImagePreprocessor {
    /** The largest width or height {@link #read} accepts, in pixels. */
    public static final int MAX_SIDE = 10_000;
    /** The side of the box the picture is scaled into, inside the 32 x 32 input (MNIST's 28 x 28). */
    public static final int CONTENT_SIDE = 28;

    private static final int SIDE = Dataset.SIDE;

    private ImagePreprocessor() {
    }

    /**
     * Decodes an image file.
     *
     * @param file the image file
     * @return the decoded image
     * @throws FileNotFoundException if there is no such file
     * @throws IOException naming the file, if it is not an image javax.imageio reads, is corrupt, or is
     *                     larger than {@link #MAX_SIDE} pixels a side
     */
    public static BufferedImage read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new FileNotFoundException(file + ": no such file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
    }

    /**
     * Decodes an image from a stream (e.g. an upload); {@code source} names it in error messages.
     * The stream is not closed.
     *
     * @param in the encoded image, read but not closed
     * @param source the name of the image in error messages, e.g. its file name
     * @return the decoded image
     * @throws IOException as {@link #read(Path)}
     */
    public static BufferedImage read(InputStream in, String source) throws IOException {
        return read(in, source, MAX_SIDE);
    }

    /**
     * Decodes an image from a stream, refusing one wider or taller than {@code maxSide} pixels before it is
     * decoded (a server takes a smaller cap than {@link #MAX_SIDE}). The stream is not closed.
     *
     * @param in      the encoded image
     * @param source  names the image in error messages
     * @param maxSide the largest width or height accepted, in pixels
     * @return the decoded image
     * @throws IOException as {@link #read(Path)}, with {@code maxSide} as the cap
     * @throws IllegalArgumentException if {@code maxSide} is not between 1 and {@link #MAX_SIDE}
     */
    public static BufferedImage read(InputStream in, String source, int maxSide) throws IOException {
        if (maxSide < 1 || maxSide > MAX_SIDE) {
            throw new IllegalArgumentException("maxSide must be between 1 and " + MAX_SIDE + ", not " + maxSide);
        }
        try (ImageInputStream stream = ImageIO.createImageInputStream(in)) {
            if (stream == null) {
                throw new IOException(source + ": cannot open the image");
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(stream);
            if (!readers.hasNext()) {
                throw new IOException(source + ": not an image format javax.imageio reads (PNG, JPEG, BMP, GIF)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(stream, true, true);
                int width = reader.getWidth(0), height = reader.getHeight(0);
                if (width > maxSide || height > maxSide || width < 1 || height < 1) {
                    throw new IOException(source + ": the image is " + width + "x" + height + " pixels; at most "
                            + maxSide + " a side is accepted");
                }
                BufferedImage image = reader.read(0);
                if (image == null) {
                    throw new IOException(source + ": the image decoded to nothing");
                }
                return image;
            } catch (IOException | RuntimeException e) {
                if (e.getMessage() != null && e.getMessage().startsWith(source + ": ")) {
                    throw e;
                }
                throw new IOException(source + ": cannot decode the image (" + e.getMessage() + ")", e);
            } finally {
                reader.dispose();
            }
        }
    }

    /**
     * True when the mean luminance of the image's outermost row and column of pixels is above 0.5:
     * a light background, probably a dark drawing that should be inverted for an MNIST-trained model.
     *
     * @param image the picture
     * @return whether the mean luminance of its border pixels is above 0.5
     */
    public static boolean hasLightBorder(BufferedImage image) {
        int w = image.getWidth(), h = image.getHeight();
        double sum = 0;
        int count = 0;
        for (int x = 0; x < w; x++) {
            sum += luminance(image.getRGB(x, 0)) + (h > 1 ? luminance(image.getRGB(x, h - 1)) : 0);
            count += h > 1 ? 2 : 1;
        }
        for (int y = 1; y < h - 1; y++) {
            sum += luminance(image.getRGB(0, y)) + (w > 1 ? luminance(image.getRGB(w - 1, y)) : 0);
            count += w > 1 ? 2 : 1;
        }
        return sum / count > 0.5;
    }

    /**
     * The model input for {@code image}: {@code channels * 32 * 32} floats in C, H, W order.
     *
     * @param image    the picture, of any size
     * @param channels 1 (luminance) or 3 (RGB)
     * @param invert   whether to use {@code 1 - value} (dark drawings on a light background)
     * @return a new array of {@code channels * 32 * 32} values in {@code [0, 1]}
     * @throws IllegalArgumentException if channels is neither 1 nor 3
     */
    public static float[] toModelInput(BufferedImage image, int channels, boolean invert) {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("images convert to 1 (grayscale) or 3 (RGB) channels, not " + channels);
        }
        int w = image.getWidth(), h = image.getHeight();
        double scale = (double) CONTENT_SIDE / Math.max(w, h);
        int outW = Math.max(1, (int) Math.round(w * scale)), outH = Math.max(1, (int) Math.round(h * scale));
        int left = (SIDE - outW) / 2, top = (SIDE - outH) / 2;
        float[] plane = new float[w * h];
        float[] input = new float[channels * SIDE * SIDE];   // (C, 32, 32), black
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    float v = channels == 1 ? luminance(image.getRGB(x, y)) : channel(image.getRGB(x, y), 2 - c);
                    plane[y * w + x] = invert ? 1 - v : v;
                }
            }
            float[] small = resize(plane, w, h, outW, outH);
            for (int y = 0; y < outH; y++) {
                System.arraycopy(small, y * outW, input, c * SIDE * SIDE + (top + y) * SIDE + left, outW);
            }
        }
        return input;
    }

    /** Resizes a (h, w) plane: area averaging when it shrinks, bilinear interpolation when it grows. */
    static float[] resize(float[] src, int w, int h, int outW, int outH) {
        return outW <= w && outH <= h ? areaAverage(src, w, h, outW, outH) : bilinear(src, w, h, outW, outH);
    }

    /** Every output pixel is the mean of the source area it covers, partial pixels weighted by their overlap. */
    static float[] areaAverage(float[] src, int w, int h, int outW, int outH) {
        float[] out = new float[outW * outH];
        double sx = (double) w / outW, sy = (double) h / outH;
        for (int oy = 0; oy < outH; oy++) {
            double y0 = oy * sy, y1 = y0 + sy;
            for (int ox = 0; ox < outW; ox++) {
                double x0 = ox * sx, x1 = x0 + sx, sum = 0;
                for (int y = (int) y0; y < Math.min(h, Math.ceil(y1)); y++) {
                    double wy = Math.min(y1, y + 1) - Math.max(y0, y);
                    for (int x = (int) x0; x < Math.min(w, Math.ceil(x1)); x++) {
                        double wx = Math.min(x1, x + 1) - Math.max(x0, x);
                        sum += wx * wy * src[y * w + x];
                    }
                }
                out[oy * outW + ox] = (float) (sum / (sx * sy));
            }
        }
        return out;
    }

    /** Bilinear interpolation between pixel centres (edges clamped), as OpenCV's and PIL's resize. */
    static float[] bilinear(float[] src, int w, int h, int outW, int outH) {
        float[] out = new float[outW * outH];
        for (int oy = 0; oy < outH; oy++) {
            double y = Math.min(h - 1, Math.max(0, (oy + 0.5) * h / outH - 0.5));
            int y0 = (int) y, y1 = Math.min(h - 1, y0 + 1);
            double fy = y - y0;
            for (int ox = 0; ox < outW; ox++) {
                double x = Math.min(w - 1, Math.max(0, (ox + 0.5) * w / outW - 0.5));
                int x0 = (int) x, x1 = Math.min(w - 1, x0 + 1);
                double fx = x - x0;
                double top = src[y0 * w + x0] * (1 - fx) + src[y0 * w + x1] * fx;
                double bottom = src[y1 * w + x0] * (1 - fx) + src[y1 * w + x1] * fx;
                out[oy * outW + ox] = (float) (top * (1 - fy) + bottom * fy);
            }
        }
        return out;
    }

    /** Byte {@code index} (0 blue, 1 green, 2 red) of an ARGB pixel composited over white, in [0, 1]. */
    private static float channel(int argb, int index) {
        float alpha = ((argb >>> 24) & 0xff) / 255f;
        float value = ((argb >> (8 * index)) & 0xff) / 255f;
        return value * alpha + (1 - alpha);
    }

    private static float luminance(int argb) {
        return 0.299f * channel(argb, 2) + 0.587f * channel(argb, 1) + 0.114f * channel(argb, 0);
    }
}
