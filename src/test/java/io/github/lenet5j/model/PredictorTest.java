package io.github.lenet5j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lenet5j.data.Preprocessing;
import io.github.lenet5j.nn.GradientCheck;
import io.github.lenet5j.tensor.Tensor;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class PredictorTest {
    private final LeNet5 model = new LeNet5(new LeNet5Config(1, 10, Activation.RELU, Pooling.MAX), 3);

    @Test
    void sixteenThreadsGetExactlyTheSerialResults() throws Exception {
        Predictor predictor = new Predictor(model);
        int n = 2000;
        Tensor images = GradientCheck.random(1, 0, 1, n, 1, 32, 32);
        float[][] each = new float[n][], serial = new float[n][];
        for (int i = 0; i < n; i++) {
            each[i] = slice(images, i).data();
            serial[i] = model.forward(slice(images, i)).probabilities().data().clone();
        }
        ConcurrentCallers.assertEachGetsItsOwnAnswer(16, each, serial, predictor::probabilities);
        Tensor batch = predictor.probabilities(images);
        for (int i = 0; i < n; i++) {
            float[] row = new float[10];
            System.arraycopy(batch.data(), i * 10, row, 0, 10);
            assertThat(row).containsExactly(serial[i]);
        }
    }

    private static Tensor slice(Tensor images, int i) {
        float[] one = new float[32 * 32];
        System.arraycopy(images.data(), i * one.length, one, 0, one.length);
        return new Tensor(one, 1, 1, 32, 32);
    }

    @Test
    void thePredictorKeepsASnapshotOfTheWeights() {
        Predictor predictor = new Predictor(model);
        float[] image = GradientCheck.random(2, 0, 1, 1, 1, 32, 32).data();
        float[] before = predictor.probabilities(image);
        model.parameter("fc3.bias").value().data()[0] += 10;   // "training" goes on
        assertThat(predictor.probabilities(image)).containsExactly(before);
        assertThat(new Predictor(model).probabilities(image)).isNotEqualTo(before);
    }

    @Test
    void aPictureIsPreparedByThePredictorsPreprocessing() {
        BufferedImage picture = new BufferedImage(40, 20, BufferedImage.TYPE_INT_RGB);
        picture.setRGB(10, 10, 0xffffff);
        Preprocessing stretch = Preprocessing.pictures(1).withResize(Preprocessing.Resize.STRETCH, 32);
        Predictor predictor = new Predictor(model, stretch);
        assertThat(predictor.probabilities(picture)).containsExactly(predictor.probabilities(stretch.input(picture)));
        assertThat(predictor.predict(picture)).isEqualTo(predictor.predict(stretch.input(picture)));
        assertThat(new Predictor(model).preprocessing()).isEqualTo(Preprocessing.mnist(1));
        assertThatThrownBy(() -> new Predictor(model, Preprocessing.mnist(3))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3 channel(s) but the model takes 1");
    }

    @Test
    void aWrongSizedImageIsRejected() {
        assertThatThrownBy(() -> new Predictor(model).probabilities(new float[784]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1024").hasMessageContaining("784");
    }
}
