package io.github.lenet5j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.lenet5j.loss.CrossEntropyLoss;
import io.github.lenet5j.nn.Parameter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The modern LeNet-5 against the PyTorch twin on the same weights and inputs (fixtures made by
 * {@code tools/pytorch/lenet5_torch.py fixtures}, see src/test/resources/torch/README.md): logits and
 * probabilities within 1e-4 absolute, the loss within 1e-5, the gradient of the input and of every parameter
 * within 1e-3 relative (1% of the tensor's largest value as the floor for tiny values).
 */
class PyTorchAgreementTest {
    private static final double LOGIT_TOLERANCE = 1e-4;
    private static final double LOSS_TOLERANCE = 1e-5;
    private static final double GRADIENT_TOLERANCE = 1e-3;

    @ParameterizedTest
    @ValueSource(strings = {"c1_k10_sigmoid_max", "c1_k10_relu_max", "c1_k10_tanh_avg", "c1_k10_sigmoid_subsampling",
        "c3_k7_relu_avg", "c3_k7_tanh_subsampling"})
    void logitsLossAndTheGradientsOfInputAndParametersMatchPyTorch(String name) throws Exception {
        TorchFixture f = TorchFixture.read(name);
        LeNet5 model = new LeNet5(ModelFile.configOf(f.file.file(), f.file.metadata()), 0);
        f.loadInto(model.parameters(), "");
        int[] labels = f.labels("target");

        LeNet5Output out = model.forward(f.tensor("input"));
        f.assertAbsolutelyClose(out.logits().data(), "logits", LOGIT_TOLERANCE);
        f.assertAbsolutelyClose(out.probabilities().data(), "probabilities", LOGIT_TOLERANCE);
        CrossEntropyLoss loss = new CrossEntropyLoss();
        assertThat((double) loss.forward(out.logits(), labels)).as(name + " loss")
                .isCloseTo(f.tensor("loss").data()[0], within(LOSS_TOLERANCE));
        model.zeroGrad();
        float[] gradInput = model.backward(loss.backward()).data();

        f.assertRelativelyClose(gradInput, "grad.input", GRADIENT_TOLERANCE);
        for (Parameter p : model.parameters()) {
            f.assertRelativelyClose(p.grad().data(), "grad." + p.name(), GRADIENT_TOLERANCE);
        }
    }
}
