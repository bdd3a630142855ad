package io.github.lenet5j.cli.serve;

import static io.github.lenet5j.cli.serve.ServeFixtures.request;
import static io.github.lenet5j.cli.serve.ServeFixtures.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.lenet5j.data.ImagePreprocessor;
import io.github.lenet5j.io.Json;
import io.github.lenet5j.model.LeNet5;
import io.github.lenet5j.model.ModelFile;
import io.github.lenet5j.model.Predictor;
import io.github.lenet5j.nn.Engine;
import io.github.lenet5j.nn.Layer;
import io.github.lenet5j.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The endpoints over real loopback HTTP, on a server started in this JVM on a free port. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PredictionServerTest {
    @TempDir
    static Path dir;
    static ModelFile.Loaded model;
    static PredictionServer server;
    static URI base;
    static final HttpClient client = ServeFixtures.client();
    static final StringWriter log = new StringWriter();

    @BeforeAll
    static void start() throws Exception {
        model = ServeFixtures.savedModel(dir);
        server = PredictionServer.start(model, ServeOptions.loopback(2, 8), new PrintWriter(log, true));
        base = server.uri();
    }

    @AfterAll
    static void stop() {
        server.close();
        assertThat(log.toString()).as("no internal errors").isEmpty();
    }

    static HttpResponse<String> post(String path, String contentType, byte[] body) throws Exception {
        return send(client, request(base, path).header("Content-Type", contentType)
                .POST(BodyPublishers.ofByteArray(body)).build());
    }

    static HttpResponse<String> postJson(String path, Object json) throws Exception {
        return post(path, "application/json", Json.write(json).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> json(HttpResponse<String> r) {
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        return (Map<String, Object>) Json.parse(r.body());
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> predictions(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return (List<Map<String, Object>>) json(r).get("predictions");
    }

    /** The response's classes and probabilities equal the library's, best first, cut to {@code top}. */
    static void sameAsLibrary(HttpResponse<String> r, float[] input, int top) {
        float[] p = new Predictor(model.model()).probabilities(input);
        List<Map<String, Object>> got = predictions(r);
        assertThat(got).hasSize(top);
        Integer[] order = new Integer[p.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> Float.compare(p[b], p[a]));
        for (int i = 0; i < top; i++) {
            int c = order[i];
            assertThat(got.get(i)).containsEntry("class", (long) c).containsEntry("name", model.className(c));
            assertThat(((Number) got.get(i).get("probability")).floatValue()).isCloseTo(p[c], within(1e-7f));
        }
    }

    static float[] randomDrawing(int size, long seed) {
        Random random = new Random(seed);
        float[] values = new float[size];
        for (int i = 0; i < size; i++) {
            values[i] = random.nextInt(4) == 0 ? random.nextFloat() : 0;
        }
        return values;
    }

    static float[] padded(float[] drawing) {
        float[] input = new float[32 * 32];
        for (int y = 0; y < 28; y++) {
            System.arraycopy(drawing, y * 28, input, (y + 2) * 32 + 2, 28);
        }
        return input;
    }

    @Test
    @SuppressWarnings("unchecked")
    void healthModelAndPage() throws Exception {
        HttpResponse<String> health = send(client, request(base, "healthz").build());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(json(health)).isEqualTo(Map.of("status", "ok"));

        Map<String, Object> m = json(send(client, request(base, "model").build()));
        assertThat(m).containsEntry("in_channels", 1L).containsEntry("num_classes", 10L)
                .containsEntry("activation", "relu").containsEntry("pooling", "max")
                .containsEntry("parameters", (long) model.model().numParameters())
                .containsEntry("engine", "fast").containsEntry("kernels", Engine.FAST.kernels());
        assertThat((List<Object>) m.get("class_names")).hasSize(10).contains("Trouser");
        assertThat((List<Object>) m.get("layers")).hasSize(model.model().layerTable().size());
        assertThat(Json.write(((List<?>) m.get("layers")).get(0))).isEqualTo(
                "{\"name\":\"conv1\",\"stage\":\"C1\",\"output\":[6,28,28],\"params\":156}");

        HttpResponse<String> page = send(client, request(base, "").build());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.body()).contains("<canvas id=\"pad\"").contains("fetch(\"activations\"")
                .doesNotContain("src=\"http").doesNotContain("href=\"http");
    }

    @Test
    void predictsAPngAsTheLibraryDoes() throws Exception {
        byte[] png = ServeFixtures.inkOnPaperPng(60, 80);
        HttpResponse<String> r = post("predict", "image/png", png);
        BufferedImage image = ImagePreprocessor.read(new ByteArrayInputStream(png), "test");
        float[] input = ImagePreprocessor.toModelInput(image, 1, ImagePreprocessor.hasLightBorder(image));
        sameAsLibrary(r, input, 3);
        assertThat(json(r)).containsEntry("inverted", true).containsKey("millis");
        sameAsLibrary(post("predict?top=10", "image/png", png), input, 10);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aModelOnTheReferenceEngineSaysSoAndPredictsAsTheFastOne() throws Exception {
        ModelFile.Loaded reference = model.withEngine(Engine.REFERENCE);
        try (PredictionServer other = PredictionServer.start(reference, ServeOptions.loopback(1, 2),
                new PrintWriter(new StringWriter(), true))) {
            assertThat(json(send(client, request(other.uri(), "model").build())))
                    .containsEntry("engine", "reference").containsEntry("kernels", "loops");
            float[] drawing = randomDrawing(784, 7);
            HttpResponse<String> r = send(client, request(other.uri(), "predict").header("Content-Type", "application/json")
                    .POST(BodyPublishers.ofString(Json.write(Map.of("pixels", drawing)))).build());
            float[] p = new Predictor(model.model()).probabilities(padded(drawing));
            for (Map<String, Object> prediction : predictions(r)) {
                int c = ((Number) prediction.get("class")).intValue();
                assertThat(((Number) prediction.get("probability")).floatValue()).isCloseTo(p[c], within(1e-5f));
            }
        }
    }

    @Test
    void predictsJsonPixelsAsTheLibraryDoes() throws Exception {
        float[] drawing = randomDrawing(784, 1);
        sameAsLibrary(postJson("predict", Map.of("pixels", drawing)), padded(drawing), 3);
        float[] ready = randomDrawing(1024, 2);
        sameAsLibrary(postJson("predict?top=5", Map.of("pixels", ready)), ready, 5);
        List<Object> integers = new ArrayList<>(java.util.Collections.nCopies(784, (Object) 0L));
        integers.set(400, 1L);   // integers 0 and 1 are numbers too
        assertThat(predictions(postJson("predict", Map.of("pixels", integers)))).hasSize(3);
    }

    @Test
    @SuppressWarnings("unchecked")
    void activationsAreTheLayersOutputs() throws Exception {
        float[] drawing = randomDrawing(784, 3);
        HttpResponse<String> r = postJson("activations?top=2", Map.of("pixels", drawing));
        sameAsLibrary(r, padded(drawing), 2);
        List<Map<String, Object>> layers = (List<Map<String, Object>>) json(r).get("layers");
        assertThat(layers).extracting(l -> l.get("name")).containsExactly("input", "conv1", "conv2");
        assertThat(layers).extracting(l -> l.get("shape")).containsExactly(List.of(1L, 32L, 32L),
                List.of(6L, 28L, 28L), List.of(16L, 10L, 10L));

        LeNet5 replica = model.model().replica();
        Tensor x = new Tensor(padded(drawing), 1, 1, 32, 32);
        for (Layer layer : replica.layers()) {
            x = layer.forward(x);
            if (layer.name().equals("act2")) {
                break;
            }
        }
        float[] act2 = x.data();   // (1, 16, 10, 10)
        Map<String, Object> conv2 = layers.get(2);
        for (int c = 0; c < 16; c++) {
            float[] map = Arrays.copyOfRange(act2, c * 100, (c + 1) * 100);
            float min = Float.MAX_VALUE, max = -Float.MAX_VALUE;
            for (float v : map) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            assertThat(((Number) ((List<?>) conv2.get("max")).get(c)).floatValue()).isEqualTo(max);
            List<Number> bytes = ((List<List<Number>>) conv2.get("maps")).get(c);
            assertThat(bytes).hasSize(100);
            for (int j = 0; j < 100; j++) {
                int expected = max > min ? Math.round(255 * (map[j] - min) / (max - min)) : 0;
                assertThat(bytes.get(j).intValue()).isEqualTo(expected);
            }
        }
    }

    @Test
    void concurrentRequestsShareOneModel() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                long seed = 100 + t;
                done.add(clients.submit(() -> {
                    for (int i = 0; i < 5; i++) {
                        float[] drawing = randomDrawing(784, seed * 10 + i);
                        sameAsLibrary(postJson("predict?top=10", Map.of("pixels", drawing)), padded(drawing), 10);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            clients.shutdownNow();
        }
    }

    // ------------------------------------------------------------ multipart/form-data, as curl -F sends it

    static final String BOUNDARY = "------------------------d74496d66958873e";

    /** A body as curl -F sends it: an optional text field, then the file field. */
    static byte[] form(String field, String filename, String type, byte[] file, boolean withTextField) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (withTextField) {
            body.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\na shirt\r\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + field + "\""
                + (filename == null ? "" : "; filename=\"" + filename + "\"") + "\r\n"
                + (type == null ? "" : "Content-Type: " + type + "\r\n") + "\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(file);
        body.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return body.toByteArray();
    }

    @Test
    void aFilePartIsClassifiedAsTheSamePictureSentRaw() throws Exception {
        byte[] png = ServeFixtures.inkOnPaperPng(60, 80);
        BufferedImage image = ImagePreprocessor.read(new ByteArrayInputStream(png), "test");
        float[] input = ImagePreprocessor.toModelInput(image, 1, ImagePreprocessor.hasLightBorder(image));
        String type = "multipart/form-data; boundary=" + BOUNDARY;

        sameAsLibrary(post("predict", type, form("file", "shirt.png", "image/png", png, false)), input, 3);
        sameAsLibrary(post("predict?top=5", type, form("upload", "shirt.png", "application/octet-stream", png, true)),
                input, 5);
        sameAsLibrary(post("predict", "multipart/form-data; boundary=\"" + BOUNDARY + "\"",
                form("image", null, null, png, true)), input, 3);
        assertThat(json(post("activations", type, form("file", "shirt.png", "image/png", png, false))))
                .containsKey("layers");
    }

    @Test
    void aFormWithoutAFileOrCutShortOrWithoutABoundaryIsABadRequest() throws Exception {
        String type = "multipart/form-data; boundary=" + BOUNDARY;
        byte[] png = ServeFixtures.inkOnPaperPng(20, 20);
        byte[] whole = form("file", "shirt.png", "image/png", png, false);
        Object[][] cases = {
            {type, form("note", null, null, "text".getBytes(StandardCharsets.UTF_8), false),
                "the multipart body has no file: send the picture as a file field, e.g. curl -F file=@shirt.png"},
            {type, java.util.Arrays.copyOf(whole, whole.length - 30), "ends before its closing boundary"},
            {"multipart/form-data", whole, "needs a boundary parameter"},
            {type, "no parts at all".getBytes(StandardCharsets.UTF_8), "has no part"},
            {type, form("file", "notes.txt", "text/plain", "plain text".getBytes(StandardCharsets.UTF_8), false),
                "not an image format"},
        };
        for (Object[] c : cases) {
            var r = post("predict", (String) c[0], (byte[]) c[1]);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
            assertThat((String) json(r).get("error")).contains((String) c[2]);
        }
        var unsupported = post("predict", "text/plain", png);
        assertThat(unsupported.statusCode()).isEqualTo(415);
        assertThat((String) json(unsupported).get("error")).contains("multipart/form-data (a form's file field");
    }

    @Test
    @SuppressWarnings("unchecked")
    void examplesAreOneSamplePicturePerClassForAFashionMnistModel() throws Exception {
        List<Map<String, Object>> examples = (List<Map<String, Object>>) Json.parse(
                send(client, request(base, "examples").build()).body());
        assertThat(examples).hasSize(10);
        for (int c = 0; c < 10; c++) {
            assertThat(examples.get(c)).containsEntry("class", (long) c).containsEntry("name", model.className(c));
            assertThat((List<Object>) examples.get(c).get("pixels")).hasSize(784)
                    .allSatisfy(v -> assertThat(((Number) v).doubleValue()).isBetween(0.0, 1.0));
        }
    }
}
