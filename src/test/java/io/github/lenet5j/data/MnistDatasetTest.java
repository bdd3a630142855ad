package io.github.lenet5j.data;

import static io.github.lenet5j.data.IdxFixtures.gzip;
import static io.github.lenet5j.data.IdxFixtures.idx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistDatasetTest {
    @TempDir
    Path dir;

    @Test
    void imagesArePaddedFrom28To32WithPixelsScaledToUnitRange() throws IOException {
        IdxFixtures.writeSplit(dir, Split.TRAIN, 3, 28, 3);
        MnistDataset data = MnistDataset.load(dir, Split.TRAIN);
        float[] image = new float[2 + 32 * 32];
        data.image(2, image, 2);
        assertThat(image[2]).isZero();                       // padding corner
        assertThat(image[2 + 2 * 32 + 1]).isZero();          // padding left of the first pixel
        assertThat(image[2 + 2 * 32 + 2]).isEqualTo(1f);     // stored pixel 0 is 255
        assertThat(image[2 + 2 * 32 + 3]).isEqualTo(2 / 255f);
        assertThat(image[2 + 29 * 32 + 29]).isEqualTo(2 / 255f); // last stored pixel
        assertThat(image[2 + 29 * 32 + 30]).isZero();
        assertThat(data.label(2)).isEqualTo(2);
        assertThat(data.channels()).isEqualTo(1);
    }

    @Test
    void paddingIsNormalisedLikeABlackPixel() throws IOException {
        IdxFixtures.writeSplit(dir, Split.TEST, 2, 28, 2);
        MnistDataset data = MnistDataset.load(dir, Split.TEST).withNormalization(new Normalization(0.5f, 0.25f));
        float[] image = new float[32 * 32];
        data.image(1, image, 0);
        assertThat(image[0]).isEqualTo(-2f);
        assertThat(image[2 * 32 + 2]).isEqualTo(2f);
        assertThat(image[2 * 32 + 3]).isCloseTo((1 / 255f - 0.5f) / 0.25f, within(1e-6f));
    }

    @Test
    void images32x32AreNotPadded() throws IOException {
        Files.write(dir.resolve("i"), idx(IdxFixtures.images(1, 32), 1, 32, 32));
        Files.write(dir.resolve("l"), idx(new byte[] {0}, 1));
        float[] image = new float[32 * 32];
        MnistDataset.read(dir.resolve("i"), dir.resolve("l")).image(0, image, 0);
        assertThat(image[0]).isEqualTo(1f);
    }

    @Test
    void otherImageSizesAreRejected() throws IOException {
        Files.write(dir.resolve("i"), idx(new byte[2 * 20 * 20], 2, 20, 20));
        Files.write(dir.resolve("l"), idx(new byte[2], 2));
        assertThatThrownBy(() -> MnistDataset.read(dir.resolve("i"), dir.resolve("l")))
                .isInstanceOf(IdxFormatException.class).hasMessageContaining("20x20");
    }

    @Test
    void differentImageAndLabelCountsAreRejected() throws IOException {
        Files.write(dir.resolve("i"), idx(new byte[3 * 28 * 28], 3, 28, 28));
        Files.write(dir.resolve("l"), gzip(idx(new byte[2], 2)));
        assertThatThrownBy(() -> MnistDataset.read(dir.resolve("i"), dir.resolve("l")))
                .isInstanceOf(IdxFormatException.class).hasMessageContaining("2 labels").hasMessageContaining("3 images");
    }

    @Test
    void labelFilePassedAsImagesIsRejected() throws IOException {
        Files.write(dir.resolve("l"), idx(new byte[2], 2));
        assertThatThrownBy(() -> MnistDataset.read(dir.resolve("l"), dir.resolve("l")))
                .isInstanceOf(IdxFormatException.class).hasMessageContaining("3 dimensions");
    }

    @Test
    void missingFilesAreReportedWithTheNamesTried() {
        assertThatThrownBy(() -> MnistDataset.load(dir, Split.TEST)).isInstanceOf(FileNotFoundException.class)
                .hasMessageContaining("t10k-images-idx3-ubyte.gz").hasMessageContaining("t10k-images.idx3-ubyte");
    }

    @Test
    void dotSpelledRawFilesAreFound() throws IOException {
        Files.write(dir.resolve("train-images.idx3-ubyte"), idx(new byte[28 * 28], 1, 28, 28));
        Files.write(dir.resolve("train-labels.idx1-ubyte"), idx(new byte[] {4}, 1));
        assertThat(MnistDataset.load(dir, Split.TRAIN).label(0)).isEqualTo(4);
    }

    @Test
    void numClassesIsMaxLabelPlusOneOrTenForKnownSets() throws IOException {
        IdxFixtures.writeSplit(dir, Split.TRAIN, 6, 28, 3);
        Path images = dir.resolve(Split.TRAIN.imagesFile());
        Path labels = dir.resolve(Split.TRAIN.labelsFile());
        assertThat(MnistDataset.read(images, labels).numClasses()).isEqualTo(3);
        assertThat(MnistDataset.read(images, labels).classNames()).containsExactly("0", "1", "2");
        assertThat(MnistDataset.load(dir, Split.TRAIN).numClasses()).isEqualTo(10);
    }

    @Test
    void validateLabelsNamesTheOffendingExample() throws IOException {
        IdxFixtures.writeSplit(dir, Split.TRAIN, 6, 28, 6);
        MnistDataset data = MnistDataset.load(dir, Split.TRAIN);
        assertThatThrownBy(() -> data.validateLabels(5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("example 5 has label 5");
        assertThatThrownBy(() -> data.withClassNames(java.util.List.of("a", "b")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("example 2 has label 2");
    }

    @Test
    void subsetSharesExamplesFromTheGivenOffset() throws IOException {
        IdxFixtures.writeSplit(dir, Split.TRAIN, 6, 28, 6);
        MnistDataset subset = MnistDataset.load(dir, Split.TRAIN).subset(2, 3);
        float[] image = new float[32 * 32];
        subset.image(0, image, 0);
        assertThat(subset.size()).isEqualTo(3);
        assertThat(subset.label(2)).isEqualTo(4);
        assertThat(image[2 * 32 + 3]).isEqualTo(2 / 255f);
        assertThatThrownBy(() -> subset.label(3)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void readingFromStreamsGivesTheSameDatasetAsLoadingTheFolder() throws IOException {
        Path folder = SampleData.FOLDER;
        MnistDataset fromFolder = MnistDataset.load(folder, Split.TEST);
        MnistDataset fromStreams;
        try (InputStream images = Files.newInputStream(folder.resolve(Split.TEST.imagesFile()));
             InputStream labels = Files.newInputStream(folder.resolve(Split.TEST.labelsFile()))) {
            fromStreams = MnistDataset.read(images, "images", labels, "labels");
        }
        assertThat(fromStreams.size()).isEqualTo(fromFolder.size()).isEqualTo(1000);
        assertThat(fromStreams.numClasses()).isEqualTo(10);
        float[] a = new float[32 * 32];
        float[] b = new float[32 * 32];
        for (int i : new int[] {0, 1, 999}) {
            fromFolder.image(i, a, 0);
            fromStreams.image(i, b, 0);
            assertThat(b).containsExactly(a);
            assertThat(fromStreams.label(i)).isEqualTo(fromFolder.label(i));
        }
    }

    @Test
    void aTruncatedStreamIsAnIdxFormatErrorNamingTheStream() {
        byte[] header = {0, 0, 8, 3, 0, 0, 0, 5, 0, 0, 0, 28, 0, 0, 0, 28, 1, 2};   // 5 images promised, 2 bytes given
        assertThatThrownBy(() -> MnistDataset.read(new ByteArrayInputStream(header), "cut-images",
                new ByteArrayInputStream(header), "cut-labels"))
                .isInstanceOf(IdxFormatException.class).hasMessageContaining("cut-images");
    }

    @Test
    void bundledSampleIsAPrefixOfTheOfficialFilesWhenTheyAreInstalled() throws IOException {
        Path official = Path.of("/usr/share/datasets/fashion-mnist");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(official));
        MnistDataset full = MnistDataset.load(official, Split.TEST);
        MnistDataset sample = SampleData.fashionMnist(Split.TEST);
        float[] a = new float[32 * 32];
        float[] b = new float[32 * 32];
        for (int i : new int[] {0, 500, 999}) {
            full.image(i, a, 0);
            sample.image(i, b, 0);
            assertThat(b).containsExactly(a);
            assertThat(sample.label(i)).isEqualTo(full.label(i));
        }
    }
}
