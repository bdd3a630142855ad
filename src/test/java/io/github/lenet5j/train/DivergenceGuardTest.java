package io.github.lenet5j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lenet5j.data.Dataset;
import io.github.lenet5j.data.MnistDataset;
import io.github.lenet5j.data.SampleData;
import io.github.lenet5j.data.Split;
import io.github.lenet5j.loss.ClassificationLoss;
import io.github.lenet5j.loss.CrossEntropyLoss;
import io.github.lenet5j.model.Activation;
import io.github.lenet5j.model.LeNet5;
import io.github.lenet5j.model.LeNet5Config;
import io.github.lenet5j.model.Pooling;
import io.github.lenet5j.optim.SGD;
import io.github.lenet5j.optim.SgdConfig;
import io.github.lenet5j.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The guards against NaN and infinity: a poisoned batch never reaches the weights, whatever the policy. */
class DivergenceGuardTest {
    private static final LeNet5Config CONFIG = new LeNet5Config(1, 10, Activation.RELU, Pooling.MAX);
    private static MnistDataset train;   // 128 images: 4 batches of 32

    @TempDir
    Path dir;

    @BeforeAll
    static void load() throws Exception {
        train = SampleData.fashionMnist(Split.TRAIN).subset(0, 128);
    }

    /** Cross-entropy whose value stays finite but whose gradient holds a NaN on forward call {@code poisoned} (from 1). */
    private static final class NanGradientLoss implements ClassificationLoss {
        private final CrossEntropyLoss loss = new CrossEntropyLoss();
        private final int poisoned;
        private int calls;

        NanGradientLoss(int poisoned) {
            this.poisoned = poisoned;
        }

        @Override
        public float forward(Tensor scores, int[] targets) {
            calls++;
            return loss.forward(scores, targets);
        }

        @Override
        public Tensor backward() {
            Tensor grad = loss.backward();
            if (calls == poisoned) {
                grad.data()[0] = Float.NaN;
            }
            return grad;
        }
    }

    /** The training set with one image whose first pixel is NaN. */
    private static Dataset withNanPixel(Dataset data, int poisonedIndex) {
        return new Dataset() {
            @Override
            public int size() {
                return data.size();
            }

            @Override
            public int channels() {
                return data.channels();
            }

            @Override
            public int numClasses() {
                return data.numClasses();
            }

            @Override
            public int label(int index) {
                return data.label(index);
            }

            @Override
            public void image(int index, float[] dest, int offset) {
                data.image(index, dest, offset);
                if (index == poisonedIndex) {
                    dest[offset] = Float.NaN;
                }
            }

            @Override
            public List<String> classNames() {
                return data.classNames();
            }
        };
    }

    private static float[][] weights(LeNet5 model) {
        return model.parameters().stream().map(p -> p.value().data().clone()).toArray(float[][]::new);
    }

    /** Records the weights after every batch. */
    private static final class WeightLog implements TrainingListener {
        final LeNet5 model;
        final List<float[][]> afterBatch = new ArrayList<>();

        WeightLog(LeNet5 model) {
            this.model = model;
        }

        @Override
        public void onBatch(int epoch, int batch, int batches, float loss, int images, double seconds) {
            afterBatch.add(weights(model));
        }
    }

    private static void assertSameWeights(float[][] actual, float[][] expected) {
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).containsExactly(expected[i]);
        }
    }

    @Test
    void aNanGradientStopsBeforeTheStepNamingEpochBatchAndRateAndKeepsTheLastGoodCheckpoint() throws Exception {
        Path file = dir.resolve("nan.ckpt");
        LeNet5 model = new LeNet5(CONFIG, 1);
        WeightLog log = new WeightLog(model);
        // epoch 1 is batches 1-4 (loss calls 1-4); loss call 7 is epoch 2, batch 3
        try (Trainer t = new Trainer(model, () -> new NanGradientLoss(7), new SGD(model.parameters(), SgdConfig.of(0.01f)),
                TrainConfig.of(2, 32, 1)).checkpointing(CheckpointPolicy.everyEpoch(file))) {
            byte[][] checkpoint = new byte[1][];
            assertThatThrownBy(() -> t.fit(train, null, new TrainingListener() {
                @Override
                public void onBatch(int epoch, int batch, int batches, float loss, int images, double seconds) {
                    log.onBatch(epoch, batch, batches, loss, images, seconds);
                    if (epoch == 2 && batch == 1) {
                        checkpoint[0] = read(file);
                    }
                }
            })).isInstanceOf(DivergenceException.class)
                    .hasMessageContaining("epoch 2, batch 3")
                    .hasMessageContaining("the gradient of ")
                    .hasMessageContaining("NaN")
                    .hasMessageContaining("learning rate 0.01")
                    .satisfies(e -> assertThat(((DivergenceException) e).batch()).isEqualTo(3));
            assertThat(read(file)).as("the checkpoint of epoch 1 is untouched").isEqualTo(checkpoint[0]);
        }
        assertThat(log.afterBatch).hasSize(6);
        assertSameWeights(weights(model), log.afterBatch.get(5));   // the poisoned batch never stepped
    }

    @Test
    void skipBatchSkipsTheStepOfAPoisonedGradientCountsItAndGoesOn() {
        LeNet5 model = new LeNet5(CONFIG, 2);
        WeightLog log = new WeightLog(model);
        try (Trainer t = new Trainer(model, () -> new NanGradientLoss(3), new SGD(model.parameters(), SgdConfig.of(0.01f)),
                TrainConfig.of(1, 32, 2)).onDivergence(DivergencePolicy.SKIP_BATCH)) {
            List<EpochResult> results = t.fit(train, null, log);
            assertThat(t.skippedBatches()).isEqualTo(1);
            assertThat(results.get(0).trainLoss()).isFinite();
        }
        assertThat(log.afterBatch).hasSize(4);
        assertSameWeights(log.afterBatch.get(2), log.afterBatch.get(1));   // batch 3 left the weights alone
        assertThat(log.afterBatch.get(3)[0]).isNotEqualTo(log.afterBatch.get(2)[0]);   // batch 4 trained again
    }

    @Test
    void aNanPixelStopsTrainingWithANanLossUnderTheDefaultPolicy() {
        LeNet5 model = new LeNet5(CONFIG, 3);
        float[][] before = weights(model);
        try (Trainer t = new Trainer(model, new SGD(model.parameters(), SgdConfig.of(0.01f)), TrainConfig.of(1, 128, 3))) {
            assertThatThrownBy(() -> t.fit(withNanPixel(train, 5), null, TrainingListener.NONE))
                    .isInstanceOf(DivergenceException.class).hasMessageContaining("epoch 1, batch 1: the loss is NaN");
        }
        assertSameWeights(weights(model), before);
    }

    @Test
    void aNanPixelUnderSkipBatchCostsOnlyItsBatchAndEveryWeightStaysFinite() {
        LeNet5 model = new LeNet5(CONFIG, 4);
        try (Trainer t = new Trainer(model, new SGD(model.parameters(), SgdConfig.of(0.01f)),
                TrainConfig.of(2, 32, 4).withThreads(2)).onDivergence(DivergencePolicy.SKIP_BATCH)) {
            List<EpochResult> results = t.fit(withNanPixel(train, 5), null, TrainingListener.NONE);
            assertThat(t.skippedBatches()).isEqualTo(2);   // once per epoch
            assertThat(results).allSatisfy(r -> assertThat(r.trainLoss()).isFinite());
        }
        for (float[] w : weights(model)) {
            for (float v : w) {
                assertThat(v).isFinite();
            }
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
