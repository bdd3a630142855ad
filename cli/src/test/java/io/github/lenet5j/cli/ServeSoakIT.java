package io.github.lenet5j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lenet5j.data.MnistDataset;
import io.github.lenet5j.data.Split;
import io.github.lenet5j.datasets.FashionMnistSample;
import io.github.lenet5j.io.Json;
import io.github.lenet5j.model.ModelFile;
import io.github.lenet5j.model.Predictor;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The soak test of {@code serve}, on loopback only: the real jar in its own JVM ({@code -Xmx128m}, 2 workers, a queue
 * of 16, a 2 s timeout), 32 client threads for 60 s (-Dlenet5j.soak.seconds=N for a shorter trial) sending a seeded
 * mix of valid pictures, pixel JSON, garbage, oversized bodies and slow senders. It holds when no answer is other than
 * 200, 400, 413 or 503, every 200 is the prediction the quiet server gave for the same body, the JVM never fails, its
 * threads stay bounded and it has no more open file descriptors at the end than at the start. The figures go to
 * stdout and to cli/target/soak.json (docs/serve.md quotes them).
 */
class ServeSoakIT {
    private static final int CLIENTS = 32, TIMEOUT_SECONDS = 2;
    private static final int ALLOWED_FD_GROWTH = 4;   // e.g. a log file opened lazily by the JDK

    @TempDir
    Path dir;

    private record Payload(String kind, String contentType, byte[] body) {
    }

    private static byte[] png(MnistDataset data, int index) throws IOException {
        float[] image = new float[32 * 32];
        data.image(index, image, 0);
        BufferedImage picture = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                int ink = Math.round(255 * image[(y + 2) * 32 + x + 2]);
                picture.getRaster().setSample(x, y, 0, 255 - ink);   // dark ink on light paper, as a photo would be
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(picture, "png", out);
        return out.toByteArray();
    }

    private static byte[] pixelJson(MnistDataset data, int index) {
        float[] image = new float[32 * 32];
        data.image(index, image, 0);
        List<Float> pixels = new ArrayList<>();
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                pixels.add(image[(y + 2) * 32 + x + 2]);
            }
        }
        return Json.write(Map.of("pixels", pixels)).getBytes(StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    private static Object predictions(String body) {
        return ((Map<String, Object>) Json.parse(body)).get("predictions");
    }

    /** Keep-alive connections the server had closed as idle just as the client reused them: each request sent again. */
    private static final LongAdder STALE_CONNECTIONS = new LongAdder();

    /**
     * Sends a POST; a request that meets a keep-alive connection the server closed as idle (1 s here) at the moment
     * the client reused it gets no byte back, and is sent once more, as RFC 9112 (9.3.1) allows a client to do for a
     * request the server never saw.
     */
    private static HttpResponse<String> post(HttpClient client, URI base, Payload p) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("predict")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", p.contentType()).POST(HttpRequest.BodyPublishers.ofByteArray(p.body())).build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("received no bytes")) {
                throw e;
            }
            STALE_CONNECTIONS.increment();
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }

    /** Sends a header and part of a body over a raw socket; returns the status line's code, or 0 if closed unanswered. */
    private static int raw(URI base, long declaredLength, int sent) throws IOException {
        try (Socket s = new Socket(base.getHost(), base.getPort())) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /predict HTTP/1.1\r\nHost: soak\r\nContent-Type: application/json\r\nContent-Length: "
                    + declaredLength + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            try {
                out.write(new byte[sent]);
                out.flush();
            } catch (IOException closedWhileSending) {
                // the server answered 413 and closed before the client finished: read that answer
            }
            InputStream in = s.getInputStream();
            byte[] status;
            try {
                status = in.readNBytes(12);
            } catch (java.net.SocketException reset) {
                return 0;
            }
            return status.length < 12 ? 0 : Integer.parseInt(new String(status, 9, 3, StandardCharsets.US_ASCII));
        }
    }

    private static double percentile(List<Long> sortedNanos, double p) {
        return sortedNanos.get((int) Math.min(sortedNanos.size() - 1, Math.floor(p * sortedNanos.size()))) / 1e6;
    }

    @Test
    void thirtyTwoClientsForAMinuteGetOnlyExpectedAnswersAndTheServerLeaksNothing() throws Exception {
        int seconds = Integer.getInteger("lenet5j.soak.seconds", 60);
        Path model = dir.resolve("soak.safetensors");
        ServeProcess.runJar(dir, "train", "--limit", "600", "--epochs", "1", "--activation", "relu", "--no-report",
                "--no-checkpoint", "--out", model.toString());
        MnistDataset test = FashionMnistSample.load(Split.TEST);
        List<Payload> valid = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            valid.add(new Payload("picture", "image/png", png(test, i)));
            valid.add(new Payload("json", "application/json", pixelJson(test, i)));
        }
        Predictor local = new Predictor(ModelFile.load(model).model());

        // the server closes a keep-alive connection idle for 1 s (default 30 s): then the client pool's connections
        // are gone before the file descriptors are counted, and what is left open is a leak
        List<String> jvm = List.of("-Xmx128m", "-Dsun.net.httpserver.idleInterval=1", "-Dsun.net.httpserver.clockTick=200");
        try (ServeProcess serve = ServeProcess.start(dir, jvm, "--model", model.toString(),
                "--threads", "2", "--queue", "16", "--timeout", String.valueOf(TIMEOUT_SECONDS))) {
            URI base = serve.base;
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                    .version(HttpClient.Version.HTTP_1_1).build();
            Map<Payload, Object> expected = new LinkedHashMap<>();   // what the quiet server answers
            for (Payload p : valid) {
                HttpResponse<String> r = post(client, base, p);
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                expected.put(p, predictions(r.body()));
            }
            for (int i = 0; i < 8; i++) {   // the JSON path agrees with the library on the same pixels
                float[] image = new float[32 * 32];
                test.image(i, image, 0);
                Map<?, ?> top = (Map<?, ?>) ((List<?>) expected.get(valid.get(2 * i + 1))).get(0);
                assertThat(((Number) top.get("class")).intValue()).isEqualTo(local.predict(image));
            }
            Thread.sleep(2500);   // the quiet pass's connection closed as idle
            long fdsBefore = serve.openFds();
            long threadsBefore = serve.threads();

            Map<String, LongAdder> answers = new ConcurrentHashMap<>();
            List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
            List<String> wrong = Collections.synchronizedList(new ArrayList<>());
            AtomicLong maxThreads = new AtomicLong(), maxHeap = new AtomicLong();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < CLIENTS; t++) {
                Random random = new Random(t);
                running.add(clients.submit(() -> {
                    while (System.nanoTime() < end) {
                        int dice = random.nextInt(100);
                        String kind;
                        int status;
                        if (dice < 70) {
                            Payload p = valid.get(random.nextInt(valid.size()));
                            kind = p.kind();
                            long start = System.nanoTime();
                            HttpResponse<String> r = post(client, base, p);
                            status = r.statusCode();
                            if (status == 200) {
                                latencies.add(System.nanoTime() - start);
                                if (!predictions(r.body()).equals(expected.get(p))) {
                                    wrong.add(p.kind() + ": " + r.body());
                                }
                            }
                        } else if (dice < 80) {
                            byte[] garbage = new byte[1 + random.nextInt(4096)];
                            random.nextBytes(garbage);
                            boolean json = random.nextBoolean();
                            kind = "garbage";
                            status = post(client, base, new Payload(kind, json ? "application/json" : "image/png", garbage))
                                    .statusCode();
                        } else if (dice < 90) {
                            kind = "oversized";
                            status = raw(base, 3_000_000, 1024);   // declared over the 2 MB limit: refused unread
                        } else {
                            kind = "slow";
                            status = raw(base, 100_000, 10);   // then nothing: dropped at the timeout
                        }
                        answers.computeIfAbsent(kind + " " + status, k -> new LongAdder()).increment();
                    }
                    return null;
                }));
            }
            while (System.nanoTime() < end) {   // watch the server once a second
                maxThreads.accumulateAndGet(serve.threads(), Math::max);
                String metrics = client.send(HttpRequest.newBuilder(base.resolve("metrics")).timeout(Duration.ofSeconds(30))
                        .build(), HttpResponse.BodyHandlers.ofString()).body();
                maxHeap.accumulateAndGet((long) ServeOperationsIT.metric(metrics, "lenet5j_jvm_heap_used_bytes"), Math::max);
                Thread.sleep(1000);
            }
            for (Future<?> f : running) {
                f.get(2, TimeUnit.MINUTES);
            }
            clients.shutdown();
            Thread.sleep(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS + 3));   // the last slow senders dropped, idle ones closed
            long fdsAfter = serve.openFds();

            long total = answers.values().stream().mapToLong(LongAdder::sum).sum();
            List<Long> sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("seconds", seconds);
            figures.put("clients", CLIENTS);
            figures.put("requests", total);
            figures.put("requests_per_second", total / (double) seconds);
            figures.put("valid_200_per_second", sorted.size() / (double) seconds);
            figures.put("valid_latency_ms", Map.of("p50", percentile(sorted, 0.5), "p90", percentile(sorted, 0.9),
                    "p99", percentile(sorted, 0.99), "max", sorted.get(sorted.size() - 1) / 1e6));
            Map<String, Long> counts = new java.util.TreeMap<>();
            answers.forEach((k, v) -> counts.put(k, v.sum()));
            figures.put("answers", counts);
            figures.put("stale_keep_alive_resent", STALE_CONNECTIONS.sum());
            figures.put("server_threads", Map.of("before", threadsBefore, "max", maxThreads.get()));
            figures.put("server_open_fds", Map.of("before", fdsBefore, "after", fdsAfter));
            figures.put("server_heap_used_max_bytes", maxHeap.get());
            figures.put("java", System.getProperty("java.version"));
            String json = Json.write(figures);
            System.out.println("soak: " + json);
            Files.writeString(Path.of("cli/target/soak.json"), json + "\n");

            assertThat(wrong).as("200s that differ from the quiet server's answer").isEmpty();
            counts.keySet().forEach(k -> assertThat(k).matches("(picture|json) (200|503)|garbage (400|503)"
                    + "|oversized 413|slow 0"));   // slow: closed unanswered at the timeout
            assertThat(sorted.size()).as("valid answers").isGreaterThan(seconds);
            assertThat(serve.process.isAlive()).as("the server survived; stderr: " + serve.err()).isTrue();
            assertThat(serve.err()).doesNotContain("internal error").doesNotContain("OutOfMemoryError");
            assertThat(maxThreads.get()).as("server threads").isLessThan(threadsBefore + 200);
            assertThat(fdsAfter).as("open file descriptors, before %d", fdsBefore).isLessThanOrEqualTo(fdsBefore + ALLOWED_FD_GROWTH);
            assertThat(maxHeap.get()).as("heap in use, bytes").isPositive().isLessThanOrEqualTo(128L << 20);
        }
    }
}
