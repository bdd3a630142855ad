package io.github.lenet5j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lenet5j.nn.GradientCheck;
import io.github.lenet5j.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LatencyPredictorTest {
    static List<Arguments> architecturesAndThreads() {
        List<Arguments> cases = new ArrayList<>();
        int[] threadCounts = {1, 2, 3, 4, 6};
        int i = 0;
        for (Activation activation : Activation.values()) {
            for (Pooling pooling : Pooling.values()) {
                for (int channels : new int[] {1, 3}) {
                    int classes = channels == 1 ? 10 : 7;
                    cases.add(Arguments.of(new LeNet5Config(channels, classes, activation, pooling),
                            threadCounts[i++ % threadCounts.length]));
                }
            }
        }
        return cases;
    }

    @ParameterizedTest
    @MethodSource("architecturesAndThreads")
    void probabilitiesAreBitIdenticalToTheModelsForward(LeNet5Config config, int threads) {
        LeNet5 model = new LeNet5(config, 5);
        perturbPoolingParameters(model);
        try (LatencyPredictor predictor = new LatencyPredictor(model, threads)) {
            for (int i = 0; i < 20; i++) {
                Tensor image = GradientCheck.random(100 + i, -1, 1, 1, config.inChannels(), 32, 32);
                float[] expected = model.forward(image).probabilities().data().clone();
                assertThat(predictor.probabilities(image.data())).containsExactly(expected);
                assertThat(predictor.predict(image.data())).isEqualTo(argmax(expected));
            }
        }
    }

    /** Subsampling starts at coefficient 1, bias 0 in some inits: give each map its own values to slice. */
    private static void perturbPoolingParameters(LeNet5 model) {
        Random random = new Random(9);
        for (var p : model.parameters()) {
            if (p.name().startsWith("s")) {
                float[] v = p.value().data();
                for (int k = 0; k < v.length; k++) {
                    v[k] += random.nextFloat() - 0.5f;
                }
            }
        }
    }

    private static int argmax(float[] p) {
        int best = 0;
        for (int k = 1; k < p.length; k++) {
            if (p[k] > p[best]) {
                best = k;
            }
        }
        return best;
    }

    @Test
    void manyCallersAtOnceEachGetTheirOwnImagesAnswer() throws Exception {
        LeNet5 model = new LeNet5(LeNet5Config.of(10, true), 1);
        int n = 300;
        float[][] images = new float[n][], expected = new float[n][];
        for (int i = 0; i < n; i++) {
            Tensor image = GradientCheck.random(i, 0, 1, 1, 1, 32, 32);
            images[i] = image.data();
            expected[i] = model.forward(image).probabilities().data().clone();
        }
        try (LatencyPredictor predictor = new LatencyPredictor(model, 2)) {
            ConcurrentCallers.assertEachGetsItsOwnAnswer(4, images, expected, predictor::probabilities);
        }
    }

    @Test
    void helpersThatFellAsleepWakeForTheNextCall() throws Exception {
        LeNet5 model = new LeNet5(LeNet5Config.of(10, true), 2);
        float[] image = GradientCheck.random(3, 0, 1, 1, 1, 32, 32).data();
        try (LatencyPredictor predictor = new LatencyPredictor(model, 3)) {
            float[] first = predictor.probabilities(image);
            Thread.sleep(20);   // well past the helpers' millisecond of spinning
            assertThat(predictor.probabilities(image)).containsExactly(first);
        }
    }

    @Test
    void thePredictorKeepsASnapshotOfTheWeights() {
        LeNet5 model = new LeNet5(LeNet5Config.of(10, true), 3);
        float[] image = GradientCheck.random(4, 0, 1, 1, 1, 32, 32).data();
        try (LatencyPredictor predictor = new LatencyPredictor(model, 2)) {
            float[] before = predictor.probabilities(image);
            model.parameter("conv2.weight").value().data()[7] += 1;
            model.parameter("fc3.bias").value().data()[0] += 10;
            assertThat(predictor.probabilities(image)).containsExactly(before);
        }
    }

    @Test
    void threadCountsOutsideOneToSixAreRejected() {
        LeNet5 model = new LeNet5(LeNet5Config.of(10, true), 0);
        for (int threads : new int[] {0, 7}) {
            assertThatThrownBy(() -> new LatencyPredictor(model, threads))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("1 to 6").hasMessageContaining(String.valueOf(threads));
        }
    }

    @Test
    void aWrongSizedImageIsRejectedAndTheNextCallStillWorks() {
        LeNet5 model = new LeNet5(LeNet5Config.of(10, false), 0);
        float[] image = GradientCheck.random(5, 0, 1, 1, 3, 32, 32).data();
        try (LatencyPredictor predictor = new LatencyPredictor(model, 2)) {
            assertThatThrownBy(() -> predictor.probabilities(new float[1024]))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("3072").hasMessageContaining("1024");
            assertThat(predictor.probabilities(image)).hasSize(10);
        }
    }

    @Test
    void aClosedPredictorRefusesCalls() {
        LatencyPredictor predictor = new LatencyPredictor(new LeNet5(LeNet5Config.of(10, true), 0), 2);
        predictor.close();
        assertThatThrownBy(() -> predictor.probabilities(new float[1024]))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }
}
