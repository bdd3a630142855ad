package io.github.lenet5j.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lenet5j.data.MnistDataset;
import io.github.lenet5j.data.Split;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class FashionMnistSampleTest {
    @Test
    void theSampleHas6000TrainingAnd1000TestImagesWithTheirClassNames() throws IOException {
        MnistDataset train = FashionMnistSample.load(Split.TRAIN);
        MnistDataset test = FashionMnistSample.load(Split.TEST);
        assertThat(train.size()).isEqualTo(FashionMnistSample.TRAIN_SIZE).isEqualTo(6000);
        assertThat(test.size()).isEqualTo(FashionMnistSample.TEST_SIZE).isEqualTo(1000);
        assertThat(train.classNames()).isEqualTo(MnistDataset.FASHION_MNIST_CLASSES);
        assertThat(train.label(0)).isEqualTo(9);   // the first Fashion-MNIST training image is an ankle boot
        assertThat(test.label(0)).isEqualTo(9);
        int[] perClass = new int[10];
        for (int i = 0; i < train.size(); i++) {
            perClass[train.label(i)]++;
        }
        for (int count : perClass) {
            assertThat(count).isBetween(500, 700);   // the official files are shuffled: 560-643 per class
        }
    }
}
