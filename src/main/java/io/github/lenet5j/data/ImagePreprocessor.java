package io.github.lenet5j.data;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.function.Function;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;

/**
 * Reads pictures and holds the pixel arithmetic of {@link Preprocessing}, which says how a picture becomes a
 * LeNet-5 input (and is what a model file records): {@link #read} decodes with {@code javax.imageio} (PNG, JPEG,
 * BMP, GIF, WBMP) and refuses an image wider or taller than {@link #MAX_SIDE} pixels <em>before</em> decoding it,
 * so a small file that claims huge dimensions cannot exhaust memory.
 *
 * <p>Pixels are read as sRGB, transparent ones composited over white (paper). A grayscale picture's stored
 * values are its gray levels (as PIL and browsers read them), not converted through Java's linear gray colour
 * space, which would brighten them. MNIST digits are light strokes on black; a drawing in dark ink on white paper
 * must be inverted, and {@link #hasLightBorder} is the usual guess.
 */
public final class ImagePreprocessor {
    /** The largest width or height {@link #read} accepts, in pixels. */
    public static final int MAX_SIDE = 10_000;
    /** The side of the box the picture is scaled into, inside the 32 x 32 input (MNIST's 28 x 28). */
    public static final int CONTENT_SIDE = 28;

    /** Waits, before a picture is decoded, until memory for its pixels may be used (see ImageFolderDataset). */
    interface DecodeGate {
        /** No waiting. */
        DecodeGate OPEN = pixels -> () -> { };

        /** Blocks until {@code pixels} may be decoded; closing the result releases them. */
        Admission admit(long pixels) throws IOException;
    }

    /** What {@link DecodeGate#admit} returns: closed when the decoded picture's memory may be reused. */
    interface Admission extends AutoCloseable {
        @Override
        void close();
    }

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
        return read(file, MAX_SIDE, DecodeGate.OPEN, image -> image);
    }

    /**
     * Decodes a file read in place (no stream cache), refusing more than {@code maxSide} a side, and hands the
     * picture to {@code use} while {@code gate} admits its pixels.
     */
    static <T> T read(Path file, int maxSide, DecodeGate gate, Function<BufferedImage, T> use) throws IOException {
        try (ImageInputStream stream = new FileImageInputStream(file.toFile())) {
            return decode(stream, file.toString(), maxSide, gate, use);
        } catch (FileNotFoundException e) {
            throw new FileNotFoundException(file + ": cannot open (" + e.getMessage() + ")");
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
        try (ImageInputStream stream = ImageIO.createImageInputStream(in)) {
            if (stream == null) {
                throw new IOException(source + ": cannot open the image");
            }
            return decode(stream, source, maxSide, DecodeGate.OPEN, image -> image);
        }
    }

    private static <T> T decode(ImageInputStream stream, String source, int maxSide, DecodeGate gate,
            Function<BufferedImage, T> use) throws IOException {
        if (maxSide < 1 || maxSide > MAX_SIDE) {
            throw new IllegalArgumentException("maxSide must be between 1 and " + MAX_SIDE + ", not " + maxSide);
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
            try (Admission admitted = gate.admit((long) width * height)) {
                BufferedImage image = reader.read(0);
                if (image == null) {
                    throw new IOException(source + ": the image decoded to nothing");
                }
                return use.apply(image);
            }
        } catch (IOException | RuntimeException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(source + ": ")) {
                throw e;
            }
            throw new IOException(source + ": cannot decode the image (" + e.getMessage() + ")", e);
        } finally {
            reader.dispose();
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
        return hasLightBorder(argb(image), image.getWidth(), image.getHeight());
    }

    static boolean hasLightBorder(int[] argb, int w, int h) {
        double sum = 0;
        int count = 0;
        for (int x = 0; x < w; x++) {
            sum += luminance(argb[x]) + (h > 1 ? luminance(argb[(h - 1) * w + x]) : 0);
            count += h > 1 ? 2 : 1;
        }
        for (int y = 1; y < h - 1; y++) {
            sum += luminance(argb[y * w]) + (w > 1 ? luminance(argb[y * w + w - 1]) : 0);
            count += w > 1 ? 2 : 1;
        }
        return sum / count > 0.5;
    }

    /**
     * The model input for {@code image} with MNIST's convention and a fixed choice of inversion: the same as
     * {@code Preprocessing.mnist(channels).withInvert(invert ? ALWAYS : NEVER).input(image)}.
     *
     * @param image    the picture, of any size
     * @param channels 1 (luminance) or 3 (RGB)
     * @param invert   whether to use {@code 1 - value} (dark drawings on a light background)
     * @return a new array of {@code channels * 32 * 32} values in {@code [0, 1]}, in steps of 1/255
     * @throws IllegalArgumentException if channels is neither 1 nor 3
     */
    public static float[] toModelInput(BufferedImage image, int channels, boolean invert) {
        Preprocessing mnist = Preprocessing.mnist(channels);
        return mnist.input(mnist.pixels(image, invert));
    }

    /**
     * The picture's pixels as ARGB ints, row by row, in sRGB. A grayscale picture's gray levels are taken as they
     * are stored (PNG's and JPEG's gray is sRGB gray), where {@code BufferedImage.getRGB} would convert them from
     * Java's linear gray and brighten them (a stored 128 would read as 188).
     */
    static int[] argb(BufferedImage image) {
        int w = image.getWidth(), h = image.getHeight();
        int[] argb = new int[Math.multiplyExact(w, h)];
        ColorModel model = image.getColorModel();
        Raster raster = image.getRaster();
        if (model.getColorSpace().getType() != ColorSpace.TYPE_GRAY || model instanceof IndexColorModel
                || raster.getNumBands() != (model.hasAlpha() ? 2 : 1)) {
            image.getRGB(0, 0, w, h, argb, 0, w);
            return argb;
        }
        double grayMax = (1 << model.getComponentSize(0)) - 1;
        double alphaMax = model.hasAlpha() ? (1 << model.getComponentSize(1)) - 1 : 1;
        int[] gray = raster.getSamples(0, 0, w, h, 0, new int[w * h]);
        int[] alpha = model.hasAlpha() ? raster.getSamples(0, 0, w, h, 1, new int[w * h]) : null;
        for (int i = 0; i < argb.length; i++) {
            int g = (int) Math.round(gray[i] * 255 / grayMax);
            int a = alpha == null ? 255 : (int) Math.round(alpha[i] * 255 / alphaMax);
            argb[i] = a << 24 | g << 16 | g << 8 | g;
        }
        return argb;
    }

    /** True when every pixel is gray (red, green and blue equal). */
    static boolean isGray(int[] argb) {
        for (int p : argb) {
            int r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;
            if (r != g || g != b) {
                return false;
            }
        }
        return true;
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
    static float channel(int argb, int index) {
        float alpha = ((argb >>> 24) & 0xff) / 255f;
        float value = ((argb >> (8 * index)) & 0xff) / 255f;
        return value * alpha + (1 - alpha);
    }

    /** The luminance {@code 0.299 R + 0.587 G + 0.114 B} in [0, 1]; a gray pixel's is exactly its gray level. */
    static float luminance(int argb) {
        float r = channel(argb, 2), g = channel(argb, 1), b = channel(argb, 0);
        return r == g && g == b ? r : 0.299f * r + 0.587f * g + 0.114f * b;
    }
}
