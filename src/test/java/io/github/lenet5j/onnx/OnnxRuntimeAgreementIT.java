package io.github.lenet5j.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OrtException;
import io.github.lenet5j.data.Dataset;
import io.github.lenet5j.data.MnistDataset;
import io.github.lenet5j.data.Normalization;
import io.github.lenet5j.data.Split;
import io.github.lenet5j.io.Json;
import io.github.lenet5j.io.SafeTensors;
import io.github.lenet5j.model.Activation;
import io.github.lenet5j.model.ClassicLeNet5;
import io.github.lenet5j.model.Classifier;
import io.github.lenet5j.model.LeNet5;
import io.github.lenet5j.model.LeNet5Config;
import io.github.lenet5j.model.LeNet5Output;
import io.github.lenet5j.model.ModelFile;
import io.github.lenet5j.model.Pooling;
import io.github.lenet5j.optim.Adam;
import io.github.lenet5j.optim.AdamConfig;
import io.github.lenet5j.tensor.Tensor;
import io.github.lenet5j.train.FashionMnistTrainingIT;
import io.github.lenet5j.train.TrainConfig;
import io.github.lenet5j.train.Trainer;
import io.github.lenet5j.train.TrainingListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The proof of the ONNX export on trained weights: six configurations, each trained for one seeded epoch on
 * Fashion-MNIST's 60,000 training images (so that the probabilities are far from uniform: a wrong softmax or a
 * wrong scale shows), exported, loaded by ONNX Runtime, and run on the 10,000 test images beside lenet5j. ONNX
 * Runtime's logits must be within 1e-4 (the classic network's distances within 1e-4 plus 4 units in their last
 * place) and its probabilities within 1e-5 of lenet5j's on the first 1,000 images, and its predicted class the
 * same on all 10,000.
 *
 * <p>Needs Debian's dataset-fashion-mnist: fails under CI=true without it, skips elsewhere. Writes each exported
 * file to {@code target/onnx/NAME.onnx}, the first 16 test images with lenet5j's outputs to
 * {@code NAME.expected.safetensors} (for {@code tools/onnx/check_onnx.py}), and the figures to
 * {@code target/onnx/agreement.json} (docs/interop.md quotes them).
 */
class OnnxRuntimeAgreementIT {
    private static final Path OUT = Path.of("target/onnx");
    private static final int COMPARED = 1_000;
    private static final int BATCH = 1_000;
    private static final Map<String, Object> FIGURES = new TreeMap<>();
    private static MnistDataset train;
    private static MnistDataset test;

    @BeforeAll
    static void load() throws IOException {
        FashionMnistTrainingIT.requireData();
        train = MnistDataset.load(FashionMnistTrainingIT.DATA, Split.TRAIN).withClassNames(MnistDataset.FASHION_MNIST_CLASSES);
        test = MnistDataset.load(FashionMnistTrainingIT.DATA, Split.TEST).withClassNames(MnistDataset.FASHION_MNIST_CLASSES);
        Files.createDirectories(OUT);
    }

    @AfterAll
    static void writeFigures() throws IOException {
        if (!FIGURES.isEmpty()) {
            Files.writeString(OUT.resolve("agreement.json"), Json.write(FIGURES) + "\n");
        }
    }

    @Test
    void theModernDefaultSigmoidWithMaxPooling() throws Exception {
        modern("sigmoid-max", LeNet5Config.of(10, true), train, test);
    }

    @Test
    void reluWithMaxPooling() throws Exception {
        modern("relu-max", new LeNet5Config(1, 10, Activation.RELU, Pooling.MAX), train, test);
    }

    @Test
    void tanhWithAveragePooling() throws Exception {
        modern("tanh-avg", new LeNet5Config(1, 10, Activation.TANH, Pooling.AVG), train, test);
    }

    @Test
    void trainableSubsampling() throws Exception {
        modern("sigmoid-subsampling", new LeNet5Config(1, 10, Activation.SIGMOID, Pooling.SUBSAMPLING), train, test);
    }

    @Test
    void rgbWithSevenClasses() throws Exception {
        int[] firstSeven = IntStream.range(0, train.size()).filter(i -> train.label(i) < 7).toArray();
        modern("rgb-7-classes", new LeNet5Config(3, 7, Activation.SIGMOID, Pooling.MAX),
                new ThreeChannels(train, firstSeven, 7), new ThreeChannels(test, IntStream.range(0, test.size()).toArray(), 7));
    }

    @Test
    void theClassic1998Network() throws Exception {
        ClassicLeNet5 model = new ClassicLeNet5(10, 1);
        MnistDataset scaledTrain = train.withNormalization(Normalization.PAPER_1998);
        try (Trainer trainer = new Trainer(model, new Adam(model.parameters(), AdamConfig.of(1e-3f)),
                TrainConfig.of(1, 64, 1).withThreads(2))) {
            trainer.fit(scaledTrain, null, TrainingListener.NONE);
        }
        byte[] onnx = OnnxExport.toBytes(model, ModelFile.metadata(model, test.classNames()));
        compare("classic-1998", model, onnx, test.withNormalization(Normalization.PAPER_1998), OnnxExport.DISTANCES,
                images -> {
                    float[] distances = model.forward(images).data().clone();
                    return new float[][] {distances, OnnxExportTest.softmaxOfNegated(distances, model.numClasses())};
                });
    }

    private static void modern(String name, LeNet5Config config, Dataset trainSet, Dataset testSet) throws Exception {
        LeNet5 model = new LeNet5(config, 1);
        try (Trainer trainer = new Trainer(model, new Adam(model.parameters(), AdamConfig.of(1e-3f)),
                TrainConfig.of(1, 64, 1).withThreads(2))) {
            trainer.fit(trainSet, null, TrainingListener.NONE);
        }
        byte[] onnx = OnnxExport.toBytes(model, ModelFile.metadata(model, testSet.classNames()));
        compare(name, model, onnx, testSet, OnnxExport.LOGITS, images -> {
            LeNet5Output out = model.forward(images);
            return new float[][] {out.logits().data().clone(), out.probabilities().data().clone()};
        });
    }

    /** lenet5j's scores and probabilities of a batch, each {@code [N·K]}. */
    @FunctionalInterface
    private interface Lenet5j {
        float[][] outputs(Tensor images);
    }

    /**
     * Runs lenet5j and ONNX Runtime on every image of {@code data}, in batches of 1,000, and checks the scores (logits
     * or distances) and probabilities of the first 1,000 images and the predictions of all. A distance may also
     * differ by 4 units in its last place: distances reach ~200, where a float's spacing is 1.5e-5, so 1e-4 alone
     * would be 7 roundings of a sum of 84 squares (logits stay below ~20).
     */
    private static void compare(String name, Classifier model, byte[] onnx, Dataset data, String scoresName, Lenet5j lenet5j)
            throws OrtException, IOException {
        Files.write(OUT.resolve(name + ".onnx"), onnx);
        int k = model.numClasses();
        boolean distances = model.smallestScoreWins();
        double scoreFirst = 0, beyondTolerance = 0, probabilityFirst = 0, scoreAll = 0, probabilityAll = 0;
        double confidence = 0, largestScore = 0;
        int differing = 0, correct = 0, labelled = 0;
        try (OnnxRuntimeSession ort = new OnnxRuntimeSession(onnx)) {
            for (int from = 0; from < data.size(); from += BATCH) {
                int n = Math.min(BATCH, data.size() - from);
                Tensor images = batch(data, from, n);
                float[][] expected = lenet5j.outputs(images);
                Map<String, float[]> actual = ort.run(images);
                float[] scores = actual.get(scoresName), probabilities = actual.get(OnnxExport.PROBABILITIES);
                assertThat(scores).hasSize(n * k);
                assertThat(probabilities).hasSize(n * k);
                for (int i = 0; i < n * k; i++) {
                    double scoreDifference = Math.abs((double) scores[i] - expected[0][i]);
                    double probabilityDifference = Math.abs((double) probabilities[i] - expected[1][i]);
                    if (Double.isNaN(scoreDifference) || Double.isNaN(probabilityDifference)) {
                        throw new AssertionError(name + ": NaN at image " + (from + i / k));
                    }
                    if (from + i / k < COMPARED) {
                        scoreFirst = Math.max(scoreFirst, scoreDifference);
                        double slack = distances ? 4 * Math.ulp(expected[0][i]) : 0;
                        beyondTolerance = Math.max(beyondTolerance, scoreDifference - slack - 1e-4);
                        probabilityFirst = Math.max(probabilityFirst, probabilityDifference);
                    }
                    scoreAll = Math.max(scoreAll, scoreDifference);
                    probabilityAll = Math.max(probabilityAll, probabilityDifference);
                    largestScore = Math.max(largestScore, Math.abs(expected[0][i]));
                }
                Tensor lenetScores = new Tensor(expected[0], n, k), ortScores = new Tensor(scores, n, k);
                for (int row = 0; row < n; row++) {
                    int predicted = model.predictedClass(lenetScores, row);
                    differing += predicted == model.predictedClass(ortScores, row) ? 0 : 1;
                    confidence += expected[1][row * k + predicted];
                    if (data.label(from + row) < k) {
                        labelled++;
                        correct += predicted == data.label(from + row) ? 1 : 0;
                    }
                }
                if (from == 0) {
                    writeExpected(name, images, scoresName, expected, k);
                }
            }
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("accuracy", (double) correct / labelled);
        figures.put("mean_top_probability", confidence / data.size());
        figures.put("largest_" + scoresName, largestScore);
        figures.put("max_" + scoresName + "_difference_first_1000", scoreFirst);
        figures.put("max_probability_difference_first_1000", probabilityFirst);
        figures.put("max_" + scoresName + "_difference_all", scoreAll);
        figures.put("max_probability_difference_all", probabilityAll);
        figures.put("differing_predictions", differing);
        figures.put("images", data.size());
        synchronized (FIGURES) {
            FIGURES.put(name, figures);
        }
        System.out.println("ONNX Runtime vs lenet5j, " + name + ": " + figures);

        assertThat(correct / (double) labelled).as("%s: trained, so that the comparison means something", name)
                .isGreaterThan(0.6);
        assertThat(confidence / data.size()).as("%s: mean probability of the predicted class", name).isGreaterThan(0.6);
        assertThat(beyondTolerance).as("%s: largest %s difference on %d images (%s) beyond the tolerance", name,
                scoresName, COMPARED, scoreFirst).isLessThanOrEqualTo(0);
        assertThat(probabilityFirst).as("%s: largest probability difference on %d images", name, COMPARED)
                .isLessThanOrEqualTo(1e-5);
        assertThat(differing).as("%s: predictions that differ out of %d", name, data.size()).isZero();
    }

    private static Tensor batch(Dataset data, int from, int n) {
        Tensor images = new Tensor(n, data.channels(), Dataset.SIDE, Dataset.SIDE);
        for (int i = 0; i < n; i++) {
            data.image(from + i, images.data(), i * data.imageSize());
        }
        return images;
    }

    /** The first 16 images and lenet5j's outputs for them, as safetensors: tools/onnx/check_onnx.py compares with them. */
    private static void writeExpected(String name, Tensor images, String scoresName, float[][] expected, int k) throws IOException {
        int n = 16, size = images.size() / images.dim(0);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put(OnnxExport.INPUT, new Tensor(Arrays.copyOf(images.data(), n * size), n, images.dim(1), Dataset.SIDE, Dataset.SIDE));
        tensors.put(scoresName, new Tensor(Arrays.copyOf(expected[0], n * k), n, k));
        tensors.put(OnnxExport.PROBABILITIES, new Tensor(Arrays.copyOf(expected[1], n * k), n, k));
        SafeTensors.write(OUT.resolve(name + ".expected.safetensors"), tensors, Map.of("model", name + ".onnx"));
    }

    /**
     * A grayscale dataset as three channels that differ (the image, mirrored left-right, upside down), so that a
     * mix-up of input channels in the export would show; the classes are the first {@code numClasses}.
     */
    private record ThreeChannels(MnistDataset gray, int[] indices, int numClasses) implements Dataset {
        @Override
        public int size() {
            return indices.length;
        }

        @Override
        public int channels() {
            return 3;
        }

        @Override
        public int label(int index) {
            return gray.label(indices[index]);
        }

        @Override
        public void image(int index, float[] dest, int offset) {
            float[] plane = new float[SIDE * SIDE];
            gray.image(indices[index], plane, 0);
            for (int y = 0; y < SIDE; y++) {
                for (int x = 0; x < SIDE; x++) {
                    dest[offset + y * SIDE + x] = plane[y * SIDE + x];
                    dest[offset + SIDE * SIDE + y * SIDE + x] = plane[y * SIDE + (SIDE - 1 - x)];
                    dest[offset + 2 * SIDE * SIDE + y * SIDE + x] = plane[(SIDE - 1 - y) * SIDE + x];
                }
            }
        }

        @Override
        public List<String> classNames() {
            return gray.classNames().subList(0, numClasses);
        }
    }
}
