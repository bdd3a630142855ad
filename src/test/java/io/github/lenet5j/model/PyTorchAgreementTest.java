package io.github.lenet5j.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lenet5j.io.SafeTensors;
import io.github.lenet5j.io.SafeTensorsFile;
import io.github.lenet5j.loss.CrossEntropyLoss;
import io.github.lenet5j.nn.Parameter;
import io.github.lenet5j.tensor.Tensor;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * lenet5j against the PyTorch twin on the same weights and inputs (fixtures made by
 * {@code lenet5_torch.py fixtures}, see src/test/resources/torch/README.md): logits and probabilities
 * within 1e-4 absolute, the loss within 1e-5, every parameter gradient within 1e-3 relative.
 */
class PyTorchAgreementTest {
    private static final double LOGIT_TOLERANCE = 1e-4;
    private static final double GRADIENT_TOLERANCE = 1e-3;

    @ParameterizedTest
    @ValueSource(strings = {"c1_k10_sigmoid_max", "c1_k10_relu_max", "c1_k10_tanh_avg", "c1_k10_sigmoid_subsampling",
        "c3_k7_relu_avg", "c3_k7_tanh_subsampling"})
    void logitsLossAndGradientsMatchPyTorch(String fixture) throws Exception {
        SafeTensorsFile f = SafeTensors.read(Path.of("src/test/resources/torch", fixture + ".safetensors"));
        Map<String, String> meta = f.metadata();
        LeNet5Config config = new LeNet5Config(Integer.parseInt(meta.get("in_channels")),
                Integer.parseInt(meta.get("num_classes")), Activation.parse(meta.get("activation")),
                Pooling.parse(meta.get("pooling")));
        LeNet5 model = new LeNet5(config, 0);
        for (Parameter p : model.parameters()) {
            float[] values = f.tensor(p.name()).data();
            System.arraycopy(values, 0, p.value().data(), 0, values.length);
        }
        long[] targets = f.longs("target");
        int[] labels = new int[targets.length];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = Math.toIntExact(targets[i]);
        }

        LeNet5Output out = model.forward(f.tensor("input"));
        assertClose(out.logits(), f.tensor("logits"), LOGIT_TOLERANCE, fixture + " logits");
        assertClose(out.probabilities(), f.tensor("probabilities"), LOGIT_TOLERANCE, fixture + " probabilities");
        CrossEntropyLoss loss = new CrossEntropyLoss();
        assertThat((double) loss.forward(out.logits(), labels)).as(fixture + " loss")
                .isCloseTo(f.tensor("loss").data()[0], org.assertj.core.api.Assertions.within(1e-5));
        model.zeroGrad();
        model.backward(loss.backward());
        for (Parameter p : model.parameters()) {
            float[] expected = f.tensor("grad." + p.name()).data(), actual = p.grad().data();
            double scale = 0;
            for (float v : expected) {
                scale = Math.max(scale, Math.abs(v));
            }
            assertThat(scale).as("%s grad.%s is not all zeros", fixture, p.name()).isGreaterThan(0);
            for (int i = 0; i < expected.length; i++) {
                // relative to the value, with 1% of the tensor's largest gradient as the floor for tiny values
                double error = Math.abs(actual[i] - expected[i]) / Math.max(Math.abs(expected[i]), 0.01 * scale);
                assertThat(error).as("%s grad.%s[%d]: lenet5j %s, PyTorch %s", fixture, p.name(), i, actual[i], expected[i])
                        .isLessThan(GRADIENT_TOLERANCE);
            }
        }
    }

    private static void assertClose(Tensor actual, Tensor expected, double tolerance, String what) {
        assertThat(actual.shape()).as(what).containsExactly(expected.shape());
        for (int i = 0; i < expected.size(); i++) {
            assertThat((double) actual.data()[i]).as("%s[%d]", what, i)
                    .isCloseTo(expected.data()[i], org.assertj.core.api.Assertions.within(tolerance));
        }
    }
}
