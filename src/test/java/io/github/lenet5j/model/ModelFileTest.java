package io.github.lenet5j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lenet5j.Allocations;
import io.github.lenet5j.data.Normalization;
import io.github.lenet5j.data.Preprocessing;
import io.github.lenet5j.io.SafeTensors;
import io.github.lenet5j.io.SafeTensorsException;
import io.github.lenet5j.nn.Parameter;
import io.github.lenet5j.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileTest {
    @TempDir
    Path dir;

    private static Map<String, Tensor> tensorsOf(LeNet5 model) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Parameter p : model.parameters()) {
            tensors.put(p.name(), p.value());
        }
        return tensors;
    }

    @Test
    void aModelLoadsFromAStreamAsFromItsFileAndLeavesNoTemporaryFileBehind() throws Exception {
        LeNet5 model = new LeNet5(new LeNet5Config(1, 3, Activation.RELU, Pooling.MAX), 5);
        Path file = dir.resolve("m.safetensors");
        ModelFile.save(model, List.of("a", "b", "c"), file);
        Path temp = Path.of(System.getProperty("java.io.tmpdir"));
        long before = countModelCopies(temp);
        ModelFile.Loaded loaded;
        try (var in = Files.newInputStream(file)) {
            loaded = ModelFile.load(in);
        }
        assertThat(loaded.model().config()).isEqualTo(model.config());
        assertThat(loaded.classNames()).containsExactly("a", "b", "c");
        for (Parameter p : model.parameters()) {
            assertThat(loaded.model().parameter(p.name()).value().data()).containsExactly(p.value().data());
        }
        assertThatThrownBy(() -> ModelFile.load(new java.io.ByteArrayInputStream(new byte[] {1, 2, 3})))
                .isInstanceOf(SafeTensorsException.class);
        assertThat(countModelCopies(temp)).isEqualTo(before);
    }

    private static long countModelCopies(Path dir) throws java.io.IOException {
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith("lenet5j-model-")).count();
        }
    }

    @Test
    void aSavedModelLoadsBackWithItsArchitectureWeightsAndClassNames() throws Exception {
        LeNet5 model = new LeNet5(new LeNet5Config(3, 4, Activation.TANH, Pooling.SUBSAMPLING), 11);
        Path file = dir.resolve("m.safetensors");
        ModelFile.save(model, List.of("cat", "dog", "bird", "fish \"quoted\""), file);
        ModelFile.Loaded loaded = ModelFile.load(file);
        assertThat(loaded.model().config()).isEqualTo(model.config());
        assertThat(loaded.classNames()).containsExactly("cat", "dog", "bird", "fish \"quoted\"");
        for (Parameter p : model.parameters()) {
            assertThat(loaded.model().parameter(p.name()).value().data()).containsExactly(p.value().data());
        }
        assertThat(SafeTensors.read(file).metadata()).containsEntry("format", "lenet5j").containsEntry("in_channels", "3")
                .containsEntry("num_classes", "4").containsEntry("activation", "tanh").containsEntry("pooling", "subsampling");
    }

    @Test
    void thePreprocessingIsRecordedAsJsonAndLoadsBack() throws Exception {
        LeNet5 model = new LeNet5(new LeNet5Config(3, 4, Activation.RELU, Pooling.MAX), 1);
        Preprocessing p = Preprocessing.pictures(3).withResize(Preprocessing.Resize.STRETCH, 32)
                .withNormalization(new Normalization(0.2860f, 0.3530f));
        Path file = dir.resolve("p.safetensors");
        ModelFile.save(model, List.of("a", "b", "c", "d"), p, file);
        assertThat(ModelFile.load(file).preprocessing()).isEqualTo(p);
        assertThat(ModelFile.load(file).predictor().preprocessing()).isEqualTo(p);
        assertThat(SafeTensors.read(file).metadata()).containsEntry(ModelFile.PREPROCESSING,
                "{\"channels\":3,\"resize\":\"stretch\",\"inner_size\":32,\"invert\":\"never\",\"mean\":0.286,\"std\":0.353}");
        assertThat(ModelFile.metadata(model, List.of(), p)).containsEntry(ModelFile.PREPROCESSING, ModelFile.encode(p));
        assertThatThrownBy(() -> ModelFile.save(model, List.of(), Preprocessing.mnist(1), file))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 channel(s) but the model takes 3");
    }

    @Test
    void aFileWithoutPreprocessingKeepsMnistsConventionAndAnIdxModelRecordsIt() throws Exception {
        LeNet5 model = new LeNet5(LeNet5Config.of(10, true), 2);
        Path file = dir.resolve("old.safetensors");
        Map<String, String> meta = new LinkedHashMap<>(ModelFile.metadata(model, List.of()));
        assertThat(meta).containsEntry(ModelFile.PREPROCESSING, ModelFile.encode(Preprocessing.mnist(1)));
        meta.remove(ModelFile.PREPROCESSING);   // as files were written before it was recorded
        SafeTensors.write(file, tensorsOf(model), meta);
        assertThat(ModelFile.load(file).preprocessing()).isEqualTo(Preprocessing.mnist(1));
        assertThat(ModelFile.load(file, LeNet5Config.of(10, true)).preprocessing()).isEqualTo(Preprocessing.mnist(1));

        ClassicLeNet5 classic = new ClassicLeNet5(1, 10, 0);
        Path classicFile = dir.resolve("classic.safetensors");
        Map<String, String> classicMeta = new LinkedHashMap<>(ModelFile.metadata(classic, List.of()));
        classicMeta.remove(ModelFile.PREPROCESSING);
        SafeTensors.write(classicFile, ModelFile.stateDict(classic), classicMeta);
        assertThat(ModelFile.loadClassic(classicFile).preprocessing())
                .isEqualTo(Preprocessing.mnist(1).withNormalization(Normalization.PAPER_1998));
    }

    @Test
    void invalidPreprocessingMetadataIsRejectedNamingTheKey() throws Exception {
        LeNet5 model = new LeNet5(LeNet5Config.of(10, true), 2);
        Path file = dir.resolve("bad.safetensors");
        for (String bad : List.of("not json", "[1]", "{\"channels\":1}",
                ModelFile.encode(Preprocessing.mnist(3)))) {
            Map<String, String> meta = new LinkedHashMap<>(ModelFile.metadata(model, List.of()));
            meta.put(ModelFile.PREPROCESSING, bad);
            SafeTensors.write(file, tensorsOf(model), meta);
            assertThatThrownBy(() -> ModelFile.load(file)).as(bad).isInstanceOf(SafeTensorsException.class)
                    .hasMessageContaining(file.toString()).hasMessageContaining("invalid lenet5j metadata preprocessing");
        }
    }

    @Test
    void aPlainPyTorchExportLoadsWhenTheCallerGivesTheArchitecture() throws Exception {
        LeNet5 model = new LeNet5(LeNet5Config.of(10, true), 3);
        Path file = dir.resolve("plain.safetensors");
        SafeTensors.write(file, tensorsOf(model));
        assertThatThrownBy(() -> ModelFile.load(file)).isInstanceOf(SafeTensorsException.class)
                .hasMessageContaining("has no lenet5j metadata").hasMessageContaining("--channels");
        LeNet5 loaded = ModelFile.load(file, LeNet5Config.of(10, true)).model();
        assertThat(loaded.parameter("fc2.weight").value().data()).containsExactly(model.parameter("fc2.weight").value().data());
    }

    @Test
    void aMissingExtraOrMisshapenTensorIsNamedInTheError() throws Exception {
        LeNet5Config config = LeNet5Config.of(10, true);
        Map<String, String> meta = Map.of("format", "lenet5j", "in_channels", "1", "num_classes", "10",
                "activation", "sigmoid", "pooling", "max");
        Map<String, Tensor> tensors = tensorsOf(new LeNet5(config, 1));

        Map<String, Tensor> missing = new LinkedHashMap<>(tensors);
        missing.remove("fc3.bias");
        Path a = dir.resolve("missing.safetensors");
        SafeTensors.write(a, missing, meta);
        assertThatThrownBy(() -> ModelFile.load(a)).isInstanceOf(SafeTensorsException.class)
                .hasMessageContaining("missing.safetensors").hasMessageContaining("\"fc3.bias\"").hasMessageContaining("missing");

        Map<String, Tensor> extra = new LinkedHashMap<>(tensors);
        extra.put("fc4.weight", new Tensor(2, 2));
        Path b = dir.resolve("extra.safetensors");
        SafeTensors.write(b, extra, meta);
        assertThatThrownBy(() -> ModelFile.load(b)).isInstanceOf(SafeTensorsException.class)
                .hasMessageContaining("\"fc4.weight\"").hasMessageContaining("is not a parameter");

        Map<String, Tensor> wrong = new LinkedHashMap<>(tensors);
        wrong.put("conv1.weight", new Tensor(6, 3, 5, 5));
        Path c = dir.resolve("wrong.safetensors");
        SafeTensors.write(c, wrong, meta);
        assertThatThrownBy(() -> ModelFile.load(c)).isInstanceOf(SafeTensorsException.class)
                .hasMessageContaining("\"conv1.weight\"").hasMessageContaining("expected shape [6, 1, 5, 5]")
                .hasMessageContaining("[6, 3, 5, 5]");
    }

    @Test
    void invalidMetadataIsRejectedClearly() throws Exception {
        Map<String, Tensor> tensors = tensorsOf(new LeNet5(LeNet5Config.of(10, true), 1));
        Path file = dir.resolve("bad.safetensors");
        SafeTensors.write(file, tensors, Map.of("format", "lenet5j", "in_channels", "one", "num_classes", "10",
                "activation", "sigmoid", "pooling", "max"));
        assertThatThrownBy(() -> ModelFile.load(file)).isInstanceOf(SafeTensorsException.class)
                .hasMessageContaining("'in_channels' is not an integer: one");
        SafeTensors.write(file, tensors, Map.of("format", "lenet5j", "in_channels", "1", "num_classes", "10",
                "activation", "gelu", "pooling", "max"));
        assertThatThrownBy(() -> ModelFile.load(file)).hasMessageContaining("unknown activation 'gelu'");
        SafeTensors.write(file, tensors, Map.of("format", "lenet5j", "in_channels", "1", "num_classes", "10",
                "activation", "sigmoid", "pooling", "max", "class_names", "[\"a\"]"));
        assertThatThrownBy(() -> ModelFile.load(file)).hasMessageContaining("class_names must be a JSON array of 10 strings");
    }

    @Test
    void metadataDeclaringMoreClassesOrChannelsThanTheFileHoldsIsRejectedBeforeAllocatingTheModel() throws Exception {
        Map<String, Tensor> tensors = tensorsOf(new LeNet5(LeNet5Config.of(10, true), 1));
        Path file = dir.resolve("huge.safetensors");
        for (String[] channelsAndClasses : new String[][] {{"1", "2000000000"}, {"1", "20000000"}, {"200000000", "10"}}) {
            SafeTensors.write(file, tensors, Map.of("format", "lenet5j", "in_channels", channelsAndClasses[0],
                    "num_classes", channelsAndClasses[1], "activation", "sigmoid", "pooling", "max"));
            long before = Allocations.ofCurrentThread();
            assertThatThrownBy(() -> ModelFile.load(file)).isInstanceOf(SafeTensorsException.class)
                    .hasMessageContaining("num_classes=" + channelsAndClasses[1]).hasMessageContaining("the file holds");
            assertThat(Allocations.ofCurrentThread() - before).as("bytes allocated").isLessThan(64L << 20);
        }
        SafeTensors.write(file, tensors, Map.of("format", "lenet5j", "preset", "classic", "in_channels", "1",
                "num_classes", "20000000"));
        assertThatThrownBy(() -> ModelFile.loadClassic(file)).isInstanceOf(SafeTensorsException.class)
                .hasMessageContaining("num_classes=20000000");
    }

    @Test
    void aFailedSaveLeavesThePreviousFileUntouched() throws Exception {
        Path file = dir.resolve("m.safetensors");
        ModelFile.save(new LeNet5(LeNet5Config.of(10, true), 1), file);
        byte[] before = Files.readAllBytes(file);
        LeNet5 model = new LeNet5(LeNet5Config.of(3, true), 2);
        assertThatThrownBy(() -> ModelFile.save(model, List.of("only one name"), file))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        assertThat(Files.list(dir)).containsExactly(file);
    }
}
