package io.github.lenet5j.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lenet5j.loss.RbfMapLoss;
import io.github.lenet5j.nn.EuclideanRbf;
import io.github.lenet5j.nn.Layer;
import io.github.lenet5j.nn.Parameter;
import io.github.lenet5j.nn.RbfBitmaps;
import io.github.lenet5j.nn.SparseConv2d;
import io.github.lenet5j.nn.Subsampling;
import io.github.lenet5j.nn.Tanh;
import io.github.lenet5j.optim.SGD;
import io.github.lenet5j.optim.SgdConfig;
import io.github.lenet5j.tensor.Tensor;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The 1998 LeNet-5 and its layers against the PyTorch twin ({@code tools/pytorch/lenet5_torch.py fixtures}, see
 * src/test/resources/torch/README.md): C3 as a masked convolution over Table I, the scaled tanh, the trainable
 * subsampling, the RBF output with its fixed codes, and the paper's loss. Values agree within 1e-4 relative
 * (float sums in another order), gradients within 1e-3 relative; both with 1% of the tensor's largest value as
 * the floor for tiny values. Three SGD steps land on PyTorch's weights within 1e-4 relative.
 */
class ClassicPyTorchAgreementTest {
    private static final double VALUE_TOLERANCE = 1e-4;
    private static final double GRADIENT_TOLERANCE = 1e-3;
    private static final double TRAINED_WEIGHT_TOLERANCE = 1e-4;

    private static ClassicLeNet5 model(TorchFixture f) {
        Map<String, String> meta = f.file.metadata();
        assertThat(meta).containsEntry("format", ModelFile.FORMAT).containsEntry("preset", ModelFile.CLASSIC);
        ClassicLeNet5 model = new ClassicLeNet5(Integer.parseInt(meta.get("in_channels")),
                Integer.parseInt(meta.get("num_classes")), 0);
        f.loadInto(model.parameters(), "");
        return model;
    }

    @ParameterizedTest
    @ValueSource(strings = {"c1_k10_classic", "c3_k7_classic"})
    void theFileHoldsExactlyWhatModelFileSavesAndTheSameFixedRbfCodes(String name) throws Exception {
        TorchFixture f = TorchFixture.read(name);
        ClassicLeNet5 model = model(f);
        Map<String, Tensor> saved = new TreeMap<>(model.buffers());
        model.parameters().forEach(p -> saved.put(p.name(), p.value()));

        for (Map.Entry<String, Tensor> e : saved.entrySet()) {
            assertThat(f.file.shape(e.getKey())).as(e.getKey()).containsExactly(e.getValue().shape());
        }
        // for 10 classes the digit bitmaps; for 7, the twin's copy of java.util.Random drew the same codes
        assertThat(f.tensor("rbf.centers").data()).containsExactly(model.buffers().get("rbf.centers").data());
    }

    @ParameterizedTest
    @ValueSource(strings = {"c1_k10_classic", "c3_k7_classic"})
    void distancesLossAndTheGradientsOfInputAndParametersMatchPyTorch(String name) throws Exception {
        TorchFixture f = TorchFixture.read(name);
        ClassicLeNet5 model = model(f);

        Tensor distances = model.forward(f.tensor("input"));
        f.assertRelativelyClose(distances.data(), "distances", VALUE_TOLERANCE);
        RbfMapLoss loss = new RbfMapLoss();
        assertThat(Float.parseFloat(f.file.metadata().get("rbf_loss_j"))).isEqualTo(loss.j());
        float value = loss.forward(distances, f.labels("target"));
        f.assertRelativelyClose(new float[] {value}, "loss", VALUE_TOLERANCE);
        model.zeroGrad();
        float[] gradInput = model.backward(loss.backward()).data();

        f.assertRelativelyClose(gradInput, "grad.input", GRADIENT_TOLERANCE);
        for (Parameter p : model.parameters()) {
            f.assertRelativelyClose(p.grad().data(), "grad." + p.name(), GRADIENT_TOLERANCE);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"c1_k10_classic", "c3_k7_classic"})
    void threeSgdStepsWithMomentumLandOnPyTorchsWeights(String name) throws Exception {
        TorchFixture f = TorchFixture.read(name);
        Map<String, String> meta = f.file.metadata();
        assertThat(meta).containsEntry("train_optimizer", "sgd");
        ClassicLeNet5 model = model(f);
        SGD sgd = new SGD(model.parameters(), SgdConfig.of(Float.parseFloat(meta.get("train_lr")))
                .withMomentum(Float.parseFloat(meta.get("train_momentum"))));
        Tensor input = f.tensor("input");
        int[] labels = f.labels("target");
        RbfMapLoss loss = new RbfMapLoss();
        int steps = Integer.parseInt(meta.get("train_steps"));
        float[] losses = new float[steps];

        for (int step = 0; step < steps; step++) {
            model.zeroGrad();
            losses[step] = loss.forward(model.forward(input), labels);
            model.backward(loss.backward());
            sgd.step();
        }

        f.assertRelativelyClose(losses, "train.loss", VALUE_TOLERANCE);
        for (Parameter p : model.parameters()) {
            f.assertRelativelyClose(p.value().data(), "train." + p.name(), TRAINED_WEIGHT_TOLERANCE);
        }
    }

    /** Forward on {@code <name>.input}, backward from {@code <name>.grad_output}, against the twin's results. */
    private static void assertLayerMatches(TorchFixture f, Layer layer, String name) {
        f.loadInto(layer.parameters(), "");
        Tensor output = layer.forward(f.tensor(name + ".input"));
        assertThat(output.shape()).as(name + " output shape").containsExactly(f.file.shape(name + ".output"));
        f.assertRelativelyClose(output.data(), name + ".output", VALUE_TOLERANCE);
        float[] gradInput = layer.backward(f.tensor(name + ".grad_output")).data();
        f.assertRelativelyClose(gradInput, name + ".grad.input", GRADIENT_TOLERANCE);
        for (Parameter p : layer.parameters()) {
            f.assertRelativelyClose(p.grad().data(), name + ".grad." + p.name().substring(name.length() + 1),
                    GRADIENT_TOLERANCE);
        }
    }

    @Test
    void sparseC3MatchesPyTorchsConvolutionMaskedByTableOne() throws Exception {
        TorchFixture f = TorchFixture.read("classic_layers");
        SparseConv2d c3 = SparseConv2d.lenet5C3("c3");
        assertLayerMatches(f, c3, "c3");
        assertThat(c3.denseWeight().data()).containsExactly(f.tensor("c3.dense_weight").data());
    }

    @Test
    void trainableSubsamplingMatchesPyTorch() throws Exception {
        assertLayerMatches(TorchFixture.read("classic_layers"), new Subsampling("s2", 6), "s2");
    }

    @Test
    void scaledTanhMatchesPyTorchs1Point7159TimesTanhOfTwoThirdsX() throws Exception {
        assertLayerMatches(TorchFixture.read("classic_layers"), new Tanh("tanh", true), "tanh");
    }

    @Test
    void euclideanRbfMatchesPyTorchOnTheDigitBitmaps() throws Exception {
        TorchFixture f = TorchFixture.read("classic_layers");
        assertThat(f.tensor("rbf.centers").data()).containsExactly(RbfBitmaps.digits().data());
        assertLayerMatches(f, new EuclideanRbf("rbf", RbfBitmaps.digits()), "rbf");
    }

    /** loss: distances in [0, 3], where e^-y competes with e^-j; loss_far: in [200, 800], where only e^-j is left. */
    @ParameterizedTest
    @ValueSource(strings = {"loss", "loss_far"})
    void rbfMapLossAndItsGradientMatchPyTorch(String name) throws Exception {
        TorchFixture f = TorchFixture.read("classic_layers");
        RbfMapLoss loss = new RbfMapLoss();

        float value = loss.forward(f.tensor(name + ".distances"), f.labels(name + ".target"));

        f.assertRelativelyClose(new float[] {value}, name + ".loss", VALUE_TOLERANCE);
        f.assertRelativelyClose(loss.backward().data(), name + ".grad.distances", GRADIENT_TOLERANCE);
    }
}
