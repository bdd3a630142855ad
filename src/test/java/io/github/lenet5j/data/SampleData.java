package io.github.lenet5j.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The Fashion-MNIST sample for the library's tests, read from the {@code datasets} module's folder (the tests run
 * from the repository's root; the library cannot depend on lenet5j-datasets, which depends on it).
 */
public final class SampleData {
    /** Where the datasets module keeps the sample, relative to the repository's root. */
    public static final Path FOLDER = Path.of("datasets/src/main/resources/io/github/lenet5j/datasets/fashion-mnist-sample");

    private SampleData() {
    }

    /**
     * {@return the sample's training (6,000 images) or test (1,000) split with the Fashion-MNIST class names}
     *
     * @param split the split
     */
    public static MnistDataset fashionMnist(Split split) {
        try {
            return MnistDataset.load(FOLDER, split).withClassNames(MnistDataset.FASHION_MNIST_CLASSES);
        } catch (IOException e) {
            throw new UncheckedIOException("the Fashion-MNIST sample in " + FOLDER.toAbsolutePath(), e);
        }
    }
}
