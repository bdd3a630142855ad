package io.github.lenet5j.datasets;

import io.github.lenet5j.data.MnistDataset;
import io.github.lenet5j.data.Split;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;

/**
 * A small Fashion-MNIST for tutorials and quick trials, inside this jar: the first 6,000 training and the first
 * 1,000 test images of Fashion-MNIST (© 2017 Zalando SE, MIT licence; the licence is next to the files), with
 * the Fashion-MNIST class names. One line loads a split: {@code FashionMnistSample.load(Split.TRAIN)}.
 *
 * <p>For the whole of Fashion-MNIST or MNIST, read their IDX files with {@link MnistDataset#load}.
 */
public final class FashionMnistSample {
    /** Training images in the sample. */
    public static final int TRAIN_SIZE = 6000;
    /** Test images in the sample. */
    public static final int TEST_SIZE = 1000;

    private static final String FOLDER = "fashion-mnist-sample/";

    private FashionMnistSample() {
    }

    /**
     * One split of the sample: 28×28 images padded to 32×32, pixels in [0, 1], ten classes with their names.
     *
     * @param split the training ({@value #TRAIN_SIZE} images) or the test ({@value #TEST_SIZE} images) set
     * @return the dataset
     * @throws IOException if the files are missing from the jar or damaged
     */
    public static MnistDataset load(Split split) throws IOException {
        try (InputStream images = open(split.imagesFile()); InputStream labels = open(split.labelsFile())) {
            return MnistDataset.read(images, FOLDER + split.imagesFile(), labels, FOLDER + split.labelsFile())
                    .withClassNames(MnistDataset.FASHION_MNIST_CLASSES);
        }
    }

    private static InputStream open(String name) throws FileNotFoundException {
        InputStream in = FashionMnistSample.class.getResourceAsStream(FOLDER + name);
        if (in == null) {
            throw new FileNotFoundException("the Fashion-MNIST sample's " + name + " is missing from the classpath (next to "
                    + FashionMnistSample.class.getName() + ")");
        }
        return in;
    }
}
