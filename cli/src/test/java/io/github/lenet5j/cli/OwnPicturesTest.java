package io.github.lenet5j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lenet5j.data.Preprocessing;
import io.github.lenet5j.io.Json;
import io.github.lenet5j.model.ModelFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train}, {@code eval} and {@code predict} on folders of pictures (coloured shapes from tools/MakeShapes.java). */
class OwnPicturesTest {
    @TempDir
    static Path dir;

    private static Path shapes;

    @BeforeAll
    static void shapes() throws Exception {
        shapes = TestFiles.shapes(dir.resolve("shapes"), 25, 9);
    }

    private static CliRunner ok(String... args) {
        CliRunner r = CliRunner.run(args);
        assertThat(r.status()).as(r.err()).isZero();
        return r;
    }

    @Test
    void trainOnClassFoldersRecordsTheirNamesAndThePreprocessingWhichEvalAndPredictUse() throws Exception {
        Path model = dir.resolve("shapes.safetensors");
        CliRunner train = ok("train", "--data", shapes.toString(), "--epochs", "2", "--activation", "relu", "--out",
                model.toString(), "--no-checkpoint");
        assertThat(train.out()).contains("pictures in " + shapes + ": 4 classes (circle, square, star, triangle);"
                + " the test set is 20% of the pictures, each class its share (--split-seed 0); 100 pictures decoded in ")
                .contains("preprocessing (recorded in the model): RGB, fit in 28x28 centred in 32x32, invert never,"
                        + " no normalisation (RGB chosen from the pictures; --channels to choose)")
                .contains(": 72 training, 8 validation (10%), 20 test images, 2 epochs, adam");
        ModelFile.Loaded loaded = ModelFile.load(model);
        assertThat(loaded.classNames()).containsExactly("circle", "square", "star", "triangle");
        assertThat(loaded.preprocessing()).isEqualTo(Preprocessing.pictures(3));
        Map<?, ?> report = (Map<?, ?>) Json.parse(Files.readString(dir.resolve("shapes-report/report.json")));
        assertThat(report.toString()).contains("preprocessing=").contains("resize=fit");

        CliRunner predict = ok("predict", "--model", model.toString(), "--top", "4",
                shapes.resolve("star/star-00001.png").toString());
        assertThat(predict.out()).contains("star").contains("circle").contains("square").contains("triangle");

        CliRunner eval = ok("eval", "--model", model.toString(), "--data", shapes.toString(), "--json");
        Map<?, ?> e = (Map<?, ?>) Json.parse(eval.out());
        assertThat(((Number) e.get("total")).intValue()).isEqualTo(20);   // the same 20 pictures train tested on
        String trainJson = ok("train", "--data", shapes.toString(), "--epochs", "1", "--json", "--out",
                dir.resolve("again.safetensors").toString(), "--no-report", "--no-checkpoint", "--limit", "12").out();
        List<String> lines = trainJson.strip().lines().toList();
        Map<?, ?> last = (Map<?, ?>) Json.parse(lines.get(lines.size() - 1));
        assertThat(last.get("total")).isEqualTo(12L);   // --limit: 12 of the 20 test pictures, every class its share
        assertThat(last.get("class_names")).isEqualTo(List.of("circle", "square", "star", "triangle"));
    }

    @Test
    void trainAndTestFoldersWithChosenChannelsAndResizeAreRecorded() throws Exception {
        Path split = dir.resolve("split");
        try (Stream<Path> files = Files.walk(shapes)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                int n = Integer.parseInt(file.getFileName().toString().replaceAll("\\D", ""));
                Path to = split.resolve(n <= 20 ? "train" : "test").resolve(shapes.relativize(file));
                Files.createDirectories(to.getParent());
                Files.copy(file, to);
            }
        }
        Path model = dir.resolve("gray.safetensors");
        CliRunner train = ok("train", "--data", split.toString(), "--epochs", "1", "--channels", "1", "--resize",
                "stretch", "--inner-size", "32", "--invert", "auto", "--out", model.toString(), "--no-report",
                "--no-checkpoint");
        assertThat(train.out()).contains("the test set is test/").contains(": 72 training, 8 validation (10%), 20 test images")
                .contains("grayscale, stretched to 32x32, invert auto, no normalisation\n");
        assertThat(ModelFile.load(model).preprocessing()).isEqualTo(
                Preprocessing.pictures(1).withResize(Preprocessing.Resize.STRETCH, 32).withInvert(Preprocessing.Invert.AUTO));
        Map<?, ?> e = (Map<?, ?>) Json.parse(ok("eval", "--model", model.toString(), "--data", split.toString(), "--json").out());
        assertThat(e.get("total")).isEqualTo(20L);
    }

    @Test
    void aResumedRunPreparesThePicturesAsTheRunBeganAndRefusesOtherPreprocessingFlags() throws Exception {
        Path model = dir.resolve("resumed.safetensors");
        ok("train", "--data", shapes.toString(), "--epochs", "1", "--channels", "1", "--invert", "auto", "--out",
                model.toString(), "--no-report");
        Preprocessing began = Preprocessing.pictures(1).withInvert(Preprocessing.Invert.AUTO);
        assertThat(ModelFile.load(model).preprocessing()).isEqualTo(began);
        String checkpoint = model + ".ckpt";
        CliRunner resumed = ok("train", "--data", shapes.toString(), "--resume", checkpoint, "--epochs", "2", "--out",
                model.toString(), "--no-report");
        assertThat(resumed.out()).contains("preprocessing (recorded in the model): " + began.describe() + "\n")
                .contains("resuming from");
        assertThat(ModelFile.load(model).preprocessing()).isEqualTo(began);
        CliRunner refused = CliRunner.run("train", "--data", shapes.toString(), "--resume", checkpoint, "--epochs", "3",
                "--resize", "stretch");
        assertThat(refused.status()).isEqualTo(2);
        assertThat(refused.err()).contains("--resize comes from the checkpoint when resuming");
    }

    @Test
    void unreadablePicturesAreSkippedWithOneLineEachOrStopTrainingWithStrict() throws Exception {
        Path folder = dir.resolve("broken");
        for (String shape : List.of("circle", "square")) {
            Files.createDirectories(folder.resolve(shape));
            for (int n = 1; n <= 4; n++) {
                Files.copy(shapes.resolve(shape).resolve(String.format("%s-%05d.png", shape, n)),
                        folder.resolve(shape).resolve(n + ".png"));
            }
        }
        Path broken = Files.write(folder.resolve("circle").resolve("broken.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        String out = dir.resolve("b.safetensors").toString();
        CliRunner skipping = ok("train", "--data", folder.toString(), "--epochs", "1", "--out", out, "--no-report",
                "--no-checkpoint");
        assertThat(skipping.err().lines()).hasSize(2).first().asString().startsWith("skipped " + broken + ": ");
        assertThat(skipping.err()).contains("skipped 1 file that could not be read (--strict makes that an error)");
        CliRunner strict = CliRunner.run("train", "--data", folder.toString(), "--epochs", "1", "--out", out, "--strict");
        assertThat(strict.status()).isEqualTo(1);
        assertThat(strict.err().strip().lines()).hasSize(1);
        assertThat(strict.err()).contains(broken.toString());
    }

    @Test
    void foldersThatCannotBeTrainedOnAndMisusedFlagsAreOneLineErrors() throws IOException {
        Path one = Files.createDirectories(dir.resolve("one/cat"));
        Files.copy(shapes.resolve("circle/circle-00001.png"), one.resolve("1.png"));
        Path emptyClass = Files.createDirectories(dir.resolve("empty-class/dog"));
        Files.createDirectories(dir.resolve("empty-class/cat"));
        Files.copy(shapes.resolve("circle/circle-00001.png"), emptyClass.resolve("1.png"));
        String out = dir.resolve("never.safetensors").toString();
        Object[][] cases = {
            {new String[] {"train", "--data", dir.resolve("one").toString(), "--out", out}, "only one class folder (cat)"},
            {new String[] {"train", "--data", dir.resolve("empty-class").toString(), "--out", out},
                "cat: a class folder with no pictures"},
            {new String[] {"train", "--resize", "stretch", "--out", out}, "--resize and --inner-size are for pictures"},
            {new String[] {"train", "--data", shapes.toString(), "--class-names", "a,b", "--out", out},
                "--class-names is for MNIST-format files"},
            {new String[] {"train", "--data", shapes.toString(), "--invert", "sometimes", "--out", out},
                "must be auto, always or never, not 'sometimes'"},
            {new String[] {"train", "--data", shapes.toString(), "--test-fraction", "1.5", "--out", out},
                "'1.5': the fraction to hold out must be between 0 and 1"},
            {new String[] {"train", "--data", shapes.toString(), "--classes", "3", "--out", out},
                "the model has 3 classes but " + shapes + " has 4"},
            {new String[] {"eval", "--model", TestFiles.tinyModel().toString(), "--data", shapes.toString()},
                "[T-shirt/top, Trouser, Pullover, Dress, Coat, Sandal, Shirt, Sneaker, Bag, Ankle boot] but the class"
                        + " folders of " + shapes + " are [circle, square, star, triangle]"},
            {new String[] {"eval", "--model", dir.resolve("shapes.safetensors").toString()}, "holds grayscale images"},
        };
        for (Object[] c : cases) {
            String[] args = (String[]) c[0];
            CliRunner r = CliRunner.run(args);
            assertThat(r.status()).as(String.join(" ", args)).isNotZero();
            assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
            assertThat(r.err()).as(String.join(" ", args)).contains((String) c[1]);
        }
        assertThat(Path.of(out)).doesNotExist();
    }
}
