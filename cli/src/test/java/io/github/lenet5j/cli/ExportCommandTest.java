package io.github.lenet5j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lenet5j.io.Json;
import io.github.lenet5j.io.SafeTensors;
import io.github.lenet5j.io.SafeTensorsFile;
import io.github.lenet5j.model.Activation;
import io.github.lenet5j.model.ClassicLeNet5;
import io.github.lenet5j.model.LeNet5;
import io.github.lenet5j.model.LeNet5Config;
import io.github.lenet5j.model.ModelFile;
import io.github.lenet5j.model.Pooling;
import io.github.lenet5j.nn.Parameter;
import io.github.lenet5j.onnx.OnnxExport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code export}: the ONNX file is the library's ({@link OnnxExport}, which OnnxExportTest and OnnxRuntimeAgreementIT
 * prove in ONNX Runtime), the safetensors file a plain state_dict; a file that is not a readable model is one line.
 */
class ExportCommandTest {
    private static final List<String> NAMES = List.of("a", "b", "c", "d", "e", "f", "g");

    @TempDir
    Path dir;

    @Test
    void writesTheModelAsOnnxByDefaultWithTheMetadataOfItsFile() throws IOException {
        Path onnx = dir.resolve("nested/folder/tiny.onnx");
        CliRunner r = CliRunner.run("export", "--model", TestFiles.tinyModel().toString(), "--out", onnx.toString());
        assertThat(r.status()).as(r.err()).isZero();
        ModelFile.Loaded loaded = ModelFile.load(TestFiles.tinyModel());
        assertThat(Files.readAllBytes(onnx))
                .isEqualTo(OnnxExport.toBytes(loaded.model(), ModelFile.metadata(loaded.model(), loaded.classNames())));
        assertThat(r.out()).startsWith("wrote " + onnx + " (")
                .contains("LeNet5(in_channels=1, num_classes=10, activation=relu, pooling=max) as ONNX, IR version 8, opset 17")
                .contains("input 'input' [N, 1, 32, 32], outputs 'logits' and 'probabilities' [N, 10]");
    }

    @Test
    @SuppressWarnings("unchecked")
    void writesAClassicModelWithItsDistancesAndClassNames() throws IOException {
        ClassicLeNet5 model = new ClassicLeNet5(1, 7, 3);
        Path file = dir.resolve("classic.safetensors");
        ModelFile.save(model, NAMES, file);
        Path onnx = dir.resolve("classic.onnx");
        CliRunner r = CliRunner.run("export", "--model", file.toString(), "--format", "onnx", "--out", onnx.toString(), "--json");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(Files.readAllBytes(onnx)).isEqualTo(OnnxExport.toBytes(model, ModelFile.metadata(model, NAMES)));
        Map<String, Object> o = (Map<String, Object>) Json.parse(r.out());
        assertThat(o).containsEntry("out", onnx.toString()).containsEntry("format", "onnx")
                .containsEntry("bytes", Files.size(onnx)).containsEntry("model", "ClassicLeNet5(in_channels=1, num_classes=7)")
                .containsEntry("outputs", List.of("distances", "probabilities")).containsEntry("opset", 17L);
        assertThat((Map<String, Object>) o.get("metadata")).containsEntry("preset", "classic")
                .containsEntry("class_names", "[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\",\"g\"]");
    }

    @Test
    void safetensorsIsAPlainStateDictThatLoadsBackWithTheArchitectureGiven() throws IOException {
        LeNet5 model = new LeNet5(new LeNet5Config(3, 7, Activation.TANH, Pooling.SUBSAMPLING), 4);
        Path file = dir.resolve("rgb.safetensors");
        ModelFile.save(model, NAMES, file);
        Path plain = dir.resolve("plain.safetensors");
        CliRunner r = CliRunner.run("export", "--model", file.toString(), "--format", "safetensors", "--out", plain.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("as a plain state_dict in safetensors (no metadata)");

        SafeTensorsFile st = SafeTensors.read(plain);
        assertThat(st.metadata()).isEmpty();
        assertThat(st.names()).containsExactlyInAnyOrderElementsOf(ModelFile.stateDict(model).keySet());
        LeNet5 back = ModelFile.load(plain, model.config()).model();
        for (Parameter p : model.parameters()) {
            assertThat(back.parameter(p.name()).value().data()).as(p.name()).containsExactly(p.value().data());
        }
        // ... and a plain file exports to ONNX when its architecture is given, as other commands load it
        CliRunner again = CliRunner.run("export", "--model", plain.toString(), "--channels", "3", "--classes", "7",
                "--activation", "tanh", "--pooling", "subsampling", "--out", dir.resolve("plain.onnx").toString());
        assertThat(again.status()).as(again.err()).isZero();
        assertThat(Files.readAllBytes(dir.resolve("plain.onnx")))
                .isEqualTo(OnnxExport.toBytes(model, ModelFile.metadata(model, List.of())));
    }

    @Test
    void aClassicStateDictHoldsItsParametersAndTheRbfCodes() throws IOException {
        ClassicLeNet5 model = new ClassicLeNet5(10, 2);
        Path file = dir.resolve("classic.safetensors");
        ModelFile.save(model, List.of(), file);
        Path plain = dir.resolve("classic-plain.safetensors");
        CliRunner r = CliRunner.run("export", "--model", file.toString(), "--format", "safetensors", "--out", plain.toString());
        assertThat(r.status()).as(r.err()).isZero();
        SafeTensorsFile st = SafeTensors.read(plain);
        assertThat(st.metadata()).isEmpty();
        assertThat(st.names()).contains("c3.weight", "s2.weight", "rbf.centers").hasSize(13);
        assertThat(st.shape("c3.weight")).containsExactly(60, 5, 5);
    }

    @Test
    void aFileThatIsNotAReadableModelIsOneLineAndNothingIsWritten() throws IOException {
        byte[] model = Files.readAllBytes(TestFiles.tinyModel());
        Path truncated = Files.write(dir.resolve("truncated.safetensors"), Arrays.copyOf(model, model.length / 2));
        Path corrupt = Files.write(dir.resolve("corrupt.safetensors"), new byte[] {(byte) 0xff, 0x7f, 1, 2, 3, 4, 5, 6, 7, 8});
        Path empty = Files.write(dir.resolve("empty.safetensors"), new byte[0]);
        Path text = Files.writeString(dir.resolve("notes.txt"), "not a model at all, just some words\n");
        Path other = dir.resolve("other.safetensors");
        SafeTensors.write(other, Map.of("embedding", new io.github.lenet5j.tensor.Tensor(4, 4)), Map.of());
        Path out = dir.resolve("out.onnx");
        Object[][] cases = {
            {truncated, 1, "truncated.safetensors"},
            {corrupt, 1, "corrupt.safetensors"},
            {empty, 1, "empty.safetensors"},
            {text, 1, "notes.txt"},
            {other, 1, "a LeNet-5 with in_channels=1, num_classes=10 needs more than 990 values but the file holds 16"},
            {dir.resolve("missing.safetensors"), 1, "no model file"},
            {dir, 1, "no model file"},
        };
        for (Object[] c : cases) {
            CliRunner r = CliRunner.run("export", "--model", c[0].toString(), "--out", out.toString());
            assertThat(r.status()).as(c[0] + ": " + r.err()).isEqualTo(c[1]);
            assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
            assertThat(r.err()).startsWith("lenet5j export: ").contains((String) c[2]);
            assertThat(out).doesNotExist();
        }
    }

    @Test
    void usageErrorsAreOneLineWithStatusTwo() {
        String model = TestFiles.tinyModel().toString();
        Object[][] cases = {
            {new String[] {"export", "--model", model, "--format", "tflite", "--out", "x"},
                "unknown format 'tflite': expected onnx or safetensors"},
            {new String[] {"export", "--model", model, "--out", model}, "is the model file itself"},
            {new String[] {"export", "--model", model}, "Missing required option: '--out=FILE'"},
        };
        for (Object[] c : cases) {
            String[] args = (String[]) c[0];
            CliRunner r = CliRunner.run(args);
            assertThat(r.status()).as(String.join(" ", args) + ": " + r.err()).isEqualTo(2);
            assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
            assertThat(r.err()).contains((String) c[1]);
        }
    }
}
