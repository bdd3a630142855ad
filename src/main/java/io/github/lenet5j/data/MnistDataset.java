package io.github.lenet5j.data;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An MNIST-style dataset (MNIST, Fashion-MNIST, KMNIST, EMNIST) read from a pair of IDX files.
 *
 * <p>Images stay in memory as unsigned bytes (60,000 MNIST images take about 47 MB) and are
 * converted one at a time by {@link #image}: each pixel {@code b} becomes {@code b / 255},
 * normalised by the {@link Normalization}, and 28 x 28 images are centred in a 32 x 32 frame
 * (2 pixels of padding each side), as in the LeNet-5 paper. The padding is treated as pixel
 * value 0, so after normalisation it is {@code (0 - mean) / std}, exactly like a black pixel.
 * Images that are already 32 x 32 are used as they are. EMNIST stores its images transposed;
 * they are used as stored.
 *
 * <p>Instances are immutable; the {@code with...} methods and {@link #subset} return views that
 * share the pixel bytes. Safe to read from several threads.
 */
public final class MnistDataset implements Dataset {
    /** The ten Fashion-MNIST class names, in label order. */
    public static final List<String> FASHION_MNIST_CLASSES = List.of("T-shirt/top", "Trouser", "Pullover",
            "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private final byte[] pixels;
    private final byte[] labels;
    private final int side;
    private final int first;
    private final int size;
    private final List<String> classNames;
    private final Normalization normalization;
    private final float[] valueOfByte;

    private MnistDataset(byte[] pixels, byte[] labels, int side, int first, int size, List<String> classNames,
            Normalization normalization) {
        this.pixels = pixels;
        this.labels = labels;
        this.side = side;
        this.first = first;
        this.size = size;
        this.classNames = classNames;
        this.normalization = normalization;
        this.valueOfByte = new float[256];
        for (int b = 0; b < 256; b++) {
            valueOfByte[b] = normalization.apply(b / 255f);
        }
    }

    /**
     * Reads an image file and a label file (each raw or gzipped IDX). The number of classes is
     * the largest label + 1 and the class names are {@code "0", "1", ...}.
     *
     * @param images the image file
     * @param labels the label file
     * @return the dataset
     * @throws IdxFormatException if a file is invalid, the images are not 28 x 28 or 32 x 32, or
     *                            the two files hold different numbers of examples
     * @throws IOException        if a file cannot be read
     */
    public static MnistDataset read(Path images, Path labels) throws IOException {
        return create(IdxFile.read(images), images.toString(), IdxFile.read(labels), labels.toString(), 0);
    }

    /**
     * Loads one split from a folder holding the standard file names, gzipped or not:
     * {@code train-images-idx3-ubyte[.gz]}, {@code train-labels-idx1-ubyte[.gz]},
     * {@code t10k-images-idx3-ubyte[.gz]}, {@code t10k-labels-idx1-ubyte[.gz]} (also the
     * {@code train-images.idx3-ubyte} spelling). There are at least 10 classes, so that a
     * subset missing some digits still has the right number.
     *
     * @param dir the folder
     * @param split the training or the test set
     * @return the dataset
     * @throws FileNotFoundException listing the names tried, if a file is missing
     * @throws IdxFormatException    if a file is invalid or the files do not match
     */
    public static MnistDataset load(Path dir, Split split) throws IOException {
        Path images = find(dir, split.prefix(), "images", "idx3");
        Path labels = find(dir, split.prefix(), "labels", "idx1");
        return create(IdxFile.read(images), images.toString(), IdxFile.read(labels), labels.toString(), 10);
    }

    private static Path find(Path dir, String prefix, String kind, String idx) throws FileNotFoundException {
        List<String> tried = new ArrayList<>();
        for (String base : List.of(prefix + "-" + kind + "-" + idx + "-ubyte", prefix + "-" + kind + "." + idx + "-ubyte")) {
            for (String name : List.of(base + ".gz", base)) {
                tried.add(name);
                Path file = dir.resolve(name);
                if (Files.isRegularFile(file)) {
                    return file;
                }
            }
        }
        throw new FileNotFoundException("no " + prefix + " " + kind + " file in " + dir + "; tried " + tried);
    }

    /**
     * Reads an image file and a label file from streams (each raw or gzipped IDX), for files inside a jar or
     * anywhere else a stream comes from (the {@code lenet5j-datasets} artifact's Fashion-MNIST sample is read so).
     * There are at least 10 classes, as for {@link #load}. The streams are read to their end, not closed.
     *
     * @param images the image file's bytes
     * @param imagesName the image file's name, for error messages
     * @param labels the label file's bytes
     * @param labelsName the label file's name, for error messages
     * @return the dataset
     * @throws IdxFormatException if a file is invalid or the files do not match
     * @throws IOException        if a stream cannot be read
     */
    public static MnistDataset read(InputStream images, String imagesName, InputStream labels, String labelsName)
            throws IOException {
        return create(IdxFile.read(images, imagesName), imagesName, IdxFile.read(labels, labelsName), labelsName, 10);
    }

    private static MnistDataset create(IdxFile images, String imagesName, IdxFile labels, String labelsName,
            int minClasses) throws IdxFormatException {
        if (images.rank() != 3) {
            throw new IdxFormatException(imagesName, "expected an image file with 3 dimensions (count, rows, columns) but found "
                    + Arrays.toString(images.dims()));
        }
        if (labels.rank() != 1) {
            throw new IdxFormatException(labelsName, "expected a label file with 1 dimension (count) but found "
                    + Arrays.toString(labels.dims()));
        }
        int rows = images.dim(1);
        if (rows != images.dim(2) || (rows != 28 && rows != SIDE)) {
            throw new IdxFormatException(imagesName, "images are " + rows + "x" + images.dim(2)
                    + "; only 28x28 (padded to 32x32) and 32x32 are supported");
        }
        if (images.dim(0) != labels.dim(0)) {
            throw new IdxFormatException(labelsName, labels.dim(0) + " labels but " + imagesName + " holds "
                    + images.dim(0) + " images");
        }
        int maxLabel = 0;
        for (byte label : labels.data()) {
            maxLabel = Math.max(maxLabel, label & 0xff);
        }
        return new MnistDataset(images.data(), labels.data(), rows, 0, labels.dim(0),
                defaultNames(Math.max(minClasses, maxLabel + 1)), Normalization.NONE);
    }

    private static List<String> defaultNames(int numClasses) {
        List<String> names = new ArrayList<>(numClasses);
        for (int i = 0; i < numClasses; i++) {
            names.add(Integer.toString(i));
        }
        return List.copyOf(names);
    }

    /**
     * The same examples, normalised with {@code normalization}.
     *
     * @param normalization the mean and standard deviation
     * @return a view sharing the pixels
     */
    public MnistDataset withNormalization(Normalization normalization) {
        return new MnistDataset(pixels, labels, side, first, size, classNames, Objects.requireNonNull(normalization));
    }

    /**
     * The same examples with these class names; the number of classes becomes {@code names.size()}.
     *
     * @param names one name per class, in label order
     * @return a view sharing the pixels
     * @throws IllegalArgumentException if a label is not below {@code names.size()} (see {@link #validateLabels})
     */
    public MnistDataset withClassNames(List<String> names) {
        validateLabels(names.size());
        return new MnistDataset(pixels, labels, side, first, size, List.copyOf(names), normalization);
    }

    /**
     * The same examples with {@code numClasses} classes named {@code "0", "1", ...}, e.g. 10 for a
     * small subset that lacks the largest digit.
     *
     * @param numClasses the number of classes
     * @return a view sharing the pixels
     * @throws IllegalArgumentException if a label is not below {@code numClasses}
     */
    public MnistDataset withNumClasses(int numClasses) {
        validateLabels(numClasses);
        return new MnistDataset(pixels, labels, side, first, size, defaultNames(numClasses), normalization);
    }

    /**
     * Examples {@code from .. from+count-1} of this dataset, sharing its bytes, with the same
     * classes.
     *
     * @param from the first example
     * @param count the number of examples
     * @return a view sharing the pixels
     * @throws IndexOutOfBoundsException if the range is not inside {@code [0, size())}
     */
    public MnistDataset subset(int from, int count) {
        Objects.checkFromIndexSize(from, count, size);
        return new MnistDataset(pixels, labels, side, first + from, count, classNames, normalization);
    }

    /**
     * Checks that every label is below {@code numClasses}, e.g. before training a network with
     * that many outputs.
     *
     * @param numClasses the number of classes
     * @throws IllegalArgumentException naming the first example whose label is too large
     */
    public void validateLabels(int numClasses) {
        if (numClasses < 1) {
            throw new IllegalArgumentException("numClasses must be at least 1, got " + numClasses);
        }
        for (int i = 0; i < size; i++) {
            int label = label(i);
            if (label >= numClasses) {
                throw new IllegalArgumentException("example " + i + " has label " + label + " but only "
                        + numClasses + " classes (labels 0.." + (numClasses - 1) + ") are expected");
            }
        }
    }

    /** {@return the normalisation applied by {@link #image}} */
    public Normalization normalization() {
        return normalization;
    }

    /** {@return the side of the stored images: 28 (padded on output) or 32} */
    public int storedSide() {
        return side;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public int channels() {
        return 1;
    }

    @Override
    public int numClasses() {
        return classNames.size();
    }

    @Override
    public int label(int index) {
        Objects.checkIndex(index, size);
        return labels[first + index] & 0xff;
    }

    @Override
    public void image(int index, float[] dest, int offset) {
        Objects.checkIndex(index, size);
        Objects.checkFromIndexSize(offset, SIDE * SIDE, dest.length);
        int pad = (SIDE - side) / 2;
        if (pad > 0) {
            Arrays.fill(dest, offset, offset + SIDE * SIDE, valueOfByte[0]);
        }
        int src = (first + index) * side * side;
        for (int y = 0; y < side; y++) {
            int out = offset + (y + pad) * SIDE + pad;
            for (int x = 0; x < side; x++) {
                dest[out + x] = valueOfByte[pixels[src++] & 0xff];
            }
        }
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    @Override
    public String toString() {
        return "MnistDataset[" + size + " images of " + side + "x" + side + ", " + numClasses() + " classes]";
    }
}
