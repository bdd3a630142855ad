package io.github.lenet5j.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lenet5j.nn.GradientCheck;
import io.github.lenet5j.nn.Parameter;
import io.github.lenet5j.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The trainer's backward (no input gradient for conv1, or the 1998 network's C1) accumulates exactly the gradients that backward does. */
class BackwardParametersTest {
    @ParameterizedTest(name = "{0}, {1} pooling, batch {2}")
    @CsvSource({"sigmoid, max, 5", "relu, avg, 1", "tanh, subsampling, 17"})
    void sameParameterGradientsBitForBit(String activation, String pooling, int batch) {
        assertSameGradients(new LeNet5(new LeNet5Config(1, 10, Activation.parse(activation), Pooling.parse(pooling)), 7),
                batch);
    }

    @ParameterizedTest(name = "the 1998 network, batch {0}")
    @CsvSource({"1", "6"})
    void sameParameterGradientsBitForBitOnThe1998Network(int batch) {
        assertSameGradients(new ClassicLeNet5(10, 7), batch);
    }

    private static void assertSameGradients(Classifier model, int batch) {
        Tensor images = GradientCheck.random(1, 0, 1, batch, 1, 32, 32);
        Tensor gradLogits = GradientCheck.random(2, -1, 1, batch, 10);
        model.zeroGrad();
        model.scores(images);
        model.backward(gradLogits);
        List<float[]> expected = new ArrayList<>();
        for (Parameter p : model.parameters()) {
            expected.add(p.grad().data().clone());
        }
        model.zeroGrad();
        model.scores(images);
        model.backwardParameters(gradLogits);
        for (int i = 0; i < expected.size(); i++) {
            Parameter p = model.parameters().get(i);
            assertThat(p.grad().data()).as(p.name()).containsExactly(expected.get(i));
        }
    }
}
