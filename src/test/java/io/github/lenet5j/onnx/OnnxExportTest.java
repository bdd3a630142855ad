package io.github.lenet5j.onnx;

import static io.github.lenet5j.onnx.OnnxRuntimeSession.maxDifference;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxModelMetadata;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.TensorInfo;
import io.github.lenet5j.data.MnistDataset;
import io.github.lenet5j.data.Preprocessing;
import io.github.lenet5j.model.Activation;
import io.github.lenet5j.model.ClassicLeNet5;
import io.github.lenet5j.model.LeNet5;
import io.github.lenet5j.model.LeNet5Config;
import io.github.lenet5j.model.LeNet5Output;
import io.github.lenet5j.model.ModelFile;
import io.github.lenet5j.model.Pooling;
import io.github.lenet5j.nn.Softmax;
import io.github.lenet5j.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The exported files, run by ONNX Runtime: every configuration of both networks computes what lenet5j computes
 * (here on random weights and inputs; OnnxRuntimeAgreementIT on trained weights and Fashion-MNIST), and the file
 * carries the model file's metadata, a dynamic batch and the same bytes for the same model.
 */
class OnnxExportTest {
    private static final double LOGIT_TOLERANCE = 1e-4;
    private static final double PROBABILITY_TOLERANCE = 1e-5;

    static Stream<Arguments> modernConfigurations() {
        List<Arguments> all = new ArrayList<>();
        for (Activation a : Activation.values()) {
            for (Pooling p : Pooling.values()) {
                for (int channels : new int[] {1, 3}) {
                    for (int classes : new int[] {7, 10}) {
                        all.add(Arguments.of(new LeNet5Config(channels, classes, a, p)));
                    }
                }
            }
        }
        return all.stream();
    }

    /** A batch of {@code n} images with values of the order of normalised pixels. */
    private static Tensor randomImages(int n, int channels, long seed) {
        Random random = new Random(seed);
        Tensor images = new Tensor(n, channels, 32, 32);
        float[] x = images.data();
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (1.5 * random.nextGaussian());
        }
        return images;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modernConfigurations")
    void everyModernConfigurationGivesLenet5jsLogitsAndProbabilitiesInOnnxRuntime(LeNet5Config config) throws OrtException {
        LeNet5 model = new LeNet5(config, 5);
        Tensor images = randomImages(6, config.inChannels(), 7);
        LeNet5Output expected = model.forward(images);
        try (OnnxRuntimeSession ort = new OnnxRuntimeSession(OnnxExport.toBytes(model, ModelFile.metadata(model, List.of())))) {
            Map<String, float[]> actual = ort.run(images);
            assertThat(actual).containsOnlyKeys("logits", "probabilities");
            assertThat(maxDifference(actual.get("logits"), expected.logits().data())).isLessThanOrEqualTo(LOGIT_TOLERANCE);
            assertThat(maxDifference(actual.get("probabilities"), expected.probabilities().data()))
                    .isLessThanOrEqualTo(PROBABILITY_TOLERANCE);
        }
    }

    @ParameterizedTest(name = "ClassicLeNet5(in_channels={0}, num_classes={1})")
    @MethodSource("classicConfigurations")
    void everyClassicConfigurationGivesLenet5jsDistancesInOnnxRuntime(int channels, int classes) throws OrtException {
        ClassicLeNet5 model = new ClassicLeNet5(channels, classes, 5);
        Tensor images = randomImages(6, channels, 7);
        float[] distances = model.forward(images).data().clone();
        try (OnnxRuntimeSession ort = new OnnxRuntimeSession(OnnxExport.toBytes(model, ModelFile.metadata(model, List.of())))) {
            Map<String, float[]> actual = ort.run(images);
            assertThat(actual).containsOnlyKeys("distances", "probabilities");
            assertThat(maxDifference(actual.get("distances"), distances)).isLessThanOrEqualTo(LOGIT_TOLERANCE);
            assertThat(maxDifference(actual.get("probabilities"), softmaxOfNegated(distances, classes)))
                    .isLessThanOrEqualTo(PROBABILITY_TOLERANCE);
        }
    }

    static Stream<Arguments> classicConfigurations() {
        return Stream.of(Arguments.of(1, 10), Arguments.of(1, 7), Arguments.of(3, 10), Arguments.of(3, 12));
    }

    /** What the classic file's probabilities are: softmax(−distances), with lenet5j's own softmax. */
    static float[] softmaxOfNegated(float[] distances, int classes) {
        Tensor negated = new Tensor(distances.length / classes, classes);
        for (int i = 0; i < distances.length; i++) {
            negated.data()[i] = -distances[i];
        }
        return new Softmax("probabilities").forward(negated).data().clone();
    }

    @Test
    void theSameModelGivesTheSameBytesWhateverTheMetadataMapsOrder() {
        LeNet5 model = new LeNet5(new LeNet5Config(1, 10, Activation.RELU, Pooling.SUBSAMPLING), 3);
        Map<String, String> metadata = ModelFile.metadata(model, MnistDataset.FASHION_MNIST_CLASSES);
        Map<String, String> reversed = new LinkedHashMap<>();
        List<String> keys = new ArrayList<>(metadata.keySet());
        java.util.Collections.reverse(keys);
        keys.forEach(k -> reversed.put(k, metadata.get(k)));
        byte[] first = OnnxExport.toBytes(model, metadata);
        assertThat(OnnxExport.toBytes(model, metadata)).isEqualTo(first);
        assertThat(OnnxExport.toBytes(model, new HashMap<>(reversed))).isEqualTo(first);
        LeNet5 sameSeed = new LeNet5(model.config(), 3);
        assertThat(OnnxExport.toBytes(sameSeed, metadata)).isEqualTo(first);

        sameSeed.parameter("fc3.bias").value().data()[9] += 1e-3f;
        assertThat(OnnxExport.toBytes(sameSeed, metadata)).isNotEqualTo(first);

        ClassicLeNet5 classic = new ClassicLeNet5(10, 4);
        assertThat(OnnxExport.toBytes(classic, ModelFile.metadata(classic, List.of())))
                .isEqualTo(OnnxExport.toBytes(new ClassicLeNet5(10, 4), ModelFile.metadata(classic, List.of())));
    }

    @Test
    void thePreprocessingOfAModelTrainedOnPicturesTravelsInTheMetadata() throws OrtException {
        LeNet5 model = new LeNet5(new LeNet5Config(3, 4, Activation.RELU, Pooling.MAX), 2);
        Preprocessing p = Preprocessing.pictures(3).withResize(Preprocessing.Resize.STRETCH, 32);
        Map<String, String> metadata = ModelFile.metadata(model, List.of("circle", "square", "star", "triangle"), p);
        try (OnnxRuntimeSession ort = new OnnxRuntimeSession(OnnxExport.toBytes(model, metadata))) {
            assertThat(ort.session().getMetadata().getCustomMetadata()).isEqualTo(metadata)
                    .containsEntry(ModelFile.PREPROCESSING, "{\"channels\":3,\"resize\":\"stretch\",\"inner_size\":32,"
                            + "\"invert\":\"never\",\"mean\":0.0,\"std\":1.0}");
        }
    }

    @Test
    void theFileCarriesTheModelFilesMetadataADynamicBatchAndItsVersions() throws OrtException {
        LeNet5 model = new LeNet5(LeNet5Config.of(10, true), 1);
        Map<String, String> metadata = ModelFile.metadata(model, MnistDataset.FASHION_MNIST_CLASSES);
        try (OnnxRuntimeSession ort = new OnnxRuntimeSession(OnnxExport.toBytes(model, metadata))) {
            OnnxModelMetadata props = ort.session().getMetadata();
            assertThat(props.getCustomMetadata()).isEqualTo(metadata)
                    .containsEntry("class_names", "[\"T-shirt/top\",\"Trouser\",\"Pullover\",\"Dress\",\"Coat\","
                            + "\"Sandal\",\"Shirt\",\"Sneaker\",\"Bag\",\"Ankle boot\"]");
            assertThat(props.getProducerName()).isEqualTo("lenet5j");
            assertThat(props.getGraphName()).isEqualTo("lenet5");
            assertThat(props.getDescription()).contains("activation=sigmoid, pooling=max");
            assertThat(shape(ort.session().getInputInfo().get("input"))).containsExactly(-1, 1, 32, 32);
            assertThat(shape(ort.session().getOutputInfo().get("logits"))).containsExactly(-1, 10);
            assertThat(shape(ort.session().getOutputInfo().get("probabilities"))).containsExactly(-1, 10);
            for (int batch : new int[] {1, 5, 1}) {   // one session, several batch sizes
                Tensor images = randomImages(batch, 1, batch);
                float[] expected = model.forward(images).logits().data().clone();
                assertThat(maxDifference(ort.run(images).get("logits"), expected)).isLessThanOrEqualTo(LOGIT_TOLERANCE);
            }
        }
        byte[] bytes = OnnxExport.toBytes(model, metadata);
        assertThat(bytes[0]).as("ir_version is field 1, a varint").isEqualTo((byte) 0x08);
        assertThat(bytes[1]).isEqualTo((byte) OnnxExport.IR_VERSION);
    }

    private static long[] shape(NodeInfo info) {
        return ((TensorInfo) info.getInfo()).getShape();
    }

    @Test
    void theClassicFilesProbabilitiesRankTheClassesAsTheDistancesDo() throws OrtException {
        ClassicLeNet5 model = new ClassicLeNet5(10, 2);
        Tensor images = randomImages(20, 1, 3);
        try (OnnxRuntimeSession ort = new OnnxRuntimeSession(OnnxExport.toBytes(model, ModelFile.metadata(model, List.of())))) {
            Map<String, float[]> out = ort.run(images);
            assertThat(ort.session().getMetadata().getCustomMetadata()).containsEntry("preset", "classic");
            assertThat(ort.session().getMetadata().getGraphName()).isEqualTo("classic-lenet5");
            int[] nearest = ClassicLeNet5.argmin(new Tensor(out.get("distances"), 20, 10));
            float[] p = out.get("probabilities");
            for (int n = 0; n < 20; n++) {
                int best = 0;
                double sum = 0;
                for (int k = 0; k < 10; k++) {
                    best = p[n * 10 + k] > p[n * 10 + best] ? k : best;
                    sum += p[n * 10 + k];
                }
                assertThat(best).isEqualTo(nearest[n]);
                assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
            }
        }
    }

    @Test
    void metadataThatDescribesAnotherArchitectureIsRefused() {
        LeNet5 sigmoid = new LeNet5(LeNet5Config.of(10, true), 0);
        LeNet5 relu = new LeNet5(LeNet5Config.of(10, true).withActivation(Activation.RELU), 0);
        assertThatThrownBy(() -> OnnxExport.toBytes(sigmoid, ModelFile.metadata(relu, List.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the metadata does not describe the model: activation is 'relu', the model's is 'sigmoid'");
        assertThatThrownBy(() -> OnnxExport.toBytes(new ClassicLeNet5(10, 0), ModelFile.metadata(sigmoid, List.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("preset is missing, the model's is 'classic'");
    }

    @Test
    void saveWritesTheBytesAndNothingElse(@TempDir Path dir) throws IOException {
        ClassicLeNet5 model = new ClassicLeNet5(10, 1);
        Map<String, String> metadata = ModelFile.metadata(model, List.of());
        Path file = dir.resolve("classic.onnx");
        Files.writeString(file, "an older file");
        OnnxExport.save(model, metadata, file);
        assertThat(Files.readAllBytes(file)).isEqualTo(OnnxExport.toBytes(model, metadata));
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }
}
