package io.github.lenet5j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.lenet5j.data.MnistDataset;
import io.github.lenet5j.data.SampleData;
import io.github.lenet5j.data.Split;
import io.github.lenet5j.io.SafeTensorsException;
import io.github.lenet5j.model.Activation;
import io.github.lenet5j.model.LeNet5;
import io.github.lenet5j.model.LeNet5Config;
import io.github.lenet5j.model.ModelFile;
import io.github.lenet5j.model.Pooling;
import io.github.lenet5j.nn.Parameter;
import io.github.lenet5j.optim.Adam;
import io.github.lenet5j.optim.AdamConfig;
import io.github.lenet5j.optim.Optimizer;
import io.github.lenet5j.optim.SGD;
import io.github.lenet5j.optim.SgdConfig;
import io.github.lenet5j.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointAndThreadsTest {
    private static final LeNet5Config CONFIG = new LeNet5Config(1, 10, Activation.RELU, Pooling.MAX);
    private static MnistDataset train;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() throws Exception {
        train = SampleData.fashionMnist(Split.TRAIN).subset(0, 300);
    }

    private static float[][] weights(LeNet5 model) {
        return model.parameters().stream().map(p -> p.value().data().clone()).toArray(float[][]::new);
    }

    private static float[][] run(int epochs, int threads, long seed) {
        LeNet5 model = new LeNet5(CONFIG, seed);
        try (Trainer trainer = new Trainer(model, new Adam(model.parameters(), AdamConfig.of(1e-3f)),
                TrainConfig.of(epochs, 32, seed).withThreads(threads))) {
            trainer.fit(train, null, TrainingListener.NONE);
        }
        return weights(model);
    }

    @Test
    void twoThreadsTwiceGiveBitIdenticalWeights() {
        float[][] a = run(1, 2, 3), b = run(1, 2, 3);
        for (int i = 0; i < a.length; i++) {
            assertThat(b[i]).containsExactly(a[i]);
        }
    }

    @Test
    void theEvaluationAfterAnEpochOnThreeThreadsIsTheSingleThreadedOneToTheBit() throws Exception {
        MnistDataset test = SampleData.fashionMnist(Split.TRAIN).subset(1000, 1100);   // 5 batches of 250: 2, 2, 1 a thread
        LeNet5 model = new LeNet5(CONFIG, 6);
        List<EpochResult> results;
        try (Trainer trainer = new Trainer(model, new Adam(model.parameters(), AdamConfig.of(1e-3f)),
                TrainConfig.of(1, 32, 6).withThreads(3))) {
            results = trainer.fit(train, test, TrainingListener.NONE);
        }
        Evaluation parallel = results.get(0).validation(), single = Trainer.evaluate(model, test, 250);
        assertThat(parallel.loss()).isEqualTo(single.loss());
        assertThat(parallel.correct()).isEqualTo(single.correct());
        assertThat(parallel.total()).isEqualTo(1100);
        assertThat(parallel.confusion()).isDeepEqualTo(single.confusion());
    }

    @Test
    void twoThreadsComputeTheSameStepsAsOneUpToSummationOrder() {
        float[][] one = run(1, 1, 4), two = run(1, 2, 4), three = run(1, 3, 4);
        for (int i = 0; i < one.length; i++) {
            for (int j = 0; j < one[i].length; j++) {
                assertThat((double) two[i][j]).isCloseTo(one[i][j], org.assertj.core.api.Assertions.within(2e-3));
                assertThat((double) three[i][j]).isCloseTo(one[i][j], org.assertj.core.api.Assertions.within(2e-3));
            }
        }
    }

    @Test
    void aRunStoppedAfterEpochOneAndResumedEndsBitIdenticalToAnUninterruptedRun() throws Exception {
        float[][] straight = run(2, 2, 5);

        Path file = dir.resolve("run.ckpt");
        LeNet5 first = new LeNet5(CONFIG, 5);
        try (Trainer trainer = new Trainer(first, new Adam(first.parameters(), AdamConfig.of(1e-3f)),
                TrainConfig.of(1, 32, 5).withThreads(2)).checkpointing(CheckpointPolicy.everyEpoch(file))) {
            trainer.fit(train, null, TrainingListener.NONE);
        }
        Checkpoint saved = Checkpoint.load(file);
        assertThat(saved.position()).isEqualTo(new TrainingPosition(1, 0, 0, 0, 0));
        LeNet5 resumed = (LeNet5) saved.newModel();   // seed-0 weights: the checkpoint replaces them
        try (Trainer trainer = new Trainer(resumed, new Adam(resumed.parameters(), AdamConfig.of(1e-3f)),
                TrainConfig.of(2, 32, 5).withThreads(2))) {
            trainer.resume(saved);
            trainer.fit(train, null, TrainingListener.NONE);
        }
        float[][] after = weights(resumed);
        for (int i = 0; i < straight.length; i++) {
            assertThat(after[i]).containsExactly(straight[i]);
        }
    }

    @Test
    void aRunResumedFromTheMiddleOfAnEpochWithSgdMomentumEndsBitIdentical() throws Exception {
        Path file = dir.resolve("mid.ckpt");
        LeNet5 straight = new LeNet5(CONFIG, 6);
        try (Trainer t = new Trainer(straight, sgd(straight), TrainConfig.of(1, 32, 6))) {
            t.fit(train, null, TrainingListener.NONE);
        }
        LeNet5 first = new LeNet5(CONFIG, 6);
        // stop after batch 4 of 10 by failing the listener there; the checkpoint was written after batch 4
        try (Trainer t = new Trainer(first, sgd(first), TrainConfig.of(1, 32, 6))
                .checkpointing(new CheckpointPolicy(file, 2, java.util.Map.of()))) {
            assertThatThrownBy(() -> t.fit(train, null, new TrainingListener() {
                @Override
                public void onBatch(int epoch, int batch, int batches, float loss, int images, double seconds) {
                    if (batch == 5) {
                        throw new IllegalStateException("simulated crash");
                    }
                }
            })).hasMessage("simulated crash");
        }
        Checkpoint saved = Checkpoint.load(file);
        assertThat(saved.position().batch()).isEqualTo(4);
        LeNet5 resumed = new LeNet5(CONFIG, 0);
        try (Trainer t = new Trainer(resumed, sgd(resumed), TrainConfig.of(1, 32, 6))) {
            t.resume(saved);
            List<EpochResult> results = t.fit(train, null, TrainingListener.NONE);
            assertThat(results).hasSize(1);
        }
        float[][] a = weights(straight), b = weights(resumed);
        for (int i = 0; i < a.length; i++) {
            assertThat(b[i]).containsExactly(a[i]);
        }
    }

    @Test
    void aBatchSmallerThanTheThreadCountIsSplitAsIfThereWereOneThreadPerImage() {
        float[][] oneImageOnFour = smallBatchSteps(1, 4), oneImageOnOne = smallBatchSteps(1, 1);
        float[][] threeImagesOnFour = smallBatchSteps(3, 4), threeImagesOnThree = smallBatchSteps(3, 3);
        for (int i = 0; i < oneImageOnOne.length; i++) {
            assertThat(oneImageOnFour[i]).containsExactly(oneImageOnOne[i]);
            assertThat(threeImagesOnFour[i]).containsExactly(threeImagesOnThree[i]);
        }
    }

    /** The weights after five SGD-momentum steps on batches of {@code batch} training images. */
    private static float[][] smallBatchSteps(int batch, int threads) {
        LeNet5 model = new LeNet5(CONFIG, 4);
        try (Trainer trainer = new Trainer(model, sgd(model), TrainConfig.of(1, batch, 4).withThreads(threads))) {
            for (int step = 0; step < 5; step++) {
                Tensor images = new Tensor(batch, 1, 32, 32);
                int[] labels = new int[batch];
                for (int i = 0; i < batch; i++) {
                    train.image(step * batch + i, images.data(), i * train.imageSize());
                    labels[i] = train.label(step * batch + i);
                }
                trainer.step(images, labels);
            }
        }
        return weights(model);
    }

    private static Optimizer sgd(LeNet5 model) {
        return new SGD(model.parameters(), SgdConfig.of(0.01f).withMomentum(0.9f));
    }

    @Test
    void divergenceStopsWithEpochBatchAndRateAndKeepsTheLastGoodCheckpoint() throws Exception {
        Path file = dir.resolve("diverge.ckpt");
        LeNet5 model = new LeNet5(CONFIG, 7);
        SGD optimizer = new SGD(model.parameters(), SgdConfig.of(0.01f));
        try (Trainer t = new Trainer(model, optimizer, TrainConfig.of(1, 32, 7)).checkpointing(CheckpointPolicy.everyEpoch(file))) {
            t.fit(train, null, TrainingListener.NONE);
        }
        byte[] good = Files.readAllBytes(file);
        optimizer.setLearningRate(1e30f);
        try (Trainer t = new Trainer(model, optimizer, TrainConfig.of(2, 32, 7)).checkpointing(CheckpointPolicy.everyEpoch(file))) {
            t.resume(Checkpoint.load(file));
            assertThatThrownBy(() -> t.fit(train, null, TrainingListener.NONE)).isInstanceOf(DivergenceException.class)
                    .hasMessageContaining("epoch 2, batch").hasMessageContaining("learning rate 1.0E30");
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(good);
    }

    @Test
    void aCheckpointFromAnotherSeedOrArchitectureIsRejected() throws Exception {
        Path file = dir.resolve("a.ckpt");
        LeNet5 model = new LeNet5(CONFIG, 8);
        try (Trainer t = new Trainer(model, sgd(model), TrainConfig.of(1, 32, 8)).checkpointing(CheckpointPolicy.everyEpoch(file))) {
            t.fit(train.subset(0, 64), null, TrainingListener.NONE);
        }
        Checkpoint saved = Checkpoint.load(file);
        LeNet5 other = new LeNet5(CONFIG, 8);
        try (Trainer t = new Trainer(other, sgd(other), TrainConfig.of(2, 32, 9))) {
            assertThatThrownBy(() -> t.resume(saved)).hasMessageContaining("seed 8").hasMessageContaining("seed 9");
        }
        LeNet5 sigmoid = new LeNet5(LeNet5Config.of(10, true), 8);
        try (Trainer t = new Trainer(sigmoid, sgd(sigmoid), TrainConfig.of(2, 32, 8))) {
            assertThatThrownBy(() -> t.resume(saved)).isInstanceOf(SafeTensorsException.class).hasMessageContaining("holds a model");
        }
        LeNet5 adamModel = new LeNet5(CONFIG, 8);
        try (Trainer t = new Trainer(adamModel, new Adam(adamModel.parameters(), AdamConfig.of(1e-3f)), TrainConfig.of(2, 32, 8))) {
            assertThatThrownBy(() -> t.resume(saved)).isInstanceOf(SafeTensorsException.class)
                    .hasMessageContaining("optimizer state does not fit");
        }
        Files.write(file, new byte[] {1, 2, 3});
        assertThatThrownBy(() -> Checkpoint.load(file)).isInstanceOf(SafeTensorsException.class);
    }

    @Test
    void aCheckpointGivenAsAModelAndAModelGivenAsACheckpointSayWhatTheyAreAndHowToUseThem() throws Exception {
        Path modelFile = dir.resolve("shirts.safetensors"), checkpoint = dir.resolve("shirts.safetensors.ckpt");
        LeNet5 model = new LeNet5(CONFIG, 8);
        try (Trainer t = new Trainer(model, sgd(model), TrainConfig.of(1, 32, 8)).checkpointing(
                CheckpointPolicy.everyEpoch(checkpoint))) {
            t.fit(train.subset(0, 32), null, TrainingListener.NONE);
        }
        ModelFile.save(model, modelFile);

        SafeTensorsException asModel = catchThrowableOfType(SafeTensorsException.class, () -> ModelFile.load(checkpoint));
        assertThat(asModel).hasMessage(checkpoint + ": a training checkpoint, not a model file: continue training from it"
                + " (lenet5j train --resume " + checkpoint + "; train.Checkpoint.load), or use the model saved with it: "
                + modelFile);
        assertThat(asModel.kind()).isEqualTo(SafeTensorsException.Kind.WRONG_CONTENTS);
        assertThatThrownBy(() -> Checkpoint.load(modelFile)).isInstanceOf(SafeTensorsException.class)
                .hasMessageStartingWith(modelFile + ": a model file, not a training checkpoint")
                .hasMessageContaining("shirts.safetensors.ckpt");
    }

    static float first(List<Parameter> ps) {
        return ps.get(0).value().data()[0];
    }
}
