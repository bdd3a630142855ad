package io.github.lenet5j.cli.serve;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A small, bounded load client for {@code lenet5j serve}, run by hand (docs/serve.md): {@code clients} threads on
 * loopback each POST the same PNG to {@code /predict}, back to back, for {@code seconds} after a warm-up; prints
 * requests per second and the latency percentiles of the 200s, and counts every other status.
 *
 * <pre>java -cp target/classes:target/test-classes io.github.lenet5j.cli.serve.LoadClient URL PNG [CLIENTS] [SECONDS]</pre>
 */
public final class LoadClient {
    private LoadClient() {
    }

    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]).resolve("predict");
        if (!uri.getHost().equals("127.0.0.1") && !uri.getHost().equals("localhost")) {
            throw new IllegalArgumentException("loopback only: " + uri);
        }
        byte[] png = Files.readAllBytes(Path.of(args[1]));
        int clients = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        int seconds = Math.min(60, args.length > 3 ? Integer.parseInt(args[3]) : 20);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "image/png").POST(HttpRequest.BodyPublishers.ofByteArray(png)).build();
        run(http, request, clients, 3);   // warm-up: the JIT, the connections
        Result r = run(http, request, clients, seconds);
        long[] ok = r.latencies();
        Arrays.sort(ok);
        System.out.printf(Locale.ROOT, "%d clients, %d s, %d-byte PNG: %d OK (%.0f requests/s), %d other statuses;"
                + " latency p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms%n", clients, seconds, png.length, ok.length,
                ok.length / (double) seconds, r.others(), ms(ok, 0.50), ms(ok, 0.90), ms(ok, 0.99), ms(ok, 1.0));
    }

    record Result(long[] latencies, long others) {
    }

    private static Result run(HttpClient http, HttpRequest request, int clients, int seconds) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<Result>> results = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            results.add(pool.submit(() -> {
                List<Long> latencies = new ArrayList<>();
                long others = 0;
                while (System.nanoTime() < end) {
                    long start = System.nanoTime();
                    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == 200) {
                        latencies.add(System.nanoTime() - start);
                    } else {
                        others++;
                    }
                }
                return new Result(latencies.stream().mapToLong(Long::longValue).toArray(), others);
            }));
        }
        List<Long> all = new ArrayList<>();
        long others = 0;
        for (Future<Result> f : results) {
            Result r = f.get(seconds + 30L, TimeUnit.SECONDS);
            Arrays.stream(r.latencies()).forEach(all::add);
            others += r.others();
        }
        pool.shutdownNow();
        return new Result(all.stream().mapToLong(Long::longValue).toArray(), others);
    }

    private static double ms(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1e6;
    }
}
