package io.github.lenet5j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lenet5j.cli.serve.PredictionServer;
import io.github.lenet5j.cli.serve.ServeOptions;
import io.github.lenet5j.data.ImageFolderDataset;
import io.github.lenet5j.io.Json;
import io.github.lenet5j.model.ModelFile;
import io.github.lenet5j.tensor.Tensor;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * No training/serving skew: pictures written to a folder (by tools/MakeShapes.java, PNG and JPEG of many sizes and
 * aspects, plus gray pictures on paper), a model trained on them by {@code train}, and for every picture the class
 * probabilities from the tensor training fed the model, from {@code predict} and from {@code serve} are the same
 * bits. On the same kernels: all three run in this JVM.
 */
class NoSkewTest {
    @TempDir
    static Path dir;

    private static Path pictures;

    @BeforeAll
    static void pictures() throws Exception {
        pictures = TestFiles.shapes(dir.resolve("shapes"), 12, 5);
        Path paper = Files.createDirectories(pictures.resolve("circle"));   // gray ink on paper: auto-invert inverts it
        TestFiles.inkOnPaper(paper, "ink-on-paper.png", 37, 23);
        TestFiles.inkOnPaper(paper, "ink-on-paper.bmp", 20, 41);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "--channels 1 --invert auto --resize stretch --inner-size 30 --normalize 0.5,0.25"})
    void theTrainingTensorPredictAndServeGiveTheSameProbabilitiesToTheBit(String preprocessingFlags) throws Exception {
        Path model = dir.resolve("model" + preprocessingFlags.length() + ".safetensors");
        List<String> args = new ArrayList<>(List.of("train", "--data", pictures.toString(), "--epochs", "1", "--batch", "16",
                "--activation", "relu", "--out", model.toString(), "--no-report", "--no-checkpoint"));
        if (!preprocessingFlags.isEmpty()) {
            args.addAll(List.of(preprocessingFlags.split(" ")));
        }
        CliRunner trained = CliRunner.run(args.toArray(String[]::new));
        assertThat(trained.status()).as(trained.err()).isZero();
        ModelFile.Loaded loaded = ModelFile.load(model);
        int k = loaded.model().config().numClasses();

        // What training fed the model: the dataset's tensor for each picture, loaded as train loads it.
        ImageFolderDataset data = ImageFolderDataset.load(pictures, loaded.preprocessing());
        assertThat(data.channels()).isEqualTo(preprocessingFlags.isEmpty() ? 3 : 1);
        Map<Path, float[]> training = new HashMap<>();
        for (int i = 0; i < data.size(); i++) {
            Tensor x = new Tensor(1, data.channels(), 32, 32);
            data.image(i, x.data(), 0);
            training.put(data.file(i), loaded.model().forward(x).probabilities().data().clone());
        }
        assertThat(training).hasSize(4 * 12 + 2);

        // predict, on every picture at once, all classes.
        List<String> predictArgs = new ArrayList<>(List.of("predict", "--model", model.toString(), "--json", "--top",
                String.valueOf(k)));
        training.keySet().forEach(f -> predictArgs.add(f.toString()));
        CliRunner predicted = CliRunner.run(predictArgs.toArray(String[]::new));
        assertThat(predicted.status()).as(predicted.err()).isZero();
        Map<Path, float[]> predict = new HashMap<>();
        predicted.out().lines().forEach(line -> {
            Map<?, ?> o = (Map<?, ?>) Json.parse(line);
            predict.put(Path.of((String) o.get("file")), probabilities(o, k));
        });

        // serve, one POST of the file's bytes each.
        Map<Path, float[]> served = new HashMap<>();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        try (PredictionServer server = PredictionServer.start(ModelFile.load(model), ServeOptions.loopback(2, 16),
                new PrintWriter(new StringWriter()))) {
            for (Path file : training.keySet()) {
                String type = file.toString().endsWith(".jpg") ? "image/jpeg" : file.toString().endsWith(".bmp")
                        ? "image/bmp" : "image/png";
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(server.uri().resolve("/predict?top=" + k))
                        .timeout(Duration.ofSeconds(30)).header("Content-Type", type)
                        .POST(HttpRequest.BodyPublishers.ofFile(file)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                served.put(file, probabilities((Map<?, ?>) Json.parse(r.body()), k));
            }
        }

        for (Path file : training.keySet()) {
            int[] bits = bits(training.get(file));
            assertThat(bits(predict.get(file))).as("predict %s", file).isEqualTo(bits);
            assertThat(bits(served.get(file))).as("serve %s", file).isEqualTo(bits);
        }
    }

    /** The probabilities of {"predictions": [{"class": c, "probability": p}, ...]} by class. */
    private static float[] probabilities(Map<?, ?> o, int k) {
        float[] p = new float[k];
        List<?> predictions = (List<?>) o.get("predictions");
        assertThat(predictions).hasSize(k);
        for (Object one : predictions) {
            Map<?, ?> prediction = (Map<?, ?>) one;
            p[((Number) prediction.get("class")).intValue()] = ((Number) prediction.get("probability")).floatValue();
        }
        return p;
    }

    private static int[] bits(float[] values) {
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToIntBits(values[i]);
        }
        return bits;
    }
}
