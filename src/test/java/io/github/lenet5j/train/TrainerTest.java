package io.github.lenet5j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lenet5j.data.MnistDataset;
import io.github.lenet5j.data.SampleData;
import io.github.lenet5j.data.Split;
import io.github.lenet5j.model.Activation;
import io.github.lenet5j.model.LeNet5;
import io.github.lenet5j.model.LeNet5Config;
import io.github.lenet5j.model.Pooling;
import io.github.lenet5j.nn.Parameter;
import io.github.lenet5j.optim.Adam;
import io.github.lenet5j.optim.AdamConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TrainerTest {
    private static MnistDataset train;
    private static MnistDataset test;

    @BeforeAll
    static void load() throws Exception {
        train = SampleData.fashionMnist(Split.TRAIN).subset(0, 1200);
        test = SampleData.fashionMnist(Split.TEST).subset(0, 300);
    }

    private static LeNet5 relu(long seed) {
        return new LeNet5(new LeNet5Config(1, 10, Activation.RELU, Pooling.MAX), seed);
    }

    @Test
    void twoEpochsOnTheSampleLearnFarBeyondChance() {
        LeNet5 model = relu(1);
        Trainer trainer = new Trainer(model, new Adam(model.parameters(), AdamConfig.of(1e-3f)), TrainConfig.of(2, 32, 7));
        List<EpochResult> events = new ArrayList<>();
        List<EpochResult> results = trainer.fit(train, test, new TrainingListener() {
            @Override
            public void onEpoch(EpochResult result) {
                events.add(result);
            }
        });
        assertThat(results).hasSize(2).isEqualTo(events);
        assertThat(results.get(1).trainLoss()).isLessThan(results.get(0).trainLoss());
        assertThat(results.get(1).validation().accuracy()).isGreaterThan(0.6);
        assertThat(results.get(1).validation().total()).isEqualTo(300);
    }

    @Test
    void theSameSeedGivesBitIdenticalWeights() {
        float[][] a = weightsAfterOneEpoch(5), b = weightsAfterOneEpoch(5), c = weightsAfterOneEpoch(6);
        for (int i = 0; i < a.length; i++) {
            assertThat(b[i]).containsExactly(a[i]);
        }
        assertThat(c[0]).isNotEqualTo(a[0]);
    }

    private static float[][] weightsAfterOneEpoch(long seed) {
        LeNet5 model = relu(seed);
        new Trainer(model, new Adam(model.parameters(), AdamConfig.of(1e-3f)), TrainConfig.of(1, 64, seed))
                .fit(train.subset(0, 500), null, TrainingListener.NONE);
        return model.parameters().stream().map(p -> p.value().data().clone()).toArray(float[][]::new);
    }

    @Test
    void evaluationCountsTheConfusionMatrix() {
        Evaluation e = Trainer.evaluate(relu(1), test, 128);
        int sum = 0;
        for (int[] row : e.confusion()) {
            for (int v : row) {
                sum += v;
            }
        }
        assertThat(sum).isEqualTo(300);
        int diagonal = 0;
        for (int c = 0; c < 10; c++) {
            diagonal += e.confusion()[c][c];
        }
        assertThat(e.correct()).isEqualTo(diagonal);
        assertThat(e.loss()).isGreaterThan(1.5);   // an untrained model: about ln 10 = 2.3
    }

    @Test
    void aLabelBeyondTheModelsClassesIsRejectedBeforeTraining() {
        LeNet5 model = new LeNet5(new LeNet5Config(1, 5, Activation.RELU, Pooling.MAX), 1);
        float[] before = model.parameter("fc3.weight").value().data().clone();
        Trainer trainer = new Trainer(model, new Adam(model.parameters(), AdamConfig.of(1e-3f)), TrainConfig.of(1, 32, 1));
        assertThatThrownBy(() -> trainer.fit(train, null, TrainingListener.NONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not a class of the model (0..4)");
        assertThat(model.parameter("fc3.weight").value().data()).containsExactly(before);
    }

    @Test
    void aDatasetWithOtherChannelsIsRejected() {
        LeNet5 model = new LeNet5(LeNet5Config.of(10, false), 1);
        Trainer trainer = new Trainer(model, new Adam(model.parameters(), AdamConfig.of(1e-3f)), TrainConfig.of(1, 32, 1));
        assertThatThrownBy(() -> trainer.fit(train, null, TrainingListener.NONE))
                .hasMessage("the training images have 1 channel(s) but the model expects 3");
    }

    @Test
    void invalidTrainingConfigurationsAreRejected() {
        assertThatThrownBy(() -> TrainConfig.of(0, 32, 1)).hasMessage("epochs must be >= 1, got 0");
        assertThatThrownBy(() -> TrainConfig.of(1, 0, 1)).hasMessage("batch size must be >= 1, got 0");
    }

    static float sum(List<Parameter> params) {
        float s = 0;
        for (Parameter p : params) {
            for (float v : p.value().data()) {
                s += v;
            }
        }
        return s;
    }
}
