package io.github.lenet5j.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lenet5j.data.MnistDataset;
import io.github.lenet5j.data.SampleData;
import io.github.lenet5j.data.Normalization;
import io.github.lenet5j.data.Split;
import io.github.lenet5j.io.Json;
import io.github.lenet5j.model.Activation;
import io.github.lenet5j.model.ClassicLeNet5;
import io.github.lenet5j.model.LeNet5;
import io.github.lenet5j.model.LeNet5Config;
import io.github.lenet5j.model.Pooling;
import io.github.lenet5j.optim.Adam;
import io.github.lenet5j.optim.AdamConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Full Fashion-MNIST (60,000 / 10,000) training to the accuracy of the PyTorch twin. Needs Debian's
 * dataset-fashion-mnist; without it the tests fail under CI=true and are skipped elsewhere.
 * Each run's epochs are written to target/training/*.json (docs/training.md quotes them).
 */
public class FashionMnistTrainingIT {
    /** Where Debian's dataset-fashion-mnist puts the files. */
    public static final Path DATA = Path.of("/usr/share/datasets/fashion-mnist");
    private static MnistDataset train;
    private static MnistDataset test;

    /** Fails under CI=true when the data is missing; skips elsewhere (other integration tests call it too). */
    public static void requireData() {
        boolean present = Files.isRegularFile(DATA.resolve("train-images-idx3-ubyte.gz"));
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("Fashion-MNIST is missing at " + DATA + ": apt-get install dataset-fashion-mnist");
        }
        Assumptions.assumeTrue(present, "Fashion-MNIST is not installed at " + DATA);
    }

    @BeforeAll
    static void load() throws IOException {
        requireData();
        train = MnistDataset.load(DATA, Split.TRAIN);
        test = MnistDataset.load(DATA, Split.TEST);
        assertThat(train.size()).isEqualTo(60_000);
        assertThat(test.size()).isEqualTo(10_000);
    }

    private static List<EpochResult> train(Activation activation, int epochs, String name) throws IOException {
        LeNet5 model = new LeNet5(new LeNet5Config(1, 10, activation, Pooling.MAX), 1);
        try (Trainer trainer = new Trainer(model, new Adam(model.parameters(), AdamConfig.of(1e-3f)),
                TrainConfig.of(epochs, 64, 1).withThreads(2))) {
            return record(name, trainer.fit(train, test, printer(name)));
        }
    }

    private static TrainingListener printer(String name) {
        return new TrainingListener() {
            @Override
            public void onEpoch(EpochResult r) {
                System.out.printf("%s epoch %d: test accuracy %.4f, %.1f s%n", name, r.epoch(), r.validation().accuracy(), r.seconds());
            }
        };
    }

    /** Writes the epochs to target/training/NAME.json and returns them. */
    private static List<EpochResult> record(String name, List<EpochResult> results) throws IOException {
        List<Object> rows = new ArrayList<>();
        for (EpochResult r : results) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("epoch", r.epoch());
            row.put("train_loss", r.trainLoss());
            row.put("test_loss", r.validation().loss());
            row.put("accuracy", r.validation().accuracy());
            row.put("seconds", r.seconds());
            rows.add(row);
        }
        Files.createDirectories(Path.of("target/training"));
        Files.writeString(Path.of("target/training", name + ".json"), Json.write(rows) + "\n");
        return results;
    }

    private static List<EpochResult> relu;   // shared with the classic comparison

    private static synchronized List<EpochResult> reluFiveEpochs() throws IOException {
        if (relu == null) {
            relu = train(Activation.RELU, 5, "relu-max-adam");
        }
        return relu;
    }

    @Test
    void reluMaxAdamReaches87point5PercentInFiveEpochs() throws IOException {
        assertThat(reluFiveEpochs().get(4).validation().accuracy()).isGreaterThanOrEqualTo(0.875);
    }

    @Test
    void theClassic1998ModelLandsWithinTwoPointsOfTheModernReluModel() throws IOException {
        ClassicLeNet5 model = new ClassicLeNet5(10, 1);
        List<EpochResult> classic;
        try (Trainer trainer = new Trainer(model, new Adam(model.parameters(), AdamConfig.of(1e-3f)),
                TrainConfig.of(5, 64, 1).withThreads(2))) {
            classic = record("classic-adam", trainer.fit(train.withNormalization(Normalization.PAPER_1998),
                    test.withNormalization(Normalization.PAPER_1998), printer("classic-adam")));
        }
        assertThat(classic.get(4).validation().accuracy())
                .isGreaterThanOrEqualTo(reluFiveEpochs().get(4).validation().accuracy() - 0.02);
    }

    @Test
    void defaultSigmoidModelWithAdamReaches85PercentInTenEpochs() throws IOException {
        List<EpochResult> results = train(Activation.SIGMOID, 10, "sigmoid-max-adam");
        assertThat(results.get(9).validation().accuracy()).isGreaterThanOrEqualTo(0.85);
    }

    @Test
    void oneSeededEpochOfTheBundledSampleRepeatedGivesBitIdenticalWeights() throws IOException {
        MnistDataset sample = SampleData.fashionMnist(Split.TRAIN);
        float[][] first = null;
        for (int run = 0; run < 2; run++) {
            LeNet5 model = new LeNet5(LeNet5Config.of(10, true), 2);
            try (Trainer trainer = new Trainer(model, new Adam(model.parameters(), AdamConfig.of(1e-3f)),
                    TrainConfig.of(1, 64, 2).withThreads(2))) {
                trainer.fit(sample, null, TrainingListener.NONE);
            }
            float[][] weights = model.parameters().stream().map(p -> p.value().data().clone()).toArray(float[][]::new);
            if (first == null) {
                first = weights;
            } else {
                for (int i = 0; i < weights.length; i++) {
                    assertThat(weights[i]).containsExactly(first[i]);
                }
            }
        }
    }
}
