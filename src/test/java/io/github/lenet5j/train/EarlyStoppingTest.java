package io.github.lenet5j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lenet5j.data.Dataset;
import io.github.lenet5j.data.DatasetSplit;
import io.github.lenet5j.data.HoldOut;
import io.github.lenet5j.data.Normalization;
import io.github.lenet5j.data.SampleData;
import io.github.lenet5j.data.Split;
import io.github.lenet5j.model.Activation;
import io.github.lenet5j.model.ClassicLeNet5;
import io.github.lenet5j.model.Classifier;
import io.github.lenet5j.model.LeNet5;
import io.github.lenet5j.model.LeNet5Config;
import io.github.lenet5j.model.Pooling;
import io.github.lenet5j.optim.Adam;
import io.github.lenet5j.optim.AdamConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EarlyStoppingTest {
    private static final LeNet5Config CONFIG = new LeNet5Config(1, 10, Activation.RELU, Pooling.MAX);
    private static final int PATIENCE = 2;
    private static Dataset train;
    private static Dataset validation;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() {
        // 240 images to train on and 160 to validate: a fast learning rate overfits within a few epochs
        DatasetSplit split = DatasetSplit.stratified(SampleData.fashionMnist(Split.TRAIN).subset(0, 400),
                HoldOut.count(160), 1);
        train = split.train();
        validation = split.heldOut();
    }

    private static float[][] weights(Classifier model) {
        return model.parameters().stream().map(p -> p.value().data().clone()).toArray(float[][]::new);
    }

    private static void assertSameWeights(float[][] actual, float[][] expected) {
        assertThat(actual.length).isEqualTo(expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).containsExactly(expected[i]);
        }
    }

    private static Trainer trainer(Classifier model, EarlyStopping stopping) {
        return new Trainer(model, new Adam(model.parameters(), AdamConfig.of(3e-3f)), TrainConfig.of(40, 32, 5))
                .earlyStopping(stopping);
    }

    /** Records every epoch's weights as the listener sees them, right after the epoch. */
    private static final class WeightsPerEpoch implements TrainingListener {
        final Classifier model;
        final List<float[][]> weights = new ArrayList<>();

        WeightsPerEpoch(Classifier model) {
            this.model = model;
        }

        @Override
        public void onEpoch(EpochResult result) {
            weights.add(weights(model));
        }
    }

    @Test
    void stopsWhenTheValidationLossHasNotImprovedForPatienceEpochsAndKeepsTheBestWeights() {
        LeNet5 model = new LeNet5(CONFIG, 5);
        WeightsPerEpoch seen = new WeightsPerEpoch(model);
        List<EpochResult> results;
        BestEpoch best;
        try (Trainer trainer = trainer(model, EarlyStopping.patience(PATIENCE))) {
            results = trainer.fit(train, validation, seen);
            best = trainer.best();
            assertThat(trainer.stoppedEarly()).isTrue();
        }
        assertThat(results.size()).isLessThan(40).isEqualTo(best.epoch() + PATIENCE);
        double lowest = results.stream().mapToDouble(r -> r.validation().loss()).min().orElseThrow();
        assertThat(best.validationLoss()).isEqualTo(lowest);
        assertThat(results.get(best.epoch() - 1).isBest()).isTrue();
        assertThat(results.get(results.size() - 1).isBest()).isFalse();
        assertThat(results).allSatisfy(r -> assertThat(r.test()).isNull());
        assertSameWeights(weights(model), seen.weights.get(best.epoch() - 1));
    }

    @Test
    void keepLastLeavesTheLastEpochsWeights() {
        LeNet5 model = new LeNet5(CONFIG, 5);
        WeightsPerEpoch seen = new WeightsPerEpoch(model);
        try (Trainer trainer = trainer(model, new EarlyStopping(PATIENCE, EarlyStopping.Keep.LAST))) {
            trainer.fit(train, validation, seen);
        }
        assertSameWeights(weights(model), seen.weights.get(seen.weights.size() - 1));
    }

    @Test
    void testEachEpochEvaluatesTheTestSetForCurvesWithoutChangingTheRun() {
        LeNet5 plain = new LeNet5(CONFIG, 5), curves = new LeNet5(CONFIG, 5);
        Dataset test = SampleData.fashionMnist(Split.TEST).subset(0, 100);
        List<EpochResult> a, b;
        try (Trainer trainer = trainer(plain, EarlyStopping.patience(PATIENCE))) {
            a = trainer.fit(train, validation, TrainingListener.NONE);
        }
        try (Trainer trainer = trainer(curves, EarlyStopping.patience(PATIENCE)).testEachEpoch(test)) {
            b = trainer.fit(train, validation, TrainingListener.NONE);
        }
        assertThat(b).hasSameSizeAs(a);
        assertThat(b).allSatisfy(r -> assertThat(r.test().total()).isEqualTo(100));
        assertSameWeights(weights(curves), weights(plain));
    }

    @Test
    void aRunResumedMidwayStopsAtTheSameEpochWithBitIdenticalWeights() throws Exception {
        LeNet5 straight = new LeNet5(CONFIG, 5);
        List<EpochResult> uninterrupted;
        try (Trainer trainer = trainer(straight, EarlyStopping.patience(PATIENCE))) {
            uninterrupted = trainer.fit(train, validation, TrainingListener.NONE);
        }
        int bestEpoch = uninterrupted.stream().filter(EpochResult::isBest).mapToInt(EpochResult::epoch).max().orElseThrow();
        // crash in the epoch after the best one: the checkpoint holds a state with a best epoch and epochs since it
        Path file = dir.resolve("run.ckpt");
        LeNet5 first = new LeNet5(CONFIG, 5);
        try (Trainer trainer = trainer(first, EarlyStopping.patience(PATIENCE))
                .checkpointing(new CheckpointPolicy(file, 3, Map.of()))) {
            assertThatThrownBy(() -> trainer.fit(train, validation, new TrainingListener() {
                @Override
                public void onBatch(int epoch, int batch, int batches, float loss, int images, double seconds) {
                    if (epoch == bestEpoch + 2 && batch == 5) {
                        throw new IllegalStateException("simulated crash");
                    }
                }
            })).hasMessage("simulated crash");
        }
        Checkpoint saved = Checkpoint.load(file);
        assertThat(saved.position().epoch()).isEqualTo(bestEpoch + 1);
        assertThat(saved.best()).isEqualTo(new BestEpoch(bestEpoch, saved.best().validationLoss(), 1));
        assertThat(saved.plannedEpochs()).isEqualTo(40);
        assertThat(saved.earlyStopping()).isEqualTo(EarlyStopping.patience(PATIENCE));
        Classifier resumed = saved.newModel();
        List<EpochResult> rest;
        try (Trainer trainer = trainer(resumed, saved.earlyStopping())) {
            trainer.resume(saved);
            rest = trainer.fit(train, validation, TrainingListener.NONE);
        }
        assertThat(rest.get(rest.size() - 1).epoch()).isEqualTo(uninterrupted.get(uninterrupted.size() - 1).epoch());
        assertSameWeights(weights(resumed), weights(straight));
    }

    @Test
    void theClassicNetworkCheckpointsAndResumesBitIdentically() throws Exception {
        Dataset scaled = SampleData.fashionMnist(Split.TRAIN).subset(0, 200).withNormalization(Normalization.PAPER_1998);
        ClassicLeNet5 straight = new ClassicLeNet5(10, 3);
        try (Trainer trainer = new Trainer(straight, new Adam(straight.parameters(), AdamConfig.of(1e-3f)),
                TrainConfig.of(2, 32, 3))) {
            trainer.fit(scaled, null, TrainingListener.NONE);
        }
        Path file = dir.resolve("classic.ckpt");
        ClassicLeNet5 first = new ClassicLeNet5(10, 3);
        try (Trainer trainer = new Trainer(first, new Adam(first.parameters(), AdamConfig.of(1e-3f)),
                TrainConfig.of(2, 32, 3)).checkpointing(new CheckpointPolicy(file, 2, Map.of()))) {
            assertThatThrownBy(() -> trainer.fit(scaled, null, new TrainingListener() {
                @Override
                public void onBatch(int epoch, int batch, int batches, float loss, int images, double seconds) {
                    if (epoch == 2 && batch == 3) {
                        throw new IllegalStateException("simulated crash");
                    }
                }
            })).hasMessage("simulated crash");
        }
        Checkpoint saved = Checkpoint.load(file);
        Classifier resumed = saved.newModel();
        assertThat(resumed).isInstanceOf(ClassicLeNet5.class);
        try (Trainer trainer = new Trainer(resumed, new Adam(resumed.parameters(), AdamConfig.of(1e-3f)),
                TrainConfig.of(2, 32, 3))) {
            trainer.resume(saved);
            trainer.fit(scaled, null, TrainingListener.NONE);
        }
        assertSameWeights(weights(resumed), weights(straight));
    }

    @Test
    void aCheckpointOfOneNetworkDoesNotRestoreIntoTheOther() throws Exception {
        Path file = dir.resolve("modern.ckpt");
        LeNet5 model = new LeNet5(CONFIG, 1);
        Checkpoint.save(file, model, new Adam(model.parameters(), AdamConfig.of(1e-3f)), TrainingPosition.START,
                TrainConfig.of(1, 32, 1), Map.of());
        ClassicLeNet5 classic = new ClassicLeNet5(10, 1);
        assertThatThrownBy(() -> Checkpoint.load(file).restore(classic, new Adam(classic.parameters(), AdamConfig.of(1e-3f))))
                .hasMessageContaining("holds a model");
    }

    @Test
    void earlyStoppingWithoutAValidationSetIsRefused() {
        LeNet5 model = new LeNet5(CONFIG, 1);
        try (Trainer trainer = trainer(model, EarlyStopping.patience(1))) {
            assertThatThrownBy(() -> trainer.fit(train, null, TrainingListener.NONE))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a validation set");
        }
    }
}
