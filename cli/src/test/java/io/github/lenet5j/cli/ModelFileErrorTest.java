package io.github.lenet5j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lenet5j.io.Json;
import io.github.lenet5j.io.SafeTensors;
import io.github.lenet5j.model.ModelFile;
import io.github.lenet5j.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file that is not a model, given as --model, is refused in one line that says what it is and what to do. */
class ModelFileErrorTest {
    @TempDir
    Path dir;

    /** Every command that reads --model, with the arguments it needs besides. */
    private List<List<String>> commands(Path model) throws IOException {
        Path picture = TestFiles.inkOnPaper(dir, "ink.png", 28, 28);
        return List.of(List.of("eval", "--model", model.toString(), "--limit", "10"),
                List.of("predict", "--model", model.toString(), picture.toString()),
                List.of("visualize", "--model", model.toString(), "--out", dir.resolve("vis").toString()),
                List.of("summary", "--model", model.toString()),
                List.of("export", "--model", model.toString(), "--out", dir.resolve("out.onnx").toString()),
                List.of("serve", "--model", model.toString(), "--port", "0"));
    }

    private void everyCommandSays(Path model, String message) throws IOException {
        for (List<String> args : commands(model)) {
            CliRunner r = CliRunner.run(args.toArray(String[]::new));
            assertThat(r.status()).as(args + "\n" + r.err()).isEqualTo(Main.FAILURE);
            assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
            assertThat(r.err()).startsWith("lenet5j " + args.get(0) + ": " + model + ": ").contains(message);
        }
    }

    @Test
    void aPictureGivenAsTheModelIsNotASafetensorsFile() throws IOException {
        Path png = TestFiles.inkOnPaper(dir, "shirt.png", 64, 64);
        everyCommandSays(png, "not a safetensors file (its first bytes are those of a PNG image): header length");
    }

    @Test
    void aTruncatedModelSaysWhereTheFileEndsAndWhatItsHeaderNeeds() throws IOException {
        byte[] whole = Files.readAllBytes(TestFiles.tinyModel());
        Path cut = Files.write(dir.resolve("cut.safetensors"), Arrays.copyOf(whole, whole.length / 2));
        everyCommandSays(cut, "truncated: the file ends at byte " + whole.length / 2 + ", its header needs " + whole.length);
        Path headerCut = Files.write(dir.resolve("header-cut.safetensors"), Arrays.copyOf(whole, 100));
        everyCommandSays(headerCut, "truncated: the file ends at byte 100, its header needs ");
    }

    @Test
    void aCheckpointGivenAsTheModelSaysItIsOneAndHowToUseIt() throws IOException {
        Path model = dir.resolve("relu.safetensors");
        CliRunner r = CliRunner.run("train", "--epochs", "1", "--limit", "64", "--activation", "relu", "--no-report",
                "--out", model.toString());
        assertThat(r.status()).as(r.err()).isZero();
        everyCommandSays(dir.resolve("relu.safetensors.ckpt"), "a training checkpoint, not a model file: continue training"
                + " from it (lenet5j train --resume " + dir.resolve("relu.safetensors.ckpt") + "; train.Checkpoint.load),"
                + " or use the model saved with it: " + model);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aPlainStateDictSaysWhatWasAssumedAndWhichFlagsSetIt() throws IOException {
        Path plain = dir.resolve("plain.safetensors");
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        ModelFile.load(TestFiles.tinyModel()).model().parameters().forEach(p -> tensors.put(p.name(), p.value()));
        SafeTensors.write(plain, tensors);   // as safetensors.torch.save_file(model.state_dict(), ...) writes it
        String assumed = plain + " does not record its architecture (no lenet5j metadata: a plain PyTorch state_dict?);"
                + " assuming activation sigmoid (the default, --activation sigmoid|relu|tanh), pooling max (the default,"
                + " --pooling max|avg), 1 input channel (from the tensors' shapes), 10 classes (from the tensors' shapes)";

        for (List<String> args : commands(plain).subList(0, 5)) {
            CliRunner r = CliRunner.run(args.toArray(String[]::new));
            assertThat(r.status()).as(args + "\n" + r.err()).isZero();
            assertThat(r.err()).as(args.toString()).isEqualTo("lenet5j " + args.get(0) + ": " + assumed
                    + System.lineSeparator());
        }
        CliRunner relu = CliRunner.run("eval", "--model", plain.toString(), "--limit", "10", "--activation", "relu");
        assertThat(relu.err()).contains("assuming activation relu (--activation), pooling max (the default");
        CliRunner summary = CliRunner.run("summary", "--model", plain.toString());
        assertThat(summary.out()).contains("architecture: " + assumed).contains("class names: none recorded");
        Map<String, Object> json = (Map<String, Object>) Json.parse(CliRunner.run("summary", "--model", plain.toString(),
                "--json", "--activation", "relu").out());
        assertThat((String) json.get("assumed")).contains("assuming activation relu (--activation)");
        assertThat((Map<String, Object>) json.get("config")).containsEntry("activation", "relu");
    }

    @Test
    @SuppressWarnings("unchecked")
    void summaryOfASavedModelShowsItsTableArchitectureAndClassNames() {
        CliRunner r = CliRunner.run("summary", "--model", TestFiles.tinyModel().toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).contains("architecture: recorded in the file").contains("class names: T-shirt/top, Trouser")
                .contains("act1      ").containsPattern("total\\s+61,706");
        Map<String, Object> o = (Map<String, Object>) Json.parse(CliRunner.run("summary", "--json", "--model",
                TestFiles.tinyModel().toString()).out());
        assertThat(o).containsEntry("assumed", null).containsKey("total_params").doesNotContainKey("totalParams");
        assertThat((Map<String, Object>) o.get("config")).containsEntry("activation", "relu");
        assertThat((List<Object>) o.get("class_names")).hasSize(10);
    }
}
