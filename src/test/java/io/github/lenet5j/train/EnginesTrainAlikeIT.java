package io.github.lenet5j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.lenet5j.data.MnistDataset;
import io.github.lenet5j.data.Normalization;
import io.github.lenet5j.data.SampleData;
import io.github.lenet5j.data.Split;
import io.github.lenet5j.model.Activation;
import io.github.lenet5j.model.ClassicLeNet5;
import io.github.lenet5j.model.LeNet5;
import io.github.lenet5j.model.LeNet5Config;
import io.github.lenet5j.model.Pooling;
import io.github.lenet5j.nn.Engine;
import io.github.lenet5j.optim.Adam;
import io.github.lenet5j.optim.AdamConfig;
import org.junit.jupiter.api.Test;

/**
 * One epoch on the bundled 6,000-image Fashion-MNIST sample, the same seed on both engines: the test accuracies
 * (1,000 images) land within one point of each other, for the modern network and the 1998 one. The engines'
 * weights drift apart by float rounding step after step, so the runs are not bit-identical; what must hold is
 * that they learn the same. The configurations are ones that learn in one epoch (the default sigmoid net stays
 * near chance after one, which would make any two runs agree). An integration test: the reference engine takes
 * tens of seconds for the two epochs.
 */
class EnginesTrainAlikeIT {
    @Test
    void theModernNetworkLearnsAlikeOnBothEngines() {
        MnistDataset train = SampleData.fashionMnist(Split.TRAIN), test = SampleData.fashionMnist(Split.TEST);
        LeNet5Config config = new LeNet5Config(1, 10, Activation.RELU, Pooling.MAX);
        double[] accuracy = new double[2];
        for (Engine engine : Engine.values()) {
            LeNet5 model = new LeNet5(config, 11, engine);
            try (Trainer trainer = new Trainer(model, new Adam(model.parameters(), AdamConfig.of(1e-3f)),
                    TrainConfig.of(1, 64, 11))) {
                trainer.fit(train, null, TrainingListener.NONE);
                accuracy[engine.ordinal()] = Trainer.evaluate(model, test, 250).accuracy();
            }
        }
        assertThat(accuracy[0]).as("the reference engine learns: %s", accuracy[0]).isGreaterThan(0.6);
        assertThat(accuracy[1]).as("fast %s against reference %s", accuracy[1], accuracy[0])
                .isCloseTo(accuracy[0], within(0.01));
    }

    @Test
    void the1998NetworkLearnsAlikeOnBothEngines() {
        MnistDataset train = SampleData.fashionMnist(Split.TRAIN).withNormalization(Normalization.PAPER_1998);
        MnistDataset test = SampleData.fashionMnist(Split.TEST).withNormalization(Normalization.PAPER_1998);
        double[] accuracy = new double[2];
        for (Engine engine : Engine.values()) {
            ClassicLeNet5 model = new ClassicLeNet5(1, 10, 11, engine);
            try (Trainer trainer = new Trainer(model, new Adam(model.parameters(), AdamConfig.of(1e-3f)),
                    TrainConfig.of(1, 64, 11))) {
                trainer.fit(train, null, TrainingListener.NONE);
                accuracy[engine.ordinal()] = Trainer.evaluate(model, test, 250).accuracy();
            }
        }
        assertThat(accuracy[0]).as("the reference engine learns: %s", accuracy[0]).isGreaterThan(0.2);
        assertThat(accuracy[1]).as("fast %s against reference %s", accuracy[1], accuracy[0])
                .isCloseTo(accuracy[0], within(0.01));
    }
}
