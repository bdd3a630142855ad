package io.github.lenet5j.cli.serve;

import static io.github.lenet5j.cli.serve.ServeFixtures.request;
import static io.github.lenet5j.cli.serve.ServeFixtures.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.lenet5j.io.Json;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What an operator relies on: /metrics, the access log, slow senders that starve nobody, graceful shutdown. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ServeOperationsTest {
    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})? (\\S+)");

    @TempDir
    Path dir;

    final HttpClient client = ServeFixtures.client();
    final StringWriter errors = new StringWriter();

    private PredictionServer start(int threads, int queue, String accessLog) throws Exception {
        return PredictionServer.start(ServeFixtures.savedModel(dir), ServeOptions.loopback(threads, queue),
                new PrintWriter(errors, true), new PredictionServer.Operations("serve-test.safetensors", accessLog));
    }

    private HttpResponse<String> predictPixels(URI base) throws Exception {
        String pixels = "{\"pixels\": " + java.util.Arrays.toString(new float[784]).replace(".0", "") + "}";
        return send(client, request(base, "predict").header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(pixels)).build());
    }

    /** Checks the exposition's rules and returns its samples: "name{labels}" -> value. */
    static Map<String, Double> parseMetrics(String text) {
        assertThat(text).endsWith("\n");
        Map<String, Double> samples = new HashMap<>();
        Set<String> typed = new LinkedHashSet<>(), helped = new LinkedHashSet<>();
        Map<String, String> types = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("# HELP ")) {
                assertThat(helped.add(line.split(" ")[2])).as("one HELP per family: " + line).isTrue();
            } else if (line.startsWith("# TYPE ")) {
                String[] parts = line.split(" ");
                assertThat(typed.add(parts[2])).as("one TYPE per family: " + line).isTrue();
                assertThat(parts[3]).isIn("counter", "gauge", "histogram");
                types.put(parts[2], parts[3]);
            } else {
                Matcher m = SAMPLE.matcher(line);
                assertThat(m.matches()).as(line).isTrue();
                String name = m.group(1), family = name.replaceAll("_(bucket|sum|count)$", "");
                assertThat(types).as("TYPE before the samples of " + name).containsKey(types.containsKey(name) ? name : family);
                if ("counter".equals(types.get(name))) {
                    assertThat(name).endsWith("_total");
                }
                samples.put(name + (m.group(2) == null ? "" : m.group(2)), Double.parseDouble(m.group(3)));
            }
        }
        assertThat(helped).isEqualTo(typed);
        return samples;
    }

    @Test
    void metricsFollowTheExpositionFormatAndTheCountersMove() throws Exception {
        try (PredictionServer server = start(2, 8, null)) {
            URI base = server.uri();
            Map<String, Double> before = parseMetrics(send(client, request(base, "metrics").build()).body());
            assertThat(predictPixels(base).statusCode()).isEqualTo(200);
            assertThat(predictPixels(base).statusCode()).isEqualTo(200);
            assertThat(send(client, request(base, "predict").header("Content-Type", "application/json")
                    .POST(BodyPublishers.ofString("{\"pixels\": [1, 2]}")).build()).statusCode()).isEqualTo(400);
            assertThat(send(client, request(base, "nowhere").build()).statusCode()).isEqualTo(404);
            // the server counts a request after its response is sent, so the client may ask before the last is counted:
            // ask until only this /metrics request is in flight
            HttpResponse<String> r;
            Map<String, Double> m;
            long deadline = System.nanoTime() + 10_000_000_000L;
            do {
                r = send(client, request(base, "metrics").build());
                m = parseMetrics(r.body());
            } while (m.getOrDefault("lenet5j_requests_in_flight", 0.0) > 1 && System.nanoTime() < deadline);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValue(ServeMetrics.CONTENT_TYPE);
            assertThat(m).containsEntry("lenet5j_requests_in_flight", 1.0);

            assertThat(m.getOrDefault("lenet5j_requests_total{endpoint=\"/predict\",status=\"200\"}", 0.0)
                    - before.getOrDefault("lenet5j_requests_total{endpoint=\"/predict\",status=\"200\"}", 0.0)).isEqualTo(2);
            assertThat(m).containsEntry("lenet5j_requests_total{endpoint=\"/predict\",status=\"400\"}", 1.0)
                    .containsEntry("lenet5j_requests_total{endpoint=\"other\",status=\"404\"}", 1.0)
                    .containsEntry("lenet5j_request_duration_seconds_count{endpoint=\"/predict\"}", 3.0)
                    .containsEntry("lenet5j_request_duration_seconds_bucket{endpoint=\"/predict\",le=\"+Inf\"}", 3.0)
                    .containsEntry("lenet5j_queue_capacity", 8.0).containsEntry("lenet5j_workers", 2.0)
                    .containsEntry("lenet5j_model_parameters", 61706.0)
                    .containsEntry("lenet5j_rejected_requests_total{reason=\"queue_full\"}", 0.0)
                    .containsKeys("lenet5j_queue_depth", "lenet5j_jvm_threads", "lenet5j_jvm_heap_used_bytes");
            double previous = 0;
            for (double le : ServeMetrics.BUCKETS) {   // cumulative
                String key = "lenet5j_request_duration_seconds_bucket{endpoint=\"/predict\",le=\""
                        + (le == Math.rint(le) ? String.valueOf((long) le) : String.valueOf(le)) + "\"}";
                assertThat(m).containsKey(key);
                assertThat(m.get(key)).isGreaterThanOrEqualTo(previous);
                previous = m.get(key);
            }
            assertThat(m.get("lenet5j_request_duration_seconds_sum{endpoint=\"/predict\"}")).isPositive();
            assertThat(m.keySet()).anySatisfy(k -> assertThat(k).startsWith("lenet5j_model_info{name=\"serve-test.safetensors\"")
                    .contains("activation=\"relu\"").contains("engine=\"fast\"").contains("kernels=\""));
        }
        assertThat(errors.toString()).isEmpty();
    }

    @Test
    void labelValuesAreEscaped() {
        assertThat(ServeMetrics.labels("name", "a\"b\\c\nd")).isEqualTo("{name=\"a\\\"b\\\\c\\nd\"}");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theAccessLogHasOneJsonLinePerRequest() throws Exception {
        Path log = dir.resolve("access.jsonl");
        try (PredictionServer server = start(1, 4, log.toString())) {
            send(client, request(server.uri(), "healthz").build());
            predictPixels(server.uri());
        }
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(2);
        Map<String, Object> health = (Map<String, Object>) Json.parse(lines.get(0));
        assertThat(health).containsEntry("method", "GET").containsEntry("path", "/healthz").containsEntry("status", 200L)
                .containsEntry("remote", "127.0.0.1").containsKeys("time", "millis", "bytes_out");
        Map<String, Object> predict = (Map<String, Object>) Json.parse(lines.get(1));
        assertThat(predict).containsEntry("path", "/predict").containsEntry("status", 200L);
        assertThat((Long) predict.get("bytes_in")).isGreaterThan(784);
    }

    @Test
    void slowSendersStarveNeitherHealthzNorAValidPrediction() throws Exception {
        List<Socket> slow = new ArrayList<>();
        try (PredictionServer server = start(2, 16, null)) {
            URI base = server.uri();
            for (int i = 0; i < 300; i++) {   // a header that promises 100,000 bytes, then nothing
                Socket s = new Socket(base.getHost(), base.getPort());
                slow.add(s);
                OutputStream out = s.getOutputStream();
                out.write(("POST /predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 100000\r\n\r\n{\"pix").getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (server.inFlight() < 300 && System.nanoTime() < deadline) {
                Thread.sleep(10);   // until every slow request is being read
            }
            assertThat(server.inFlight()).isGreaterThanOrEqualTo(300);
            long start = System.nanoTime();
            assertThat(send(client, request(base, "healthz").build()).statusCode()).isEqualTo(200);
            double healthz = (System.nanoTime() - start) / 1e9;
            start = System.nanoTime();
            assertThat(predictPixels(base).statusCode()).isEqualTo(200);
            double predict = (System.nanoTime() - start) / 1e9;
            assertThat(healthz).as("GET /healthz with 300 slow senders, s").isLessThan(1);
            assertThat(predict).as("POST /predict with 300 slow senders, s").isLessThan(1);
        } finally {
            for (Socket s : slow) {
                s.close();
            }
        }
    }

    @Test
    void shutdownFinishesTheRequestsInFlightAndRefusesNewOnes() throws Exception {
        try (PredictionServer server = start(1, 4, null)) {
            URI base = server.uri();
            CountDownLatch running = new CountDownLatch(1), release = new CountDownLatch(1);
            server.beforeJob = () -> {
                running.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            };
            CompletableFuture<HttpResponse<String>> inFlight = CompletableFuture.supplyAsync(() -> {
                try {
                    return predictPixels(base);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Integer> shutdown = CompletableFuture.supplyAsync(() -> server.shutdown(10));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            HttpResponse<String> late = null;
            while (late == null && System.nanoTime() < deadline) {   // the shutdown has begun once new requests get 503
                HttpResponse<String> r = send(HttpClient.newHttpClient(), request(base, "healthz").build());
                if (r.statusCode() == 503) {
                    late = r;
                } else {
                    Thread.sleep(10);
                }
            }
            assertThat(late).isNotNull();
            assertThat(late.body()).contains("shutting down");
            assertThat(shutdown).isNotDone();
            release.countDown();
            assertThat(inFlight.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            assertThat(shutdown.get(10, TimeUnit.SECONDS)).isZero();
        }
    }

    @Test
    void anIdleServerStopsWithinASecond() throws Exception {
        PredictionServer server = start(1, 4, null);
        send(client, request(server.uri(), "healthz").build());
        long start = System.nanoTime();
        assertThat(server.shutdown(10)).isZero();
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(1);
    }
}
