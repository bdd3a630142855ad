package io.github.lenet5j.data;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Images in class folders, like torchvision's {@code ImageFolder}: {@code root/<class>/<image>}.
 * Classes are the sub-folders sorted by name (label 0 is the first); inside each, the
 * {@code .png}, {@code .jpg}, {@code .jpeg}, {@code .bmp} and {@code .gif} files, sorted by
 * name. Other files are ignored.
 *
 * <p>Every image is decoded once, when loading, with {@code javax.imageio}, drawn onto a black
 * 32 x 32 canvas (stretched, bilinear; transparent parts become black) and kept as bytes:
 * grayscale as luminance {@code 0.299 R + 0.587 G + 0.114 B}, or RGB. {@link #image} writes
 * {@code byte / 255}, normalised by the {@link Normalization}.
 */
public final class ImageFolderDataset implements Dataset {
    /** How images are stored: one luminance channel or three colour channels. */
    public enum ColorMode {
        /** One channel, the luminance. */
        GRAYSCALE(1),
        /** Three channels, red, green and blue. */
        RGB(3);

        private final int channels;

        ColorMode(int channels) {
            this.channels = channels;
        }

        /** {@return the number of channels} */
        public int channels() {
            return channels;
        }
    }

    private static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".bmp", ".gif");
    private static final int PIXELS = SIDE * SIDE;

    private final byte[] pixels;
    private final int[] labels;
    private final int channels;
    private final List<String> classNames;
    private final float[] valueOfByte = new float[256];

    private ImageFolderDataset(byte[] pixels, int[] labels, int channels, List<String> classNames,
            Normalization normalization) {
        this.pixels = pixels;
        this.labels = labels;
        this.channels = channels;
        this.classNames = classNames;
        for (int b = 0; b < 256; b++) {
            valueOfByte[b] = normalization.apply(b / 255f);
        }
    }

    /**
     * Loads every image under {@code root}.
     *
     * @param root the folder with one subfolder per class
     * @param mode grayscale or RGB
     * @return the images, in memory
     * @throws IOException if root has no class folder or no image, or an image file cannot be
     *                     read or decoded (the message names the file)
     */
    public static ImageFolderDataset load(Path root, ColorMode mode) throws IOException {
        List<String> classNames = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        List<Integer> fileLabels = new ArrayList<>();
        for (Path classDir : sorted(root, Files::isDirectory)) {
            classNames.add(classDir.getFileName().toString());
            for (Path file : sorted(classDir, ImageFolderDataset::isImageFile)) {
                files.add(file);
                fileLabels.add(classNames.size() - 1);
            }
        }
        if (files.isEmpty()) {
            throw new IOException(root + ": no images found; expected root/<class name>/<image>" + EXTENSIONS);
        }
        int channels = mode.channels();
        byte[] pixels = new byte[Math.multiplyExact(files.size(), channels * PIXELS)];
        int[] labels = new int[files.size()];
        for (int i = 0; i < files.size(); i++) {
            decode(files.get(i), pixels, i * channels * PIXELS, channels);
            labels[i] = fileLabels.get(i);
        }
        return new ImageFolderDataset(pixels, labels, channels, List.copyOf(classNames), Normalization.NONE);
    }

    private static List<Path> sorted(Path dir, java.util.function.Predicate<Path> keep) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(p -> !p.getFileName().toString().startsWith(".")).filter(keep).sorted().toList();
        }
    }

    private static boolean isImageFile(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(file) && EXTENSIONS.stream().anyMatch(name::endsWith);
    }

    private static void decode(Path file, byte[] dest, int offset, int channels) throws IOException {
        BufferedImage source;
        try {
            source = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new IOException(file + ": cannot decode image: " + e.getMessage(), e);
        }
        if (source == null) {
            throw new IOException(file + ": cannot decode image: not a format javax.imageio can read");
        }
        BufferedImage small = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = small.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(source, 0, 0, SIDE, SIDE, null);
        g.dispose();
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                int rgb = small.getRGB(x, y);
                int r = (rgb >> 16) & 0xff;
                int gr = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                int at = offset + y * SIDE + x;
                if (channels == 1) {
                    dest[at] = (byte) Math.round(0.299f * r + 0.587f * gr + 0.114f * b);
                } else {
                    dest[at] = (byte) r;
                    dest[at + PIXELS] = (byte) gr;
                    dest[at + 2 * PIXELS] = (byte) b;
                }
            }
        }
    }

    /**
     * The same images, normalised with {@code normalization} (the same for every channel).
     *
     * @param normalization the mean and standard deviation
     * @return a view sharing the pixels
     */
    public ImageFolderDataset withNormalization(Normalization normalization) {
        return new ImageFolderDataset(pixels, labels, channels, classNames, Objects.requireNonNull(normalization));
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public int channels() {
        return channels;
    }

    @Override
    public int numClasses() {
        return classNames.size();
    }

    @Override
    public int label(int index) {
        return labels[Objects.checkIndex(index, labels.length)];
    }

    @Override
    public void image(int index, float[] dest, int offset) {
        Objects.checkIndex(index, labels.length);
        int n = channels * PIXELS;
        Objects.checkFromIndexSize(offset, n, dest.length);
        int src = index * n;
        for (int i = 0; i < n; i++) {
            dest[offset + i] = valueOfByte[pixels[src + i] & 0xff];
        }
    }

    /** The class folder names, sorted; label i is {@code classNames().get(i)}. */
    @Override
    public List<String> classNames() {
        return classNames;
    }
}
