package io.github.lenet5j.nn;

import static io.github.lenet5j.nn.GradientCheck.random;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.lenet5j.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Forward values, shapes and errors of the layers; those worked out by hand on both engines. */
class LayerBehaviourTest {

    @ParameterizedTest
    @EnumSource(Engine.class)
    void conv2dComputesTheCrossCorrelationByHand(Engine engine) {
        Conv2d conv = new Conv2d("conv", 1, 1, 2, 1, 0, engine);
        float[] w = conv.weight().value().data();
        w[0] = 1; w[1] = 2; w[2] = 3; w[3] = 4;
        conv.bias().value().data()[0] = 0.5f;
        Tensor x = new Tensor(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 1, 1, 3, 3);
        Tensor y = conv.forward(x);
        // top-left window 1 2 / 4 5: 1·1 + 2·2 + 3·4 + 4·5 + 0.5 = 37.5
        assertThat(y.shape()).containsExactly(1, 1, 2, 2);
        assertThat(y.data()).containsExactly(37.5f, 47.5f, 67.5f, 77.5f);
    }

    @Test
    void conv2dWithPaddingAndStrideHasPyTorchsOutputSize() {
        Conv2d conv = new Conv2d("conv", 2, 3, 3, 2, 1);
        assertThat(conv.outputShape(new int[] {4, 2, 9, 8})).containsExactly(4, 3, 5, 4);
        assertThat(conv.forward(new Tensor(4, 2, 9, 8)).shape()).containsExactly(4, 3, 5, 4);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void maxPoolTakesEachWindowsMaximumAndDropsAnOddLastRow(Engine engine) {
        Tensor x = new Tensor(new float[] {
            1, 5, 2, 0,
            3, 4, 8, 1,
            9, 9, 9, 9}, 1, 1, 3, 4);
        Tensor y = new MaxPool2d("pool", engine).forward(x);
        assertThat(y.shape()).containsExactly(1, 1, 1, 2);
        assertThat(y.data()).containsExactly(5, 8);
    }

    @Test
    void avgPoolAndSubsamplingAverageAndScaleTheWindow() {
        Tensor x = new Tensor(new float[] {1, 2, 3, 4}, 1, 1, 2, 2);
        assertThat(new AvgPool2d("pool").forward(x).data()).containsExactly(2.5f);
        Subsampling s = new Subsampling("s2", 1);
        s.weight().value().data()[0] = 0.5f;
        s.bias().value().data()[0] = -1f;
        assertThat(s.forward(x).data()).containsExactly(0.5f * 10 - 1);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void scaledTanhIsLeCunsFunction(Engine engine) {
        Tensor y = new Tanh("act", true, engine).forward(new Tensor(new float[] {1f, -1f, 0f}, 3));
        assertThat(y.data()[0]).isCloseTo((float) (1.7159 * Math.tanh(2.0 / 3)), within(1e-6f));
        assertThat(y.data()[1]).isCloseTo(-y.data()[0], within(0f));
        assertThat(y.data()[2]).isZero();
    }

    @Test
    void softmaxRowsSumToOne() {
        Tensor p = new Softmax("softmax").forward(random(1, -5, 5, 8, 10));
        for (int row = 0; row < 8; row++) {
            double sum = 0;
            for (int k = 0; k < 10; k++) {
                sum += p.get(row, k);
            }
            assertThat(sum).isCloseTo(1.0, within(1e-6));
        }
    }

    @Test
    void softmaxOfHugeLogitsIsFinite() {
        Tensor p = new Softmax("softmax").forward(new Tensor(new float[] {1e30f, -1e30f, 3e38f, 3e38f}, 2, 2));
        assertThat(p.data()).containsExactly(1f, 0f, 0.5f, 0.5f);
    }

    @Test
    void fullyConnectedC5EqualsA5x5ConvolutionOnThe5x5Map() {
        // LeNet-5's C5 "can be seen as fully connected": a 5x5 kernel on a 5x5 map leaves one output pixel
        Linear fc1 = new Linear("fc1", 16 * 5 * 5, 120);
        fc1.initialize(new Random(1));
        Conv2d c5 = new Conv2d("c5", 16, 120, 5);
        // the same weights: fc1.weight [120, 400] is conv weight [120, 16, 5, 5] in C,H,W order
        System.arraycopy(fc1.weight().value().data(), 0, c5.weight().value().data(), 0, 120 * 400);
        System.arraycopy(fc1.bias().value().data(), 0, c5.bias().value().data(), 0, 120);
        Tensor map = random(2, -1, 1, 3, 16, 5, 5);
        Tensor viaConv = c5.forward(map);
        Tensor viaLinear = fc1.forward(new Flatten("flatten").forward(map));
        assertThat(viaConv.shape()).containsExactly(3, 120, 1, 1);
        // the same sums, but Conv2d's and Linear's kernels add the 400 products in different orders
        for (int i = 0; i < viaConv.size(); i++) {
            assertThat(viaConv.data()[i]).isCloseTo(viaLinear.data()[i], within(1e-5f));
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void wrongInputShapeNamesTheLayerTheExpectedAndTheActualShape(Engine engine) {
        assertThatThrownBy(() -> new Conv2d("conv2", 6, 16, 5, 1, 0, engine).forward(new Tensor(2, 3, 14, 14)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("conv2: expected input of shape [N, 6, N, N] but got [2, 3, 14, 14]");
        assertThatThrownBy(() -> new Linear("fc1", 400, 120, engine).forward(new Tensor(2, 256)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("fc1: expected input of shape [N, 400] but got [2, 256]");
        assertThatThrownBy(() -> new MaxPool2d("s2", engine).forward(new Tensor(2, 6, 28)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("s2: expected input of shape [N, N, N, N] but got [2, 6, 28]");
        assertThatThrownBy(() -> new Subsampling("s4", 16).forward(new Tensor(1, 6, 10, 10)))
                .hasMessage("s4: expected input of shape [N, 16, N, N] but got [1, 6, 10, 10]");
        assertThatThrownBy(() -> new Softmax("softmax").forward(new Tensor(3)))
                .hasMessage("softmax: expected input of shape [N, N] but got [3]");
        assertThatThrownBy(() -> new Conv2d("conv1", 1, 6, 5, 1, 0, engine).forward(new Tensor(1, 1, 4, 4)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("conv1");
        // a convolution and its pooling as one layer: each error names the layer it comes from, on every path
        assertThatThrownBy(() -> convMaxPool(engine).forward(new Tensor(2, 3, 14, 14)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("conv2: expected input of shape [N, 6, N, N] but got [2, 3, 14, 14]");
        assertThatThrownBy(() -> convMaxPool(engine).forward(new Tensor(2, 6, 5, 6)))   // conv2's output: 1x2
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("s4: expected input of at least 2x2 pixels but got 1x2");
    }

    private static ConvMaxPool convMaxPool(Engine engine) {
        return new ConvMaxPool(new Conv2d("conv2", 6, 16, 5, 1, 0, engine), new MaxPool2d("s4", engine));
    }

    @Test
    void backwardBeforeForwardOrWithAWrongGradientShapeIsRejected() {
        Linear fc = new Linear("fc", 3, 2);
        assertThatThrownBy(() -> fc.backward(new Tensor(1, 2)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("fc");
        fc.forward(new Tensor(4, 3));
        assertThatThrownBy(() -> fc.backward(new Tensor(4, 3)))
                .hasMessage("fc: expected gradient of shape [4, 2] but got [4, 3]");
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void backwardAccumulatesParameterGradientsUntilCleared(Engine engine) {
        Linear fc = new Linear("fc", 3, 2, engine);
        fc.initialize(new Random(1));
        Tensor x = random(2, -1, 1, 4, 3), g = random(3, -1, 1, 4, 2);
        fc.forward(x);
        fc.backward(g);
        float[] once = fc.weight().grad().data().clone();
        fc.backward(g);
        for (int i = 0; i < once.length; i++) {
            assertThat(fc.weight().grad().data()[i]).isCloseTo(2 * once[i], within(1e-6f));
        }
        fc.weight().zeroGrad();
        assertThat(fc.weight().grad().data()).containsOnly(0f);
    }

    @Test
    void replicaSharesWeightsButOwnsGradientsAndBuffers() {
        Linear fc = new Linear("fc", 3, 2);
        fc.initialize(new Random(1));
        Linear copy = fc.replica();
        assertThat(copy.weight().value()).isSameAs(fc.weight().value());
        assertThat(copy.weight().grad()).isNotSameAs(fc.weight().grad());
        Tensor a = fc.forward(random(2, -1, 1, 1, 3));
        Tensor b = copy.forward(random(2, -1, 1, 1, 3));
        assertThat(a).isNotSameAs(b);
        assertThat(a.data()).containsExactly(b.data());
    }

    @Test
    void forwardSeesAWeightWrittenInPlaceBetweenCalls() {
        Linear fc = new Linear("fc", 3, 2);
        fc.initialize(new Random(1));
        Tensor x = random(2, -1, 1, 4, 3);
        float before = fc.forward(x).data()[0];
        fc.weight().value().data()[0] += 1f;   // w[0,0]: adds x[0,0] to y[0,0]
        assertThat(fc.forward(x).data()[0]).isCloseTo(before + x.data()[0], within(1e-6f));
    }

    @Test
    void afterSnapshotWeightForwardUsesTheWeightOfThatMomentAndReplicasShareIt() {
        Linear fc = new Linear("fc", 3, 2);
        fc.initialize(new Random(1));
        Tensor x = random(2, -1, 1, 4, 3);
        float[] before = fc.forward(x).data().clone();
        fc.snapshotWeight();
        Linear copy = fc.replica();
        fc.weight().value().data()[0] += 1f;   // not seen until the next snapshot
        assertThat(fc.forward(x).data()).containsExactly(before);
        assertThat(copy.forward(x).data()).containsExactly(before);

        fc.snapshotWeight();
        Linear fresh = new Linear("fc", 3, 2);
        System.arraycopy(fc.weight().value().data(), 0, fresh.weight().value().data(), 0, 6);
        System.arraycopy(fc.bias().value().data(), 0, fresh.bias().value().data(), 0, 2);
        assertThat(fc.forward(x).data()).containsExactly(fresh.forward(x).data());
        assertThat(copy.forward(x).data()).as("a replica keeps the snapshot it was made with")
                .containsExactly(before);
    }

    @Test
    void linearGivesTheSameBitsWhenItsWeightJustChangedAndWhenItDidNot() {
        // The fast engine's forward computes yᵀ = W·xᵀ right after a weight change (a training step) and x·Wᵀ from a
        // kept Wᵀ while the weight stays the same: the same sums in the same order, so the same floats.
        Linear fc = new Linear("fc", 400, 120);
        fc.initialize(new Random(3));
        Tensor x = random(4, -1, 1, 32, 400);
        float[] justChanged = fc.forward(x).data().clone();
        assertThat(fc.forward(x).data()).containsExactly(justChanged);
        assertThat(fc.forward(x).data()).containsExactly(justChanged);

        float[] w = fc.weight().value().data();
        w[w.length - 1] += 0.5f;   // a write anywhere is seen at the next call, whichever form runs
        float[] afterWrite = fc.forward(x).data().clone();
        assertThat(afterWrite).isNotEqualTo(justChanged);
        assertThat(fc.forward(x).data()).containsExactly(afterWrite);
        Linear reference = new Linear("fc", 400, 120, Engine.REFERENCE);
        System.arraycopy(w, 0, reference.weight().value().data(), 0, w.length);
        System.arraycopy(fc.bias().value().data(), 0, reference.bias().value().data(), 0, 120);
        float[] expected = reference.forward(x).data();
        for (int i = 0; i < expected.length; i++) {
            assertThat(afterWrite[i]).isCloseTo(expected[i], within(1e-5f));
        }
    }

    @Test
    void linearGivesTheSameBitsInBothFormsAtABatchOfInference() {
        // From 200 images the scalar kernels' forward with an unchanged weight computes yᵀ = W·xᵀ too (rows of C as
        // long as the batch); the first call after the weight changed does not, on either kernels. Same floats.
        Linear fc = new Linear("fc", 400, 120);
        fc.initialize(new Random(5));
        Tensor x = random(6, -1, 1, 256, 400);
        float[] afterChange = fc.forward(x).data().clone();
        assertThat(fc.forward(x).data()).containsExactly(afterChange);
        fc.snapshotWeight();
        assertThat(fc.forward(x).data()).containsExactly(afterChange);
        Tensor last = new Tensor(Arrays.copyOfRange(x.data(), 255 * 400, 256 * 400), 1, 400);
        assertThat(fc.forward(last).data()).as("the batch's last image alone")
                .containsExactly(Arrays.copyOfRange(afterChange, 255 * 120, 256 * 120));
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void buffersAreReusedForTheSameBatchSize(Engine engine) {
        Sequential net = new Sequential("net", List.of(new Conv2d("c", 1, 2, 3, 1, 0, engine), new ReLU("r", engine),
                new MaxPool2d("p", engine), new Flatten("f"), new Linear("l", 2 * 3 * 3, 4, engine)));
        Tensor x = random(1, -1, 1, 2, 1, 8, 8);
        Tensor first = net.forward(x);
        Tensor firstGrad = net.backward(random(2, -1, 1, 2, 4));
        assertThat(net.forward(x)).isSameAs(first);
        assertThat(net.backward(random(2, -1, 1, 2, 4))).isSameAs(firstGrad);
    }
}
