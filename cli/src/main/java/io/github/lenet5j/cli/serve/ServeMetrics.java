package io.github.lenet5j.cli.serve;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * What {@code GET /metrics} tells an operator, in Prometheus's text exposition format (version 0.0.4): every
 * family has its {@code # HELP} and {@code # TYPE} lines, counters end in {@code _total}, the latency histogram has
 * cumulative {@code _bucket} series with an {@code le} label up to {@code +Inf}, then {@code _sum} and
 * {@code _count}; label values escape backslash, double quote and line feed. Counting is lock-free (adders), so
 * the request path pays a few nanoseconds.
 */
final class ServeMetrics {
    /** The Content-Type of the exposition format. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    /** The latency histogram's upper bounds, in seconds. */
    static final double[] BUCKETS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
    /** The endpoints counted by name; any other path counts as {@code other}, so a scan cannot grow the series. */
    static final List<String> ENDPOINTS = List.of("/", "/healthz", "/model", "/examples", "/metrics", "/predict",
            "/activations");

    /** Why a request got 503 without being classified. */
    enum Rejection {
        /** Every worker busy and the queue full. */
        QUEUE_FULL,
        /** It waited in the queue longer than the timeout. */
        QUEUE_TIMEOUT,
        /** It arrived while the server was shutting down. */
        SHUTTING_DOWN
    }

    /** What the server reports of itself at the moment of a scrape. */
    record Gauges(int queued, int queueCapacity, int workers, int inFlight, Map<String, String> modelInfo,
                  long modelParameters) {
    }

    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();   // "endpoint status" -> count
    private final Map<String, Histogram> latency = new ConcurrentHashMap<>();
    private final Map<Rejection, LongAdder> rejected = new ConcurrentHashMap<>();
    private final LongAdder dropped = new LongAdder();

    private static final class Histogram {
        final LongAdder[] counts = new LongAdder[BUCKETS.length + 1];   // per bucket, not cumulative; the last: +Inf
        final DoubleAdder sum = new DoubleAdder();

        Histogram() {
            for (int i = 0; i < counts.length; i++) {
                counts[i] = new LongAdder();
            }
        }

        void observe(double seconds) {
            int i = 0;
            while (i < BUCKETS.length && seconds > BUCKETS[i]) {
                i++;
            }
            counts[i].increment();
            sum.add(seconds);
        }
    }

    /** {@return the endpoint label of a request path: the path itself for a known endpoint, else {@code other}} */
    static String endpoint(String path) {
        return ENDPOINTS.contains(path) ? path : "other";
    }

    /** Counts an answered request: its status and how long it took from arrival to the last byte handed over. */
    void answered(String path, int status, long nanos) {
        String endpoint = endpoint(path);
        requests.computeIfAbsent(endpoint + " " + status, k -> new LongAdder()).increment();
        latency.computeIfAbsent(endpoint, k -> new Histogram()).observe(nanos / 1e9);
    }

    /** Counts a connection closed without an answer: the client went away, or sent too slowly and was cut off. */
    void dropped() {
        dropped.increment();
    }

    void rejected(Rejection why) {
        rejected.computeIfAbsent(why, k -> new LongAdder()).increment();
    }

    /** The exposition: one family after another, each with its HELP and TYPE lines. */
    String render(Gauges g) {
        StringBuilder out = new StringBuilder(4096);
        family(out, "lenet5j_requests_total", "counter", "Requests answered, by endpoint and HTTP status.");
        new TreeMap<>(requests).forEach((key, count) -> {
            String[] parts = key.split(" ");
            sample(out, "lenet5j_requests_total", labels("endpoint", parts[0], "status", parts[1]), count.sum());
        });
        family(out, "lenet5j_request_duration_seconds", "histogram",
                "Time from a request's arrival to its answer, by endpoint.");
        new TreeMap<>(latency).forEach((endpoint, h) -> {
            long cumulative = 0;
            for (int i = 0; i <= BUCKETS.length; i++) {
                cumulative += h.counts[i].sum();
                String le = i < BUCKETS.length ? number(BUCKETS[i]) : "+Inf";
                sample(out, "lenet5j_request_duration_seconds_bucket", labels("endpoint", endpoint, "le", le), cumulative);
            }
            sample(out, "lenet5j_request_duration_seconds_sum", labels("endpoint", endpoint), h.sum.sum());
            sample(out, "lenet5j_request_duration_seconds_count", labels("endpoint", endpoint), cumulative);
        });
        family(out, "lenet5j_rejected_requests_total", "counter",
                "Requests answered 503 without being classified, by reason.");
        for (Rejection why : Rejection.values()) {
            LongAdder count = rejected.get(why);
            sample(out, "lenet5j_rejected_requests_total", labels("reason", why.name().toLowerCase(Locale.ROOT)),
                    count == null ? 0 : count.sum());
        }
        family(out, "lenet5j_connections_dropped_total", "counter",
                "Requests closed without an answer: the client went away or sent its request too slowly.");
        sample(out, "lenet5j_connections_dropped_total", "", dropped.sum());
        family(out, "lenet5j_queue_depth", "gauge", "Requests waiting for an inference worker.");
        sample(out, "lenet5j_queue_depth", "", g.queued());
        family(out, "lenet5j_queue_capacity", "gauge", "Requests that may wait for a worker before the next gets 503.");
        sample(out, "lenet5j_queue_capacity", "", g.queueCapacity());
        family(out, "lenet5j_workers", "gauge", "Inference workers.");
        sample(out, "lenet5j_workers", "", g.workers());
        family(out, "lenet5j_requests_in_flight", "gauge", "Requests received and not yet answered or dropped.");
        sample(out, "lenet5j_requests_in_flight", "", g.inFlight());
        family(out, "lenet5j_model_info", "gauge", "The model served: its labels say which; the value is always 1.");
        List<String> info = new ArrayList<>();
        g.modelInfo().forEach((k, v) -> {
            info.add(k);
            info.add(v);
        });
        sample(out, "lenet5j_model_info", labels(info.toArray(String[]::new)), 1);
        family(out, "lenet5j_model_parameters", "gauge", "Trainable parameters of the model served.");
        sample(out, "lenet5j_model_parameters", "", g.modelParameters());
        family(out, "lenet5j_jvm_threads", "gauge", "Live threads of the server's JVM.");
        sample(out, "lenet5j_jvm_threads", "", ManagementFactory.getThreadMXBean().getThreadCount());
        family(out, "lenet5j_jvm_heap_used_bytes", "gauge", "Heap in use (live and not yet collected).");
        sample(out, "lenet5j_jvm_heap_used_bytes", "", ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        String[] fds = new File("/proc/self/fd").list();   // Linux; elsewhere the family is left out
        if (fds != null) {
            family(out, "lenet5j_open_fds", "gauge", "Open file descriptors of the server's process (sockets included).");
            sample(out, "lenet5j_open_fds", "", fds.length);
        }
        return out.toString();
    }

    private static void family(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void sample(StringBuilder out, String name, String labels, double value) {
        out.append(name).append(labels).append(' ').append(number(value)).append('\n');
    }

    /** {@code {k1="v1",k2="v2"}} with the values escaped, or nothing for no labels. */
    static String labels(String... keysAndValues) {
        if (keysAndValues.length == 0) {
            return "";
        }
        StringBuilder s = new StringBuilder("{");
        for (int i = 0; i < keysAndValues.length; i += 2) {
            s.append(i == 0 ? "" : ",").append(keysAndValues[i]).append("=\"")
                    .append(keysAndValues[i + 1].replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n"))
                    .append('"');
        }
        return s.append('}').toString();
    }

    /** Whole numbers without a fraction, others as Java prints a double (Prometheus reads both). */
    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }
}
