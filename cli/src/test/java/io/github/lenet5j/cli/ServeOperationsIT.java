package io.github.lenet5j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lenet5j.io.Json;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** serve from the real jar: metrics that move, the access log on stdout, slow senders dropped, SIGTERM and SIGINT. */
class ServeOperationsIT {
    static final String PIXELS = "{\"pixels\": " + java.util.Arrays.toString(new int[784]) + "}";

    @TempDir
    static Path dir;
    static Path model;

    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void model() throws Exception {
        model = dir.resolve("m.safetensors");
        ServeProcess.runJar(dir, "train", "--limit", "200", "--epochs", "1", "--no-report", "--no-checkpoint",
                "--out", model.toString());
    }

    private HttpResponse<String> get(ServeProcess serve, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(serve.base.resolve(path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> predict(ServeProcess serve) throws Exception {
        return client.send(HttpRequest.newBuilder(serve.base.resolve("predict")).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(PIXELS)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * /metrics once {@code sample} has grown by {@code expected} since {@code before}, or after 5 s. A request is
     * counted when the server has handed over its last byte, which can be just after the client has read it.
     */
    private String metricsOnceCounted(ServeProcess serve, String before, String sample, double expected)
            throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        String now = get(serve, "metrics").body();
        while (metric(now, sample) - metric(before, sample) < expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
            now = get(serve, "metrics").body();
        }
        return now;
    }

    static double metric(String exposition, String sample) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(sample) + " (\\S+)$").matcher(exposition);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static Socket slowSender(ServeProcess serve) throws Exception {
        Socket s = new Socket(serve.base.getHost(), serve.base.getPort());
        s.setSoTimeout(20_000);
        OutputStream out = s.getOutputStream();
        out.write(("POST /predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return s;
    }

    @Test
    @SuppressWarnings("unchecked")
    void metricsMoveTheAccessLogListsEachRequestAndSigtermStopsAnIdleServerAtOnce() throws Exception {
        try (ServeProcess serve = ServeProcess.start(dir, List.of(), "--model", model.toString(), "--access-log", "-",
                "--threads", "1")) {
            String before = get(serve, "metrics").body();
            assertThat(predict(serve).statusCode()).isEqualTo(200);
            assertThat(predict(serve).statusCode()).isEqualTo(200);
            String ok = "lenet5j_requests_total{endpoint=\"/predict\",status=\"200\"}";
            String timed = "lenet5j_request_duration_seconds_count{endpoint=\"/predict\"}";   // counted after ok
            // One scrape reads the counters one after another: it can see the second request timed but not yet
            // counted as ok (both incremented between its two reads). A scrape after the one that saw it timed sees both.
            metricsOnceCounted(serve, before, timed, 2);
            String after = metricsOnceCounted(serve, before, ok, 2);
            assertThat(metric(after, ok) - metric(before, ok)).isEqualTo(2);
            assertThat(metric(after, timed)).isEqualTo(2);
            assertThat(after).contains("lenet5j_model_info{name=\"m.safetensors\"").contains("# TYPE lenet5j_queue_depth gauge");
            Map<String, Object> line = (Map<String, Object>) Json.parse(serve.awaitLine("\"path\":\"/predict\"", 5));
            assertThat(line).containsEntry("method", "POST").containsEntry("status", 200L);

            serve.signal("TERM");
            assertThat(serve.waitFor(10)).isZero();
            String stopped = serve.awaitLine("serve: stopped after", 5);
            double seconds = Double.parseDouble(stopped.replaceAll(".*stopped after ([0-9.]+) s.*", "$1"));
            assertThat(seconds).as(stopped).isLessThan(1);
            assertThat(serve.out).anySatisfy(l -> assertThat(l).contains("serve: SIGTERM: stopping"));
        }
    }

    @Test
    void slowSendersStarveNobodyAndAreDroppedAtTheTimeout() throws Exception {
        try (ServeProcess serve = ServeProcess.start(dir, List.of(), "--model", model.toString(), "--timeout", "3",
                "--threads", "2")) {
            List<Socket> slow = new ArrayList<>();
            try {
                for (int i = 0; i < 300; i++) {
                    slow.add(slowSender(serve));
                }
                Thread.sleep(300);   // the server has taken them up
                long start = System.nanoTime();
                assertThat(get(serve, "healthz").statusCode()).isEqualTo(200);
                double healthz = (System.nanoTime() - start) / 1e9;
                start = System.nanoTime();
                assertThat(predict(serve).statusCode()).isEqualTo(200);
                double predict = (System.nanoTime() - start) / 1e9;
                assertThat(healthz).as("GET /healthz beside 300 slow senders, s").isLessThan(1);
                assertThat(predict).as("POST /predict beside 300 slow senders, s").isLessThan(1);
                start = System.nanoTime();
                for (Socket s : slow) {   // each is closed without an answer at the 3 s timeout
                    int read;
                    try (InputStream in = s.getInputStream()) {
                        read = in.read();
                    } catch (java.net.SocketException reset) {
                        read = -1;
                    }
                    assertThat(read).isEqualTo(-1);
                }
                assertThat((System.nanoTime() - start) / 1e9).as("all dropped by then, s").isLessThan(8);
                assertThat(metric(get(serve, "metrics").body(), "lenet5j_connections_dropped_total")).isGreaterThanOrEqualTo(300);
            } finally {
                for (Socket s : slow) {
                    s.close();
                }
            }
        }
    }

    @Test
    void sigintFinishesTheRequestInFlightThenExitsZero() throws Exception {
        try (ServeProcess serve = ServeProcess.start(dir, List.of(), "--model", model.toString(), "--timeout", "10")) {
            byte[] body = PIXELS.getBytes(StandardCharsets.US_ASCII);
            try (Socket s = new Socket(serve.base.getHost(), serve.base.getPort())) {
                s.setSoTimeout(20_000);
                OutputStream out = s.getOutputStream();
                out.write(("POST /predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                        + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body, 0, 100);   // half a request in flight when the signal comes
                out.flush();
                Thread.sleep(300);
                serve.signal("INT");
                serve.awaitLine("serve: SIGINT: stopping; new requests get 503, 1 in flight", 5);
                out.write(body, 100, body.length - 100);
                out.flush();
                String status = new String(s.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
                assertThat(status).isEqualTo("HTTP/1.1 200");
            }
            assertThat(serve.waitFor(15)).isZero();
            assertThat(serve.awaitLine("serve: stopped after", 5)).doesNotContain("still in flight");
        }
    }
}
