package io.github.lenet5j.cli;

import io.github.lenet5j.data.Dataset;
import io.github.lenet5j.data.DatasetSplit;
import io.github.lenet5j.data.HoldOut;
import io.github.lenet5j.data.ImageFolderDataset;
import io.github.lenet5j.data.MnistDataset;
import io.github.lenet5j.data.Preprocessing;
import io.github.lenet5j.data.Split;
import io.github.lenet5j.datasets.FashionMnistSample;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;

/**
 * Where the images come from: a folder of MNIST-format files, a folder of pictures in class folders, or the
 * bundled Fashion-MNIST sample. Pictures are loaded by the library's {@link ImageFolderDataset}, prepared by the
 * {@link Preprocessing} the caller gives (from the flags when training, from the model file when evaluating).
 */
final class DataOptions implements Check.BeforeRun {
    @Option(names = "--data", paramLabel = "DIR",
            description = {"A folder of MNIST-format files (train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz],"
                    + " t10k-images-idx3-ubyte[.gz], t10k-labels-idx1-ubyte[.gz]), e.g. /usr/share/datasets/fashion-mnist,"
                    + " or a folder of pictures (PNG, JPEG, BMP, GIF): DIR/train/<class>/... and DIR/test/<class>/..., or"
                    + " DIR/<class>/... with a --test-fraction of each class as the test set. Class names are the folder"
                    + " names. Default: the bundled Fashion-MNIST sample (6,000 training and 1,000 test images)."})
    Path dir;

    @Option(names = "--class-names", split = ",", paramLabel = "NAME",
            description = "Class names for MNIST-format --data, comma-separated (default: the digits; the bundled sample"
                    + " has Fashion-MNIST's names; pictures take their folders' names).")
    List<String> classNames;

    @Option(names = "--limit", paramLabel = "N", converter = Check.AtLeastOne.class,
            description = "Use only N images of each split: for quick trial runs (MNIST-format files: the first N;"
                    + " pictures: N chosen by --split-seed, each class its share) (default: all).")
    Integer limit;

    /** The part of each class of DIR/<class>/... held out as the test set when --test-fraction is not given. */
    static final String DEFAULT_TEST_FRACTION = "0.2";

    @Option(names = "--test-fraction", paramLabel = "F", converter = TestFraction.class,
            description = "For pictures in DIR/<class>/...: the part of each class held out as the test set, a fraction"
                    + " (0.2 or 20%%) or a count (default: " + DEFAULT_TEST_FRACTION + "). eval holds out the same pictures.")
    HoldOut testFraction;

    @Option(names = "--split-seed", defaultValue = "0", paramLabel = "S",
            description = "Which pictures --test-fraction and --limit choose; the same seed chooses the same pictures"
                    + " (default: ${DEFAULT-VALUE}).")
    long splitSeed;

    @Option(names = "--strict", description = "Fail on the first picture that cannot be read (corrupt, not a picture,"
            + " over 10,000 pixels a side) instead of skipping it with a warning.")
    boolean strict;

    /**
     * The data of a run.
     *
     * @param train         the training set (null when only the test set was asked for)
     * @param test          the test set
     * @param preprocessing how the images were (or, for MNIST-format files, will be for pictures) prepared
     * @param pictures      whether they are pictures (not MNIST-format files)
     * @param detected      whether the channels were chosen from the pictures
     * @param skipped       files skipped because they could not be read
     * @param loaded        picture files read, skipped ones too (0 for MNIST-format files)
     * @param seconds       the time decoding them took
     */
    record Sets(Dataset train, Dataset test, Preprocessing preprocessing, boolean pictures, boolean detected, int skipped,
            int loaded, double seconds) {
    }

    /**
     * {@return true when --data is a folder of pictures: it holds no MNIST-format image file and at least one folder
     * (an empty or unreadable folder is taken for MNIST-format files, whose error lists the names looked for)}
     */
    boolean pictures() {
        if (dir == null || !Files.isDirectory(dir)) {
            return false;
        }
        try (java.util.stream.Stream<Path> entries = Files.list(dir)) {
            if (entries.noneMatch(Files::isDirectory)) {
                return false;
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            return false;
        }
        for (Split split : Split.values()) {
            for (String name : List.of("-images-idx3-ubyte", "-images.idx3-ubyte")) {
                if (Files.isRegularFile(dir.resolve(split.prefix() + name))
                        || Files.isRegularFile(dir.resolve(split.prefix() + name + ".gz"))) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Loads the test set and, with {@code withTrain}, the training set (each cut to {@code --limit}); a missing
     * folder or file is an error that says what to do. MNIST-format images are normalised as {@code preprocessing}
     * says; pictures are prepared by it, with the channels chosen from them if {@code detectChannels}.
     * {@code out} shows a progress bar while pictures load when {@code terminal}; skipped files go to {@code err}.
     */
    Sets load(Preprocessing preprocessing, boolean detectChannels, boolean withTrain, PrintWriter out, PrintWriter err,
            boolean terminal) throws IOException {
        if (dir != null && !Files.isDirectory(dir)) {
            throw new FileNotFoundException("no folder " + dir + ": give --data a folder of MNIST-format files or of"
                    + " pictures in class folders");
        }
        if (pictures()) {
            return loadPictures(preprocessing, detectChannels, withTrain, out, err, terminal);
        }
        if (preprocessing.channels() != 1) {
            throw new IllegalArgumentException((dir == null ? "the bundled sample" : dir) + " holds grayscale images"
                    + " (MNIST format) but the model takes " + preprocessing.channels() + " channels");
        }
        MnistDataset train = withTrain ? limited(idx(Split.TRAIN).withNormalization(preprocessing.normalization())) : null;
        MnistDataset test = limited(idx(Split.TEST).withNormalization(preprocessing.normalization()));
        return new Sets(train, test, preprocessing, false, false, 0, 0, 0);
    }

    private MnistDataset limited(MnistDataset data) {
        return limit == null ? data : data.subset(0, Math.min(limit, data.size()));
    }

    private MnistDataset idx(Split split) throws IOException {
        if (dir == null) {
            return FashionMnistSample.load(split);
        }
        MnistDataset data;
        try {
            data = MnistDataset.load(dir, split);
        } catch (FileNotFoundException e) {
            throw new FileNotFoundException(e.getMessage() + "; give --data a folder of MNIST-format files"
                    + " (e.g. from 'lenet5j download mnist') or of pictures in class folders");
        }
        return classNames == null ? data : data.withClassNames(classNames);
    }

    private Sets loadPictures(Preprocessing preprocessing, boolean detectChannels, boolean withTrain, PrintWriter out,
            PrintWriter err, boolean terminal) throws IOException {
        boolean trainAndTest = ImageFolderDataset.layout(dir) == ImageFolderDataset.Layout.TRAIN_AND_TEST;
        HoldOut testPart = testFraction == null ? HoldOut.parse(DEFAULT_TEST_FRACTION) : testFraction;
        Loading loading = new Loading(terminal ? new ProgressBar(out, 0, System::nanoTime) : null, err);
        ImageFolderDataset.Options options = ImageFolderDataset.Options.defaults().withStrict(strict)
                .withDetectChannels(detectChannels).withListener(loading);
        Dataset train = null, test;
        Preprocessing used;
        try {
            if (!withTrain && trainAndTest) {
                ImageFolderDataset only = ImageFolderDataset.load(dir.resolve("test"), preprocessing, options);
                test = only;
                used = only.preprocessing();
            } else {
                ImageFolderDataset.Splits sets = ImageFolderDataset.loadTrainAndTest(dir, preprocessing, options,
                        testPart, splitSeed);
                train = sets.train();
                test = sets.test();
                used = sets.preprocessing();
            }
        } finally {
            loading.done();
        }
        return new Sets(train == null ? null : sample(train), sample(test), used, true, detectChannels, loading.skipped,
                loading.seen, (System.nanoTime() - loading.start) / 1e9);
    }

    /** Refuses --class-names for pictures, and --test-fraction for a folder with train/ and test/. */
    @Override
    public void check(CommandSpec command) {
        if (!pictures()) {
            return;
        }
        if (classNames != null) {
            throw new ParameterException(command.commandLine(), "--class-names is for MNIST-format files; pictures take"
                    + " their class folders' names");
        }
        try {
            if (testFraction != null && ImageFolderDataset.layout(dir) == ImageFolderDataset.Layout.TRAIN_AND_TEST) {
                throw new ParameterException(command.commandLine(), dir + " has train/ and test/ folders:"
                        + " --test-fraction is for a folder of class folders only");
            }
        } catch (IOException e) {
            return;   // loading will say what is wrong with the folder
        }
    }

    /** {@code --test-fraction}: a fraction (0.2, 20%) or a count (600). */
    static final class TestFraction implements ITypeConverter<HoldOut> {
        @Override
        public HoldOut convert(String value) {
            try {
                return HoldOut.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** The whole set, or --limit of it: each class its share, chosen by --split-seed. */
    private Dataset sample(Dataset data) {
        return limit == null || limit >= data.size() ? data
                : DatasetSplit.stratified(data, HoldOut.count(limit), splitSeed).heldOut();
    }

    /** What the data is, for reports. */
    String describe() {
        return dir == null ? "bundled Fashion-MNIST sample" : dir.toString();
    }

    /** How the test set was chosen, for people: "" for MNIST-format files. */
    String testSetOrigin() throws IOException {
        if (!pictures()) {
            return "";
        }
        return ImageFolderDataset.layout(dir) == ImageFolderDataset.Layout.TRAIN_AND_TEST ? "the test set is test/"
                : "the test set is " + (testFraction == null ? HoldOut.parse(DEFAULT_TEST_FRACTION) : testFraction)
                        + " of the pictures, each class its share (--split-seed " + splitSeed + ")";
    }

    /** The progress bar while pictures load, and a line on {@code err} for each file skipped. */
    private static final class Loading implements ImageFolderDataset.Listener {
        private final ProgressBar bar;
        private final PrintWriter err;
        private final long start = System.nanoTime();
        int skipped, seen;

        Loading(ProgressBar bar, PrintWriter err) {
            this.bar = bar;
            this.err = err;
        }

        @Override
        public void onProgress(int done, int total) {
            seen += done == total ? done : 0;   // a second folder (test/) adds its own
            if (bar != null) {
                bar.onLoad(done, total, (System.nanoTime() - start) / 1e9);
            }
        }

        @Override
        public void onSkipped(Path file, String reason) {
            skipped++;
            if (bar != null) {
                bar.clear();
            }
            err.println("skipped " + reason);
            err.flush();
        }

        void done() {
            if (bar != null) {
                bar.clear();
            }
            if (skipped > 0) {
                err.printf(Locale.ROOT, "skipped %s that could not be read (--strict makes that an error)%n",
                        Cli.count(skipped, "file"));
                err.flush();
            }
        }
    }
}
