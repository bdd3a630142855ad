package io.github.lenet5j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lenet5j.data.Dataset;
import io.github.lenet5j.data.ImageFolderDataset;
import io.github.lenet5j.data.MnistDataset;
import io.github.lenet5j.data.Preprocessing;
import io.github.lenet5j.data.Split;
import io.github.lenet5j.io.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/own-pictures.md's two walkthroughs, small: coloured shapes drawn by tools/MakeShapes.java trained, predicted
 * and evaluated through the real CLI jar (cli/target/lenet5j-cli.jar, in its own JVM); and tools/IdxToPng.java's
 * PNGs holding exactly the bytes of the IDX files they come from.
 */
class OwnPicturesIT {
    private static final List<String> SHAPES = List.of("circle", "square", "star", "triangle");

    @TempDir
    static Path dir;

    @BeforeAll
    static void jarIsBuilt() {
        assertThat(CliJarIT.JAR).as("run 'mvn package' first").isRegularFile();
    }

    @Test
    void anRgbModelOfColouredShapesTrainsPredictsTheFolderNamesAndEvaluatesAsItTrained() throws Exception {
        Path shapes = dir.resolve("shapes"), model = dir.resolve("shapes.safetensors");
        TestFiles.runTool("MakeShapes", "--out", shapes.toString(), "--per-class", "600", "--seed", "2",
                "--min-side", "24", "--max-side", "64");
        CliJarIT.Run train = CliJarIT.run(dir, "train", "--data", shapes.toString(), "--epochs", "15", "--batch", "32",
                "--activation", "relu", "--resize", "stretch", "--inner-size", "32", "--out", model.toString(), "--json",
                "--no-checkpoint");
        assertThat(train.status()).as(train.err()).isZero();
        List<String> lines = train.out().strip().lines().toList();
        Map<?, ?> last = (Map<?, ?>) Json.parse(lines.get(lines.size() - 1));
        assertThat(last.get("class_names")).isEqualTo(SHAPES);
        assertThat(((Map<?, ?>) last.get("preprocessing")).get("channels")).isEqualTo(3L);
        double accuracy = ((Number) last.get("accuracy")).doubleValue();
        assertThat(accuracy).as("4 classes: chance is 25%").isGreaterThanOrEqualTo(0.5);
        assertThat(last.get("total")).isEqualTo(480L);

        List<String> pictures = new ArrayList<>(List.of("predict", "--model", model.toString(), "--json"));
        for (String shape : SHAPES) {
            for (int n = 1; n <= 3; n++) {
                pictures.add(shapes.resolve(shape).resolve(String.format("%s-%05d.png", shape, n)).toString());
            }
        }
        CliJarIT.Run predict = CliJarIT.run(dir, pictures.toArray(String[]::new));
        assertThat(predict.status()).as(predict.err()).isZero();
        int right = 0;
        for (String line : predict.out().strip().lines().toList()) {
            Map<?, ?> o = (Map<?, ?>) Json.parse(line);
            List<?> predictions = (List<?>) o.get("predictions");
            assertThat(predictions).hasSize(3).allSatisfy(p -> assertThat(SHAPES).contains((String) ((Map<?, ?>) p).get("name")));
            String best = (String) ((Map<?, ?>) predictions.get(0)).get("name");
            right += Path.of((String) o.get("file")).getParent().getFileName().toString().equals(best) ? 1 : 0;
        }
        assertThat(right).as("of 12 pictures").isGreaterThanOrEqualTo(6);

        CliJarIT.Run eval = CliJarIT.run(dir, "eval", "--model", model.toString(), "--data", shapes.toString(), "--json");
        assertThat(eval.status()).as(eval.err()).isZero();
        Map<?, ?> e = (Map<?, ?>) Json.parse(eval.out());
        assertThat(((Number) e.get("accuracy")).doubleValue()).as("the same 480 test pictures, prepared the same way")
                .isEqualTo(accuracy);
    }

    @Test
    void idxToPngWritesTheIdxBytesUnchangedInClassFolders() throws Exception {
        Path sample = Path.of("datasets/src/main/resources/io/github/lenet5j/datasets/fashion-mnist-sample");
        Path png = dir.resolve("sample-png");
        TestFiles.runTool("IdxToPng", sample.toString(), png.toString(), "--names",
                String.join(",", MnistDataset.FASHION_MNIST_CLASSES));
        assertThat(Files.isDirectory(png.resolve("train/T-shirt-top"))).isTrue();
        MnistDataset idx = MnistDataset.load(sample, Split.TEST);
        ImageFolderDataset pictures = ImageFolderDataset.load(png.resolve("test"), Preprocessing.pictures(1));
        assertThat(pictures.size()).isEqualTo(idx.size());
        float[] a = new float[Dataset.SIDE * Dataset.SIDE], b = new float[a.length];
        for (int i = 0; i < pictures.size(); i++) {
            int n = Integer.parseInt(pictures.file(i).getFileName().toString().replace(".png", "")) - 1;
            pictures.image(i, a, 0);
            idx.image(n, b, 0);
            assertThat(a).as(pictures.file(i).toString()).isEqualTo(b);
            assertThat(pictures.classNames().get(pictures.label(i)))
                    .isEqualTo(MnistDataset.FASHION_MNIST_CLASSES.get(idx.label(n)).replace('/', '-'));
        }
    }
}
