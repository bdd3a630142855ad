package io.github.lenet5j.cli;

import io.github.lenet5j.cli.serve.PredictionServer;
import io.github.lenet5j.cli.serve.ServeOptions;
import io.github.lenet5j.model.LeNet5Config;
import io.github.lenet5j.model.ModelFile;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import sun.misc.Signal;

/**
 * {@code serve}: an HTTP prediction endpoint and a drawing page for a saved model, until SIGTERM or Ctrl-C (SIGINT),
 * which stop it gracefully: no new requests, those in flight finished within {@code --timeout}, exit status 0.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve a saved model over HTTP (the JDK's built-in server) until Ctrl-C or SIGTERM, which stop",
            "it gracefully (requests in flight are finished within --timeout).",
            "  GET  /             a drawing page: live top-3 classes, conv1 and conv2 maps",
            "  POST /predict      an image (Content-Type: image/*), a form's file field",
            "                     (multipart/form-data: curl -F file=@shirt.png), or JSON",
            "                     {\"pixels\": [...]} (784 or C*1024 values in 0..1); ?top=K (default 3)",
            "  POST /activations  the same bodies: the predictions and the feature maps",
            "  GET  /model        the configuration and the layer table",
            "  GET  /examples     a sample picture per class, for a Fashion-MNIST model",
            "  GET  /healthz      {\"status\":\"ok\"}",
            "  GET  /metrics      Prometheus metrics: requests, latency, queue, model",
            "Bodies over 2 MB get 413, pictures over 2048 pixels a side 400,",
            "a full queue 503. See docs/serve.md."})
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "FILE", converter = ModelFileConverter.class,
            description = ModelFileConverter.DESCRIPTION)
    Path modelFile;

    @Option(names = "--port", defaultValue = "8080", paramLabel = "PORT", converter = Check.Port.class,
            description = "The port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
            description = "The address to listen on (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0 for every"
                    + " network).")
    String bind;

    @Option(names = "--threads", paramLabel = "N", converter = Check.AtLeastOne.class, description = "Inference workers (default: the number of cores).")
    Integer threads;

    @Option(names = "--queue", defaultValue = "16", paramLabel = "N", converter = Check.AtLeastOne.class,
            description = "Requests that may wait for a worker; more get 503 (default: ${DEFAULT-VALUE}).")
    int queue;

    @Option(names = "--timeout", defaultValue = "10", paramLabel = "SECONDS", converter = Check.AtLeastOne.class,
            description = "The time a client has to send a request and to get its answer (default: ${DEFAULT-VALUE}).")
    int timeout;

    @Option(names = "--access-log", paramLabel = "FILE|-",
            description = "Append one JSON line per request (time, remote, method, path, status, millis, bytes) to FILE,"
                    + " or write them to standard output with -; off by default.")
    String accessLog;

    @Mixin
    ModelOptions model;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ModelFile.Loaded loaded = model.load(modelFile, spec.commandLine().getParseResult());
        InetAddress address = InetAddress.getByName(bind);
        int workers = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        PredictionServer server = PredictionServer.start(loaded, new ServeOptions(address, port, workers, queue, timeout),
                err, new PredictionServer.Operations(modelFile.getFileName().toString(), accessLog));
        CountDownLatch stop = new CountDownLatch(1);
        AtomicReference<String> why = new AtomicReference<>();
        for (String name : List.of("TERM", "INT")) {   // instead of the JVM's exit: a graceful stop, then status 0
            Signal.handle(new Signal(name), signal -> {
                why.compareAndSet(null, "SIG" + signal.getName());
                stop.countDown();
            });
        }
        Thread hook = new Thread(() -> server.shutdown(timeout));   // any other exit still finishes what is in flight
        Runtime.getRuntime().addShutdownHook(hook);
        if (!address.isLoopbackAddress()) {
            err.println("serve: listening on " + bind + ": other machines can reach this server");
        }
        LeNet5Config c = loaded.model().config();
        out.println("serving " + modelFile + " (" + c.activation().id() + ", " + c.numClasses() + " classes) on "
                + server.uri() + " with " + workers + " workers (Ctrl-C to stop)");
        out.println("pictures are prepared as the model records: " + loaded.preprocessing().describe());
        out.flush();
        err.flush();
        stop.await();
        long start = System.nanoTime();
        out.printf(Locale.ROOT, "serve: %s: stopping; new requests get 503, %d in flight get up to %d s%n", why.get(),
                server.inFlight(), timeout);
        out.flush();
        int cutOff = server.shutdown(timeout);
        Runtime.getRuntime().removeShutdownHook(hook);
        out.printf(Locale.ROOT, "serve: stopped after %.2f s%s%n", (System.nanoTime() - start) / 1e9,
                cutOff == 0 ? "" : "; " + cutOff + " request(s) were still in flight at the timeout");
        out.flush();
        return 0;
    }
}
