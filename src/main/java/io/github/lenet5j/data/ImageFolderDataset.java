package io.github.lenet5j.data;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Pictures in class folders, like torchvision's {@code ImageFolder}: {@code root/<class>/<picture>}. Classes are
 * the sub-folders sorted by name (label 0 is the first); inside each, the {@code .png}, {@code .jpg},
 * {@code .jpeg}, {@code .bmp} and {@code .gif} files sorted by name (other files, and names starting with a dot,
 * are ignored).
 *
 * <p>Every picture is decoded once, when loading, on several threads, and prepared by a {@link Preprocessing} into
 * {@code channels x 32 x 32} bytes: only those are kept (3 KB an RGB picture, whatever its size on disk), and
 * {@link #image} converts them as {@link Preprocessing#input(byte[])} does. So a picture gives the model the same
 * floats here, in training, as it does in {@code predict} and {@code serve} with the same preprocessing.
 *
 * <p>A file that cannot be decoded, or is more than {@link Options#maxSide} pixels a side, is skipped and reported
 * to the {@link Listener} (or, with {@link Options#strict}, fails the load). Pictures being decoded at once hold at
 * most a budget of pixels (a quarter of the heap's maximum at 16 bytes a pixel, at least one picture), so memory
 * stays bounded on any number of cores. A folder with no class folder, a single class, or a class folder without a
 * readable picture is an {@link IOException} that says so.
 */
public final class ImageFolderDataset implements Dataset {
    /** The file name endings read as pictures (compared in lower case). */
    public static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".bmp", ".gif");

    private static final int PLANE = SIDE * SIDE;
    /** Peak bytes per pixel while a picture is decoded and prepared: the decoded image, ARGB ints, a float plane. */
    private static final long BYTES_PER_DECODED_PIXEL = 16;

    /**
     * Hears how loading goes. Its methods are called on the thread that called {@code load}, one at a time.
     */
    public interface Listener {
        /** A listener that does nothing. */
        Listener SILENT = new Listener() {
        };

        /**
         * Another picture is done (decoded or skipped).
         *
         * @param done  pictures done so far
         * @param total pictures to do
         */
        default void onProgress(int done, int total) {
        }

        /**
         * A file was skipped.
         *
         * @param file   the file
         * @param reason why, in a few words (e.g. "cannot decode the image (...)")
         */
        default void onSkipped(Path file, String reason) {
        }
    }

    /**
     * How to load.
     *
     * @param threads        decoding threads, at least 1
     * @param strict         fail on the first file that cannot be read, instead of skipping it
     * @param detectChannels decode in colour, then keep one channel if every picture is gray; the
     *                       preprocessing's channels are then ignored ({@link #preprocessing()} says which it was)
     * @param maxSide        the largest width or height, from 1 to {@link ImagePreprocessor#MAX_SIDE}
     * @param listener       hears the progress and the skipped files
     */
    public record Options(int threads, boolean strict, boolean detectChannels, int maxSide, Listener listener) {
        /**
         * Validates.
         *
         * @param threads        at least 1
         * @param strict         fail instead of skipping
         * @param detectChannels choose the channels from the pictures
         * @param maxSide        from 1 to {@link ImagePreprocessor#MAX_SIDE}
         * @param listener       not null
         */
        public Options {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1, got " + threads);
            }
            if (maxSide < 1 || maxSide > ImagePreprocessor.MAX_SIDE) {
                throw new IllegalArgumentException("maxSide must be from 1 to " + ImagePreprocessor.MAX_SIDE + ", got " + maxSide);
            }
            Objects.requireNonNull(listener, "listener");
        }

        /** {@return all processors, skipping unreadable files, the preprocessing's channels, 10,000 pixels a side, silent} */
        public static Options defaults() {
            return new Options(Runtime.getRuntime().availableProcessors(), false, false, ImagePreprocessor.MAX_SIDE,
                    Listener.SILENT);
        }

        /**
         * {@return the same with this many decoding threads}
         *
         * @param threads at least 1
         */
        public Options withThreads(int threads) {
            return new Options(threads, strict, detectChannels, maxSide, listener);
        }

        /**
         * {@return the same, failing on an unreadable file (true) or skipping it (false)}
         *
         * @param strict whether to fail
         */
        public Options withStrict(boolean strict) {
            return new Options(threads, strict, detectChannels, maxSide, listener);
        }

        /**
         * {@return the same, choosing the channels from the pictures (true) or the preprocessing (false)}
         *
         * @param detectChannels whether to detect
         */
        public Options withDetectChannels(boolean detectChannels) {
            return new Options(threads, strict, detectChannels, maxSide, listener);
        }

        /**
         * {@return the same with this listener}
         *
         * @param listener hears progress and skipped files
         */
        public Options withListener(Listener listener) {
            return new Options(threads, strict, detectChannels, maxSide, listener);
        }
    }

    /** How a folder of pictures is laid out. */
    public enum Layout {
        /** {@code root/train/<class>/...} and {@code root/test/<class>/...}: the two splits, the same classes. */
        TRAIN_AND_TEST,
        /** {@code root/<class>/...}: one set, to be split. */
        CLASS_FOLDERS
    }

    /**
     * The training and test sets of a folder of pictures.
     *
     * @param train         the pictures to train on
     * @param test          the pictures to test on
     * @param preprocessing how both were prepared (with the channels chosen, when they were detected)
     * @param layout        how the folder was laid out
     */
    public record Splits(Dataset train, Dataset test, Preprocessing preprocessing, Layout layout) {
    }

    private final byte[] pixels;               // (N, C, 32, 32)
    private final int[] labels;
    private final List<Path> files;
    private final List<String> classNames;
    private final Preprocessing preprocessing;
    private final int skipped;
    private final float[] valueOfByte;

    private ImageFolderDataset(byte[] pixels, int[] labels, List<Path> files, List<String> classNames,
            Preprocessing preprocessing, int skipped) {
        this.pixels = pixels;
        this.labels = labels;
        this.files = files;
        this.classNames = classNames;
        this.preprocessing = preprocessing;
        this.skipped = skipped;
        this.valueOfByte = preprocessing.valueOfByte();
    }

    /**
     * {@return how {@code root} is laid out: {@link Layout#TRAIN_AND_TEST} when it holds folders {@code train}
     * and {@code test} that both hold folders, else {@link Layout#CLASS_FOLDERS}}
     *
     * @param root a folder of pictures
     * @throws IOException if root is not a folder or cannot be listed
     */
    public static Layout layout(Path root) throws IOException {
        requireFolder(root);
        Path train = root.resolve("train"), test = root.resolve("test");
        return Files.isDirectory(train) && Files.isDirectory(test) && !sorted(train, Files::isDirectory).isEmpty()
                && !sorted(test, Files::isDirectory).isEmpty() ? Layout.TRAIN_AND_TEST : Layout.CLASS_FOLDERS;
    }

    /**
     * Loads the training and test sets of a folder laid out either way ({@link #layout}):
     * <ul>
     *   <li>{@code root/train/<class>/...} and {@code root/test/<class>/...}: both loaded, the test set with the
     *       training set's preprocessing (its channels, when they were detected), and both must have the same
     *       class folders; {@code testPart} and {@code seed} are not used;</li>
     *   <li>{@code root/<class>/...}: all loaded, and {@code testPart} of them held out as the test set, the same
     *       share of every class, chosen by {@code seed} ({@link DatasetSplit#stratified}). The same folder, part
     *       and seed give the same two sets.</li>
     * </ul>
     *
     * @param root          the folder
     * @param preprocessing how each picture becomes bytes
     * @param options       threads, strictness, channel detection, the size cap, the listener
     * @param testPart      how much of a folder of class folders to test on
     * @param seed          which pictures of a folder of class folders to test on
     * @return the two sets
     * @throws IOException as {@link #load(Path, Preprocessing, Options)}, or if the class folders of {@code train}
     *                     and {@code test} differ
     * @throws IllegalArgumentException if {@code testPart} leaves no picture on either side
     */
    public static Splits loadTrainAndTest(Path root, Preprocessing preprocessing, Options options,
            HoldOut testPart, long seed) throws IOException {
        Layout layout = layout(root);
        if (layout == Layout.CLASS_FOLDERS) {
            ImageFolderDataset all = load(root, preprocessing, options);
            DatasetSplit split = DatasetSplit.stratified(all, testPart, seed);
            return new Splits(split.train(), split.heldOut(), all.preprocessing(), layout);
        }
        ImageFolderDataset train = load(root.resolve("train"), preprocessing, options);
        ImageFolderDataset test = load(root.resolve("test"), train.preprocessing(), options.withDetectChannels(false));
        if (!test.classNames().equals(train.classNames())) {
            throw new IOException(root + ": the class folders of train/ " + train.classNames() + " and test/ "
                    + test.classNames() + " differ; give both the same classes");
        }
        return new Splits(train, test, train.preprocessing(), layout);
    }

    /**
     * Loads every picture under {@code root} on all processors, skipping unreadable files silently.
     *
     * @param root          the folder with one sub-folder per class
     * @param preprocessing how each picture becomes bytes
     * @return the pictures, in memory as bytes
     * @throws IOException as {@link #load(Path, Preprocessing, Options)}
     */
    public static ImageFolderDataset load(Path root, Preprocessing preprocessing) throws IOException {
        return load(root, preprocessing, Options.defaults());
    }

    /**
     * Loads every picture under {@code root}.
     *
     * @param root          the folder with one sub-folder per class
     * @param preprocessing how each picture becomes bytes
     * @param options       threads, strictness, channel detection, the size cap, the listener
     * @return the pictures, in memory as bytes; {@link #skipped()} counts the files skipped
     * @throws IOException naming the folder or file, if root is not a folder, has fewer than two class folders, a
     *                     class folder has no picture that could be read, or (strict) a picture cannot be read
     */
    public static ImageFolderDataset load(Path root, Preprocessing preprocessing, Options options) throws IOException {
        requireFolder(root);
        List<Path> classDirs = sorted(root, Files::isDirectory);
        if (classDirs.isEmpty()) {
            throw new IOException(root + ": no class folders; expected " + root + "/<class name>/<picture>, pictures "
                    + String.join(" ", EXTENSIONS));
        }
        List<String> classNames = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        List<Integer> fileLabels = new ArrayList<>();
        for (Path classDir : classDirs) {
            List<Path> pictures = sorted(classDir, ImageFolderDataset::isPictureFile);
            if (pictures.isEmpty()) {
                throw new IOException(classDir + ": a class folder with no pictures (" + String.join(" ", EXTENSIONS)
                        + "); add some or remove the folder");
            }
            for (Path file : pictures) {
                files.add(file);
                fileLabels.add(classNames.size());
            }
            classNames.add(classDir.getFileName().toString());
        }
        if (classNames.size() < 2) {
            throw new IOException(root + ": only one class folder (" + classNames.get(0) + "); a classifier needs at"
                    + " least two classes, each a folder of pictures");
        }
        Preprocessing decoded = options.detectChannels() ? preprocessing.withChannels(3) : preprocessing;
        Decoded all = decodeAll(files, decoded, options);
        return keepReadable(root, files, fileLabels, classNames, decoded, all, options.detectChannels());
    }

    /** The pictures' bytes, which of them failed (null where read) and which are gray. */
    private record Decoded(byte[] pixels, String[] failures, boolean[] gray) {
    }

    /** Decodes every file on {@code options.threads()} threads; progress and skips are reported on this thread. */
    private static Decoded decodeAll(List<Path> files, Preprocessing preprocessing, Options options) throws IOException {
        int n = files.size(), size = preprocessing.channels() * PLANE;
        Decoded d = new Decoded(new byte[Math.multiplyExact(n, size)], new String[n], new boolean[n]);
        PixelBudget gate = PixelBudget.ofHeap(Runtime.getRuntime().maxMemory());
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(options.threads(), n), runnable -> {
            Thread t = new Thread(runnable, "lenet5j-picture-loader");
            t.setDaemon(true);
            return t;
        });
        try {
            CompletionService<Integer> done = new ExecutorCompletionService<>(pool);
            for (int i = 0; i < n; i++) {
                int index = i;
                done.submit(() -> decodeOne(files.get(index), preprocessing, options.maxSide(), gate, d, index), index);
            }
            for (int k = 0; k < n; k++) {
                int i = done.take().get();
                if (d.failures()[i] != null) {
                    if (options.strict()) {
                        throw new IOException(d.failures()[i]);
                    }
                    options.listener().onSkipped(files.get(i), d.failures()[i]);
                }
                options.listener().onProgress(k + 1, n);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while loading pictures");
        } catch (ExecutionException e) {
            throw new IOException("loading pictures failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return d;
    }

    private static void decodeOne(Path file, Preprocessing preprocessing, int maxSide, PixelBudget gate, Decoded d,
            int index) {
        int size = preprocessing.channels() * PLANE;
        try {
            ImagePreprocessor.read(file, maxSide, gate, picture -> {
                int[] argb = ImagePreprocessor.argb(picture);
                int w = picture.getWidth(), h = picture.getHeight();
                boolean inverted = preprocessing.invert() == Preprocessing.Invert.AUTO
                        ? ImagePreprocessor.hasLightBorder(argb, w, h) : preprocessing.invert() == Preprocessing.Invert.ALWAYS;
                System.arraycopy(preprocessing.pixels(argb, w, h, inverted), 0, d.pixels(), index * size, size);
                d.gray()[index] = ImagePreprocessor.isGray(argb);
                return null;
            });
        } catch (IOException | RuntimeException e) {
            d.failures()[index] = e.getMessage() != null && e.getMessage().startsWith(file.toString()) ? e.getMessage()
                    : file + ": " + e;
        } catch (OutOfMemoryError e) {
            d.failures()[index] = file + ": too large to decode in this JVM's memory (" + e.getMessage() + ")";
        }
    }

    /** Drops the skipped pictures; checks every class kept one; makes the set grayscale if asked and it is. */
    private static ImageFolderDataset keepReadable(Path root, List<Path> files, List<Integer> fileLabels,
            List<String> classNames, Preprocessing preprocessing, Decoded d, boolean detectChannels) throws IOException {
        int n = files.size(), size = preprocessing.channels() * PLANE;
        int[] perClass = new int[classNames.size()];
        boolean allGray = true;
        List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (d.failures()[i] == null) {
                kept.add(i);
                perClass[fileLabels.get(i)]++;
                allGray &= d.gray()[i];
            }
        }
        for (int c = 0; c < perClass.length; c++) {
            if (perClass[c] == 0) {
                throw new IOException(root.resolve(classNames.get(c)) + ": none of the class folder's pictures could be read");
            }
        }
        boolean toGray = detectChannels && allGray;
        int keptSize = toGray ? PLANE : size;   // a gray picture's red plane is its one channel
        byte[] pixels = kept.size() == n && !toGray ? d.pixels() : new byte[Math.multiplyExact(kept.size(), keptSize)];
        int[] labels = new int[kept.size()];
        List<Path> keptFiles = new ArrayList<>(kept.size());
        for (int j = 0; j < kept.size(); j++) {
            int i = kept.get(j);
            if (pixels != d.pixels()) {
                System.arraycopy(d.pixels(), i * size, pixels, j * keptSize, keptSize);
            }
            labels[j] = fileLabels.get(i);
            keptFiles.add(files.get(i));
        }
        return new ImageFolderDataset(pixels, labels, List.copyOf(keptFiles), List.copyOf(classNames),
                toGray ? preprocessing.withChannels(1) : preprocessing, n - kept.size());
    }

    /**
     * Megapixels (2^20 pixels) that pictures being decoded may hold at once: each takes its size, rounded up; one
     * larger than the whole budget takes all of it, so it is decoded alone.
     */
    static final class PixelBudget implements ImagePreprocessor.DecodeGate {
        private final Semaphore megapixels;
        private final int total;

        PixelBudget(int megapixels) {
            this.total = Math.max(1, megapixels);
            this.megapixels = new Semaphore(total);
        }

        /** A quarter of a heap of {@code maxMemory} bytes, at {@link #BYTES_PER_DECODED_PIXEL} bytes a pixel. */
        static PixelBudget ofHeap(long maxMemory) {
            long pixels = maxMemory / 4 / BYTES_PER_DECODED_PIXEL;
            return new PixelBudget((int) Math.min(Integer.MAX_VALUE, pixels >> 20));
        }

        /** {@return the megapixels not taken} */
        int available() {
            return megapixels.availablePermits();
        }

        @Override
        public ImagePreprocessor.Admission admit(long pixels) throws IOException {
            int permits = (int) Math.min(total, Math.max(1, (pixels + (1 << 20) - 1) >> 20));
            try {
                megapixels.acquire(permits);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting to decode a picture");
            }
            return () -> megapixels.release(permits);
        }
    }

    private static void requireFolder(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new IOException(root + ": no such folder");
        }
    }

    private static List<Path> sorted(Path dir, Predicate<Path> keep) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(p -> !p.getFileName().toString().startsWith(".")).filter(keep).sorted().toList();
        }
    }

    private static boolean isPictureFile(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(file) && EXTENSIONS.stream().anyMatch(name::endsWith);
    }

    /**
     * The same pictures, normalised with {@code normalization} (the same for every channel).
     *
     * @param normalization the mean and standard deviation
     * @return a view sharing the bytes, whose {@link #preprocessing()} records the normalisation
     */
    public ImageFolderDataset withNormalization(Normalization normalization) {
        return new ImageFolderDataset(pixels, labels, files, classNames,
                preprocessing.withNormalization(Objects.requireNonNull(normalization)), skipped);
    }

    /** {@return how the pictures were prepared (with the channels chosen, when they were detected)} */
    public Preprocessing preprocessing() {
        return preprocessing;
    }

    /** {@return the number of files skipped because they could not be read} */
    public int skipped() {
        return skipped;
    }

    /**
     * {@return the file picture {@code index} came from}
     *
     * @param index the example, from 0
     */
    public Path file(int index) {
        return files.get(Objects.checkIndex(index, labels.length));
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public int channels() {
        return preprocessing.channels();
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
        int n = channels() * PLANE;
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

    @Override
    public String toString() {
        return "ImageFolderDataset[" + labels.length + " pictures, " + classNames.size() + " classes, "
                + preprocessing.describe() + "]";
    }
}
