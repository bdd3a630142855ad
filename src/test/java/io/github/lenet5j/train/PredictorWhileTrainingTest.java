package io.github.lenet5j.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lenet5j.data.DataLoader;
import io.github.lenet5j.data.Augmentation;
import io.github.lenet5j.data.MnistDataset;
import io.github.lenet5j.data.SampleData;
import io.github.lenet5j.data.Split;
import io.github.lenet5j.model.Activation;
import io.github.lenet5j.model.LeNet5;
import io.github.lenet5j.model.LeNet5Config;
import io.github.lenet5j.model.Pooling;
import io.github.lenet5j.model.Predictor;
import io.github.lenet5j.nn.Parameter;
import io.github.lenet5j.optim.SGD;
import io.github.lenet5j.optim.SgdConfig;
import io.github.lenet5j.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The Predictor's contract while a model trains on another thread: a predictor made with
 * {@link Trainer#predictor()} holds the weights after some whole optimizer step, keeps them however
 * training goes on, and gives the same output for the same input every time.
 */
class PredictorWhileTrainingTest {
    private static final LeNet5Config CONFIG = new LeNet5Config(1, 10, Activation.RELU, Pooling.MAX);

    /** What one reader saw: a predictor and its first answer for the probe images. */
    private record Seen(Predictor predictor, float[] probabilities) {
    }

    @Test
    void predictorsTakenWhileAnotherThreadTrainsHoldTheWeightsOfAWholeStepAndKeepThem() throws Exception {
        MnistDataset train = SampleData.fashionMnist(Split.TRAIN).subset(0, 512);
        Tensor probe = new DataLoader(SampleData.fashionMnist(Split.TEST), 16, false, 0, Augmentation.NONE)
                .batch(0, 0).images().copy();
        LeNet5 model = new LeNet5(CONFIG, 11);
        List<float[][]> states = new ArrayList<>();   // the weights after every step, logged on the training thread
        states.add(weights(model));
        ConcurrentLinkedQueue<Seen> seen = new ConcurrentLinkedQueue<>();
        AtomicBoolean training = new AtomicBoolean(true);
        ExecutorService readers = Executors.newFixedThreadPool(3);
        try (Trainer trainer = new Trainer(model, new SGD(model.parameters(), SgdConfig.of(0.05f).withMomentum(0.9f)),
                TrainConfig.of(2, 32, 11))) {
            List<Future<?>> futures = new ArrayList<>();
            for (int r = 0; r < 3; r++) {
                futures.add(readers.submit(() -> read(trainer::predictor, probe, training, seen)));
            }
            trainer.fit(train, null, new TrainingListener() {
                @Override
                public void onBatch(int epoch, int batch, int batches, float loss, int images, double seconds) {
                    states.add(weights(model));
                }
            });
            training.set(false);
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            readers.shutdown();
            assertThat(readers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }

        // the serial recomputation: the probe's probabilities under each logged state
        Set<List<Float>> possible = new HashSet<>();
        for (float[][] state : states) {
            possible.add(boxed(forward(state, probe)));
        }
        assertThat(seen).hasSizeGreaterThan(3);
        Set<List<Float>> distinct = new HashSet<>();
        for (Seen s : seen) {
            assertThat(s.predictor().probabilities(probe).data()).as("the snapshot did not move with training")
                    .containsExactly(s.probabilities());
            assertThat(possible).as("the output of the weights after some whole step").contains(boxed(s.probabilities()));
            distinct.add(boxed(s.probabilities()));
        }
        System.out.printf("%d predictors taken during training saw %d of the %d weight states%n",
                seen.size(), distinct.size(), states.size());
    }

    /** One reader: takes predictors until training ends; each predicts the probe twice (and image by image once). */
    static void read(Supplier<Predictor> take, Tensor probe, AtomicBoolean training, ConcurrentLinkedQueue<Seen> seen) {
        do {
            Predictor p = take.get();
            float[] first = p.probabilities(probe).data();
            assertThat(p.probabilities(probe).data()).as("same input twice, same output").containsExactly(first);
            float[] one = new float[32 * 32];
            System.arraycopy(probe.data(), 3 * one.length, one, 0, one.length);
            assertThat(p.probabilities(one)).containsExactly(Arrays.copyOfRange(first, 3 * 10, 4 * 10));
            seen.add(new Seen(p, first));
        } while (training.get());
    }

    private static float[][] weights(LeNet5 model) {
        return model.parameters().stream().map(p -> p.value().data().clone()).toArray(float[][]::new);
    }

    private static float[] forward(float[][] state, Tensor images) {
        LeNet5 m = new LeNet5(CONFIG, 0);
        List<Parameter> ps = m.parameters();
        for (int i = 0; i < ps.size(); i++) {
            System.arraycopy(state[i], 0, ps.get(i).value().data(), 0, state[i].length);
        }
        return m.forward(images).probabilities().data().clone();
    }

    private static List<Float> boxed(float[] values) {
        List<Float> list = new ArrayList<>(values.length);
        for (float v : values) {
            list.add(v);
        }
        return list;
    }
}
