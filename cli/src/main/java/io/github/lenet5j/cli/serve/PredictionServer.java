package io.github.lenet5j.cli.serve;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.lenet5j.data.Preprocessing;
import io.github.lenet5j.model.ModelFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP server of {@code lenet5j serve}: {@code POST /predict}, {@code POST /activations}, {@code GET /model},
 * {@code GET /healthz}, {@code GET /metrics} (Prometheus) and the drawing page {@code GET /}.
 *
 * <p>Two pools keep a flood of requests from exhausting memory or the CPU, and slow clients from starving the
 * others. Request threads ({@link #MAX_REQUEST_THREADS} at most, made when needed and ended when idle) parse each
 * request, answer the GET endpoints and read a POST's body (at most {@link ServeOptions#MAX_BODY_BYTES}, else 413):
 * a client that sends its body slowly holds one of them, not a compute worker, and the others go on being answered.
 * Classifying is then a job for a {@link ThreadPoolExecutor} of {@code threads} workers and a queue of
 * {@code queue} jobs; when the queue is full its rejection handler answers 503 at once. The JDK server closes a
 * connection whose request is not read within the timeout ({@code sun.net.httpserver.maxReqTime}: the deadline of
 * every request, slow senders are dropped at it), or whose response is not sent within it ({@code maxRspTime}); a job
 * that waited longer than the timeout in the queue is answered 503 unrun.
 *
 * <p>A {@link RequestTracker} follows every request to its end for the metrics, the access log and
 * {@link #shutdown graceful shutdown}.
 */
public final class PredictionServer implements AutoCloseable {
    /** Request threads at most: beyond, requests wait for one (each slow sender holds one until the timeout). */
    static final int MAX_REQUEST_THREADS = 512;

    /**
     * What an operator adds to a server: the model's name in the metrics, and an access log.
     *
     * @param modelName the model's name (e.g. its file name), for {@code lenet5j_model_info}
     * @param accessLog a file to append JSON lines to, {@code -} for standard output, or null for none
     */
    public record Operations(String modelName, String accessLog) {
        /** No name, no access log. */
        public static final Operations NONE = new Operations("model", null);
    }

    private final HttpServer http;
    private final ExecutorService io;
    private final ThreadPoolExecutor workers;
    private final Inference inference;
    private final Map<String, Object> modelJson;
    private final List<Object> examples;
    private final Preprocessing preprocessing;
    private final int classes;
    private final byte[] page;
    private final ServeOptions options;
    private final PrintWriter log;
    private final ServeMetrics metrics = new ServeMetrics();
    private final RequestTracker tracker;
    private final AccessLog accessLog;
    private final Map<String, String> modelInfo;
    private final long modelParameters;
    /** Runs in the worker before each job (tests hold a worker with it). */
    volatile Runnable beforeJob = () -> { };

    private PredictionServer(ModelFile.Loaded model, ServeOptions options, PrintWriter log, Operations operations)
            throws IOException {
        this.options = options;
        this.log = log;
        this.accessLog = operations.accessLog() == null ? null : AccessLog.open(operations.accessLog(), log);
        this.tracker = new RequestTracker(metrics, accessLog);
        this.modelInfo = modelInfo(operations.modelName(), model);
        this.modelParameters = model.model().numParameters();
        this.inference = new Inference(model);
        this.modelJson = ModelDescription.json(model);
        this.examples = Examples.json(model);
        this.preprocessing = model.preprocessing();
        this.classes = model.model().config().numClasses();
        this.page = page();
        this.io = requestThreads();
        this.workers = new ThreadPoolExecutor(options.threads(), options.threads(), 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(options.queue()), daemon("lenet5j-serve-worker"),
                (job, pool) -> ((Job) job).reject());
        this.http = HttpServer.create(new InetSocketAddress(options.bind(), options.port()), 64);
        http.setExecutor(io);
        http.createContext("/", this::route).getFilters().add(tracker);
    }

    /**
     * Threads made when a request finds none idle, up to {@link #MAX_REQUEST_THREADS}, each ended after 30 s idle;
     * past the cap a request waits in a queue for the first free thread (the JDK server's dispatcher must never be
     * refused a task).
     */
    private static ExecutorService requestThreads() {
        ThreadPoolExecutor overflow = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                daemon("lenet5j-serve-request-overflow"));
        overflow.allowCoreThreadTimeOut(true);
        ThreadPoolExecutor threads = new ThreadPoolExecutor(0, MAX_REQUEST_THREADS, 30, TimeUnit.SECONDS,
                new SynchronousQueue<>(), daemon("lenet5j-serve-request"),
                (task, pool) -> {
                    if (!pool.isShutdown()) {
                        overflow.execute(task);
                    }
                });
        return new AbstractExecutorService() {
            @Override
            public void execute(Runnable task) {
                threads.execute(task);
            }

            @Override
            public void shutdown() {
                threads.shutdown();
                overflow.shutdown();
            }

            @Override
            public List<Runnable> shutdownNow() {
                List<Runnable> left = new ArrayList<>(threads.shutdownNow());
                left.addAll(overflow.shutdownNow());
                return left;
            }

            @Override
            public boolean isShutdown() {
                return threads.isShutdown();
            }

            @Override
            public boolean isTerminated() {
                return threads.isTerminated() && overflow.isTerminated();
            }

            @Override
            public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
                return threads.awaitTermination(timeout, unit) && overflow.awaitTermination(timeout, unit);
            }
        };
    }

    /** The labels of {@code lenet5j_model_info}: the model's name, its architecture, its engine and kernels. */
    private static Map<String, String> modelInfo(String name, ModelFile.Loaded model) {
        Map<String, String> info = new LinkedHashMap<>();
        info.put("name", name);
        info.putAll(model.model().architecture());
        info.put("engine", model.model().engine().id());
        info.put("kernels", model.model().engine().kernels());
        return info;
    }

    /**
     * Starts a server for {@code model}; it runs until {@link #close()}.
     *
     * @param model   the model and its class names, shared by every request
     * @param options the address, the pools and the timeout
     * @param log     where unexpected errors are reported (a client sees only "internal error")
     * @return the running server
     * @throws IOException if the address cannot be bound
     */
    public static PredictionServer start(ModelFile.Loaded model, ServeOptions options, PrintWriter log)
            throws IOException {
        return start(model, options, log, Operations.NONE);
    }

    /**
     * Starts a server for {@code model} with an operator's additions; it runs until {@link #shutdown} or
     * {@link #close()}.
     *
     * @param model      the model and its class names, shared by every request
     * @param options    the address, the pools and the timeout
     * @param log        where unexpected errors are reported (a client sees only "internal error")
     * @param operations the model's name for the metrics and the access log
     * @return the running server
     * @throws IOException if the address cannot be bound or the access log cannot be opened
     */
    public static PredictionServer start(ModelFile.Loaded model, ServeOptions options, PrintWriter log,
                                         Operations operations) throws IOException {
        // Read once by the JDK's server, in seconds; a property the user set on the command line wins.
        System.getProperties().putIfAbsent("sun.net.httpserver.maxReqTime", String.valueOf(options.timeoutSeconds()));
        System.getProperties().putIfAbsent("sun.net.httpserver.maxRspTime", String.valueOf(options.timeoutSeconds()));
        // Small responses go out at once, not after the client's delayed ACK (~40 ms per request on Linux).
        System.getProperties().putIfAbsent("sun.net.httpserver.nodelay", "true");
        PredictionServer server = new PredictionServer(model, options, log, operations);
        server.http.start();
        return server;
    }

    /** {@return the server's address, e.g. {@code http://127.0.0.1:8080/}} */
    public URI uri() {
        InetSocketAddress a = http.getAddress();
        String host = a.getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort() + "/");
    }

    /** Jobs waiting for a worker. */
    int queued() {
        return workers.getQueue().size();
    }

    /** {@return requests received and not yet answered or dropped} */
    public int inFlight() {
        return tracker.inFlight();
    }

    /**
     * Graceful shutdown: from now on a request gets 503 with {@code Connection: close}; the requests in flight are
     * finished (up to {@code timeoutSeconds}), then the server stops listening, closes every connection and stops
     * its threads. Idle, it returns at once.
     *
     * @param timeoutSeconds the longest wait for the requests in flight
     * @return the requests cut off at the timeout (0: every one was answered)
     */
    public int shutdown(double timeoutSeconds) {
        int left;
        try {
            left = tracker.drain((long) (timeoutSeconds * 1e9));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            left = tracker.inFlight();
        }
        http.stop(0);
        workers.shutdownNow();
        io.shutdownNow();
        if (accessLog != null) {
            try {
                accessLog.close();
            } catch (IOException e) {
                log.println("serve: cannot close the access log: " + e.getMessage());
            }
        }
        return left;
    }

    /** {@link #shutdown} with a second for the requests in flight. */
    @Override
    public void close() {
        shutdown(1);
    }

    private void route(HttpExchange exchange) {
        String path = exchange.getRequestURI().getPath(), method = exchange.getRequestMethod();
        try {
            switch (path) {
                case "/" -> get(exchange, method, () -> Http.html(exchange, page));
                case "/healthz" -> get(exchange, method, () -> Http.json(exchange, 200, Map.of("status", "ok")));
                case "/model" -> get(exchange, method, () -> Http.json(exchange, 200, modelJson));
                case "/examples" -> get(exchange, method, () -> Http.json(exchange, 200, examples));
                case "/metrics" -> get(exchange, method, () -> Http.send(exchange, 200, ServeMetrics.CONTENT_TYPE,
                        metrics.render(new ServeMetrics.Gauges(queued(), options.queue(), options.threads(),
                                tracker.inFlight(), modelInfo, modelParameters)).getBytes(StandardCharsets.UTF_8)));
                case "/predict", "/activations" -> post(exchange, method, path.equals("/activations"));
                default -> throw new HttpError(404, "no such endpoint: " + path
                        + " (try GET /, GET /model, GET /examples, GET /healthz, GET /metrics, POST /predict,"
                        + " POST /activations)");
            }
        } catch (HttpError e) {
            Http.error(exchange, e.status, e.getMessage());
        } catch (IOException e) {
            exchange.close();   // the client went away or was too slow
        } catch (RuntimeException e) {
            internalError(exchange, e);
        }
    }

    private static void get(HttpExchange exchange, String method, Runnable respond) throws HttpError {
        if (!method.equals("GET")) {
            exchange.getResponseHeaders().set("Allow", "GET");
            throw new HttpError(405, method + " is not allowed here: use GET");
        }
        respond.run();
    }

    /** Reads and checks the request on this I/O thread, then queues the job for a worker. */
    private void post(HttpExchange exchange, String method, boolean activations) throws IOException, HttpError {
        if (!method.equals("POST")) {
            exchange.getResponseHeaders().set("Allow", "POST");
            throw new HttpError(405, method + " is not allowed here: use POST");
        }
        int top = Query.top(exchange.getRequestURI().getRawQuery(), classes);
        String type = String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")).toLowerCase(java.util.Locale.ROOT);
        boolean multipart = type.startsWith("multipart/form-data"), image = type.startsWith("image/") || multipart;
        if (!image && !type.startsWith("application/json")) {
            throw new HttpError(415, "Content-Type must be image/* (PNG, JPEG, BMP, GIF), multipart/form-data (a form's"
                    + " file field, as curl -F file=@shirt.png sends) or application/json, not "
                    + (type.equals("null") ? "missing" : type));
        }
        byte[] body = Http.body(exchange, ServeOptions.MAX_BODY_BYTES);
        if (multipart) {
            body = Multipart.file(body, exchange.getRequestHeaders().getFirst("Content-Type")).bytes();
        }
        workers.execute(new Job(exchange, body, image, activations, top, System.nanoTime()));
    }

    private void internalError(HttpExchange exchange, RuntimeException e) {
        synchronized (log) {
            log.println("serve: internal error on " + exchange.getRequestMethod() + " " + exchange.getRequestURI());
            e.printStackTrace(log);
            log.flush();
        }
        Http.error(exchange, 500, "internal error");
    }

    /** One classification, run by a worker. */
    private final class Job implements Runnable {
        private final HttpExchange exchange;
        private final byte[] body;
        private final boolean image, activations;
        private final int top;
        private final long received;

        Job(HttpExchange exchange, byte[] body, boolean image, boolean activations, int top, long received) {
            this.exchange = exchange;
            this.body = body;
            this.image = image;
            this.activations = activations;
            this.top = top;
            this.received = received;
        }

        @Override
        public void run() {
            if (System.nanoTime() - received > TimeUnit.SECONDS.toNanos(options.timeoutSeconds())) {
                metrics.rejected(ServeMetrics.Rejection.QUEUE_TIMEOUT);
                Http.error(exchange, 503, "the request waited too long for a worker; try again later");
                return;
            }
            try {
                beforeJob.run();
                ModelInput input = image ? ModelInput.fromImage(body, preprocessing)
                        : ModelInput.fromJson(body, preprocessing);
                Map<String, Object> result = activations ? inference.activations(input, top) : inference.predict(input, top);
                Map<String, Object> o = new LinkedHashMap<>(result);
                o.put("millis", Math.round((System.nanoTime() - received) / 1e3) / 1e3);
                Http.json(exchange, 200, o);
            } catch (HttpError e) {
                Http.error(exchange, e.status, e.getMessage());
            } catch (RuntimeException e) {
                internalError(exchange, e);
            }
        }

        /** The queue is full: answered on the I/O thread, at once. */
        void reject() {
            metrics.rejected(ServeMetrics.Rejection.QUEUE_FULL);
            exchange.getResponseHeaders().set("Retry-After", "1");
            Http.error(exchange, 503, "the server is busy (" + options.threads() + " workers, " + options.queue()
                    + " queued); try again later");
        }
    }

    private static byte[] page() {
        try (InputStream in = PredictionServer.class.getResourceAsStream("index.html")) {
            if (in == null) {
                throw new IllegalStateException("index.html is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
