package io.github.lenet5j.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Makes the bundled Fashion-MNIST sample: the first 6,000 training and the first 1,000 test
 * examples of the official files, re-gzipped deterministically (no file name, zero timestamp).
 *
 * <pre>
 * mvn -o -q -pl library test-compile
 * java -cp library/target/classes:library/target/test-classes io.github.lenet5j.data.FashionMnistSampleGenerator \
 *     /usr/share/datasets/fashion-mnist datasets/src/main/resources/io/github/lenet5j/datasets/fashion-mnist-sample
 * </pre>
 */
public final class FashionMnistSampleGenerator {
    private FashionMnistSampleGenerator() {
    }

    /** Arguments: the folder of the official files, the output folder. */
    public static void main(String[] args) throws IOException {
        Path source = Path.of(args[0]);
        Path target = Path.of(args[1]);
        Files.createDirectories(target);
        write(source, target, Split.TRAIN, 6000);
        write(source, target, Split.TEST, 1000);
    }

    private static void write(Path source, Path target, Split split, int count) throws IOException {
        IdxFile images = IdxFile.read(source.resolve(split.imagesFile()));
        IdxFile labels = IdxFile.read(source.resolve(split.labelsFile()));
        int imageBytes = images.dim(1) * images.dim(2);
        byte[] firstImages = Arrays.copyOf(images.data(), count * imageBytes);
        byte[] firstLabels = Arrays.copyOf(labels.data(), count);
        Files.write(target.resolve(split.imagesFile()),
                IdxFixtures.gzip(IdxFixtures.idx(firstImages, count, images.dim(1), images.dim(2))));
        Files.write(target.resolve(split.labelsFile()), IdxFixtures.gzip(IdxFixtures.idx(firstLabels, count)));
    }
}
