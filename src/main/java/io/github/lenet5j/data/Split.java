package io.github.lenet5j.data;

/** Which half of an MNIST-style dataset: the training set or the test set. */
public enum Split {
    /** The training set, files {@code train-images-idx3-ubyte} and {@code train-labels-idx1-ubyte}. */
    TRAIN("train"),
    /** The test set, files {@code t10k-images-idx3-ubyte} and {@code t10k-labels-idx1-ubyte}. */
    TEST("t10k");

    private final String prefix;

    Split(String prefix) {
        this.prefix = prefix;
    }

    /** {@return the file name prefix: {@code train} or {@code t10k}} */
    public String prefix() {
        return prefix;
    }

    /** {@return the standard image file name, e.g. {@code train-images-idx3-ubyte.gz}} */
    public String imagesFile() {
        return prefix + "-images-idx3-ubyte.gz";
    }

    /** {@return the standard label file name, e.g. {@code train-labels-idx1-ubyte.gz}} */
    public String labelsFile() {
        return prefix + "-labels-idx1-ubyte.gz";
    }
}
