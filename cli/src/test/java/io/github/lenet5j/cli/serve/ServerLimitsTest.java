package io.github.lenet5j.cli.serve;

import static io.github.lenet5j.cli.serve.ServeFixtures.request;
import static io.github.lenet5j.cli.serve.ServeFixtures.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.lenet5j.io.Json;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What an untrusted client gets for bad input, oversize bodies, wrong methods and paths, and a flood. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ServerLimitsTest {
    @TempDir
    static Path dir;
    static PredictionServer server;
    static URI base;
    static final HttpClient client = ServeFixtures.client();
    static final StringWriter log = new StringWriter();

    @BeforeAll
    static void start() throws Exception {
        server = PredictionServer.start(ServeFixtures.savedModel(dir), ServeOptions.loopback(2, 8),
                new PrintWriter(log, true));
        base = server.uri();
    }

    @AfterAll
    static void stop() {
        server.close();
        assertThat(log.toString()).as("no internal errors").isEmpty();
    }

    /** The status, and a JSON {"error": "..."} that contains {@code text} and no stack trace. */
    static void refused(HttpResponse<String> r, int status, String text) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        Object body = Json.parse(r.body());
        assertThat(body).isInstanceOf(Map.class);
        assertThat(((Map<?, ?>) body).keySet()).isEqualTo(java.util.Set.of("error"));
        assertThat((String) ((Map<?, ?>) body).get("error")).contains(text).doesNotContain("Exception")
                .doesNotContain("\tat ");
    }

    static HttpResponse<String> post(String path, String contentType, byte[] body) throws Exception {
        return send(client, request(base, path).header("Content-Type", contentType)
                .POST(BodyPublishers.ofByteArray(body)).build());
    }

    static HttpResponse<String> postJson(String json) throws Exception {
        return post("predict", "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    static String pixels(int count, String value) {
        return "{\"pixels\":[" + String.join(",", Collections.nCopies(count, value)) + "]}";
    }

    @Test
    void badImagesAre400() throws Exception {
        refused(post("predict", "image/png", "hello, not a picture".getBytes(StandardCharsets.UTF_8)), 400,
                "not an image format");
        byte[] png = ServeFixtures.inkOnPaperPng(40, 40);
        refused(post("predict", "image/png", java.util.Arrays.copyOf(png, 60)), 400, "the image");
        BufferedImage wide = new BufferedImage(3000, 2, BufferedImage.TYPE_BYTE_GRAY);   // small file, too wide
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(wide, "png", bytes);
        refused(post("activations", "image/png", bytes.toByteArray()), 400, "3000x2 pixels; at most 2048 a side");
        refused(post("predict", "image/png", new byte[0]), 400, "the image");
    }

    @Test
    void badJsonIs400() throws Exception {
        refused(postJson("{\"pixels\": [0, 1,"), 400, "invalid JSON");
        refused(postJson(pixels(784, "NaN")), 400, "invalid JSON");
        refused(postJson(pixels(784, "1e999")), 400, "invalid JSON");
        refused(postJson("[0, 1]"), 400, "expected a JSON object {\"pixels\": [...]}");
        refused(postJson("{\"pixels\": [0], \"invert\": true}"), 400, "and nothing else");
        refused(postJson("{\"pixels\": \"abc\"}"), 400, "expected a JSON object");
        refused(postJson(pixels(783, "0")), 400, "expected 784 pixels (28x28) or 1024 (1x32x32) but got 783");
        refused(postJson(pixels(3072, "0")), 400, "but got 3072");
        refused(postJson(pixels(784, "1.5")), 400, "pixel 0 is 1.5, not a number from 0 to 1");
        refused(postJson(pixels(784, "-0.1")), 400, "pixel 0 is -0.1");
        refused(postJson(pixels(784, "\"x\"")), 400, "pixel 0 is a string");
        refused(postJson(pixels(784, "null")), 400, "pixel 0 is null");
        refused(post("predict", "application/json", new byte[] {'{', (byte) 0xff, '}'}), 400, "not UTF-8");
        String deep = "[".repeat(100) + "]".repeat(100);
        refused(postJson(deep), 400, "nesting deeper than 64");
        refused(post("predict?top=0", "application/json", pixels(784, "0").getBytes(StandardCharsets.UTF_8)), 400,
                "top must be from 1 to 10, not 0");
        refused(post("predict?top=11", "application/json", pixels(784, "0").getBytes(StandardCharsets.UTF_8)), 400,
                "not 11");
        refused(post("predict?k=3", "application/json", pixels(784, "0").getBytes(StandardCharsets.UTF_8)), 400,
                "the only query parameter is top=K");
        refused(post("predict", "text/plain", new byte[] {1}), 415, "Content-Type must be image/*");
    }

    @Test
    void oversizeBodiesAre413() throws Exception {
        // Sent in chunks, so the server reads up to the cap before it refuses.
        byte[] big = new byte[ServeOptions.MAX_BODY_BYTES + 1];
        refused(send(client, request(base, "predict").header("Content-Type", "image/png")
                .POST(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build()), 413,
                "larger than 2097152 bytes");
        // A declared length over the cap is refused before any of the body is read.
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /predict HTTP/1.1\r\nHost: x\r\nContent-Type: image/png\r\nContent-Length: 50000000\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(response).isEqualTo("HTTP/1.1 413");
        }
    }

    @Test
    void wrongMethodsAre405AndUnknownPaths404() throws Exception {
        HttpResponse<String> get = send(client, request(base, "predict").build());
        refused(get, 405, "GET is not allowed here: use POST");
        assertThat(get.headers().firstValue("Allow")).hasValue("POST");
        refused(send(client, request(base, "healthz").POST(BodyPublishers.noBody()).build()), 405, "use GET");
        refused(send(client, request(base, "").DELETE().build()), 405, "DELETE");
        refused(send(client, request(base, "predict/").build()), 404, "no such endpoint: /predict/");
        refused(send(client, request(base, "index.html").build()), 404, "no such endpoint");
    }

    @Test
    void aFloodGets503WhileTheWorkerAndTheQueueAreFull() throws Exception {
        try (PredictionServer small = PredictionServer.start(ServeFixtures.savedModel(dir), ServeOptions.loopback(1, 1),
                new PrintWriter(log, true))) {
            CountDownLatch entered = new CountDownLatch(1), release = new CountDownLatch(1);
            small.beforeJob = () -> {
                entered.countDown();
                try {
                    release.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            };
            byte[] body = pixels(784, "0").getBytes(StandardCharsets.UTF_8);
            var held = client.sendAsync(request(small.uri(), "predict").header("Content-Type", "application/json")
                    .POST(BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(entered.await(10, TimeUnit.SECONDS)).as("the worker took the first request").isTrue();
            var queued = client.sendAsync(request(small.uri(), "predict").header("Content-Type", "application/json")
                    .POST(BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (small.queued() < 1 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(small.queued()).as("the second request waits in the queue").isEqualTo(1);
            for (int i = 0; i < 5; i++) {   // the third and later: refused at once, the worker still held
                HttpResponse<String> r = send(client, request(small.uri(), "predict")
                        .header("Content-Type", "application/json").POST(BodyPublishers.ofByteArray(body)).build());
                refused(r, 503, "the server is busy (1 workers, 1 queued)");
                assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
            }
            release.countDown();
            for (CompletableFuture<HttpResponse<String>> f : List.of(held, queued)) {
                assertThat(f.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            }
            assertThat(send(client, request(small.uri(), "healthz").build()).statusCode()).isEqualTo(200);
        }
    }
}
