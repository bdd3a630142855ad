package io.github.lenet5j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lenet5j.data.MnistDataset;
import io.github.lenet5j.data.Split;
import io.github.lenet5j.datasets.FashionMnistSample;
import io.github.lenet5j.model.Activation;
import io.github.lenet5j.model.LeNet5;
import io.github.lenet5j.model.LeNet5Config;
import io.github.lenet5j.model.Pooling;
import io.github.lenet5j.optim.Adam;
import io.github.lenet5j.optim.AdamConfig;
import io.github.lenet5j.optim.Optimizer;
import io.github.lenet5j.optim.SGD;
import io.github.lenet5j.optim.SgdConfig;
import io.github.lenet5j.tensor.Tensor;
import io.github.lenet5j.train.Evaluation;
import io.github.lenet5j.train.TrainConfig;
import io.github.lenet5j.train.Trainer;
import io.github.lenet5j.train.TrainingListener;
import java.io.IOException;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Why sigmoid + SGD stays at one class (docs/training.md, exercise 9 of docs/exercises.md), measured on the
 * bundled Fashion-MNIST sample: each layer's output spread over 64 test images, the gradient that reaches each
 * weight, and the classes the model predicts. Each test prints its table.
 */
class SigmoidSgdStallTest {
    private static final int EPOCHS = 2;
    private static MnistDataset train;
    private static MnistDataset test;
    private static Tensor batch;
    private static int[] labels;

    @BeforeAll
    static void data() throws IOException {
        train = FashionMnistSample.load(Split.TRAIN);
        test = FashionMnistSample.load(Split.TEST);
        batch = new Tensor(64, 1, 32, 32);
        labels = new int[64];
        for (int i = 0; i < 64; i++) {
            test.image(i, batch.data(), i * 32 * 32);
            labels[i] = test.label(i);
        }
    }

    private static LeNet5 model(Activation activation) {
        return new LeNet5(new LeNet5Config(1, 10, activation, Pooling.MAX), 1);
    }

    private static LayerSizes measure(String what, LeNet5 model) {
        LayerSizes sizes = LayerSizes.measure(model, batch, labels);
        System.out.printf("%s:%n%s%n", what, sizes.table());
        return sizes;
    }

    private static LayerSizes trainAndMeasure(String what, LeNet5 model, Function<LeNet5, Optimizer> optimizer) {
        try (Trainer trainer = new Trainer(model, optimizer.apply(model), TrainConfig.of(EPOCHS, 64, 1))) {
            trainer.fit(train, null, TrainingListener.NONE);
        }
        return measure(what + ", after " + EPOCHS + " epochs on the sample", model);
    }

    /** Each sigmoid passes on about a quarter of the spread it gets (σ' ≤ 1/4 near 0): ~6,000 times less at fc3. */
    @Test
    void atTheInitialWeightsEachSigmoidQuartersHowMuchTheOutputDependsOnTheImage() {
        LayerSizes sizes = measure("sigmoid, initial weights", model(Activation.SIGMOID));
        for (String[] pair : new String[][] {{"conv1", "act1"}, {"conv2", "act2"}, {"fc1", "act3"}, {"fc2", "act4"}}) {
            double ratio = sizes.row(pair[1]).spread() / sizes.row(pair[0]).spread();
            assertThat(ratio).as("spread after %s / before it", pair[1]).isBetween(0.2, 0.26);
        }
        // the logits: ~5e-5 between images, while the image-independent part (the sigmoids' mean 0.5 times the
        // weights, plus the biases) is thousands of times larger, so every image gets the same class
        assertThat(sizes.row("fc3").spread()).isLessThan(1e-3 * sizes.row("fc3").size());
        assertThat(sizes.predictedClasses()).hasSize(1);
        // the way back is as steep: conv1's weights get a thousandth of fc3's gradient
        assertThat(sizes.weightGradients().get("conv1")).isLessThan(1e-3 * sizes.weightGradients().get("fc3"));
    }

    @Test
    void sgdLeavesItSoAndEveryImageGetsTheSameClass() {
        LeNet5 model = model(Activation.SIGMOID);
        LayerSizes sizes = trainAndMeasure("sigmoid + SGD", model,
                m -> new SGD(m.parameters(), SgdConfig.of(0.01f).withMomentum(0.9f)));
        assertThat(sizes.row("fc3").spread()).isLessThan(1e-3 * sizes.row("fc3").size());
        assertThat(predictedClasses(model)).as("classes predicted for the sample's 1,000 test images").hasSize(1);
    }

    @Test
    void adamScalesEveryStepToItsGradientAndTheSigmoidNetLearns() {
        LeNet5 model = model(Activation.SIGMOID);
        LayerSizes sizes = trainAndMeasure("sigmoid + Adam", model, m -> new Adam(m.parameters(), AdamConfig.of(1e-3f)));
        assertThat(sizes.row("fc3").spread()).isGreaterThan(0.1);
        assertThat(predictedClasses(model)).hasSizeGreaterThan(2);
    }

    @Test
    void reluPassesOnFarMoreOfTheImageAtTheInitialWeights() {
        LayerSizes relu = measure("ReLU, initial weights", model(Activation.RELU));
        LayerSizes sigmoid = LayerSizes.measure(model(Activation.SIGMOID), batch, labels);
        assertThat(relu.row("fc3").spread()).isGreaterThan(30 * sigmoid.row("fc3").spread());
        assertThat(relu.weightGradients().get("conv1")).isGreaterThan(30 * sigmoid.weightGradients().get("conv1"));
    }

    private static List<Integer> predictedClasses(LeNet5 model) {
        Evaluation evaluation = Trainer.evaluate(model, test, 100);
        List<Integer> predicted = new java.util.ArrayList<>();
        for (int c = 0; c < 10; c++) {
            int count = 0;
            for (int[] row : evaluation.confusion()) {
                count += row[c];
            }
            if (count > 0) {
                predicted.add(c);
            }
        }
        return predicted;
    }
}
