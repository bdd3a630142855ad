package io.github.lenet5j.cli;

import com.sun.management.HotSpotDiagnosticMXBean;
import io.github.lenet5j.io.Json;
import io.github.lenet5j.model.LatencyPredictor;
import io.github.lenet5j.model.LeNet5;
import io.github.lenet5j.model.LeNet5Config;
import io.github.lenet5j.model.Predictor;
import io.github.lenet5j.nn.Engine;
import io.github.lenet5j.nn.Layer;
import io.github.lenet5j.optim.SGD;
import io.github.lenet5j.optim.SgdConfig;
import io.github.lenet5j.tensor.Tensor;
import io.github.lenet5j.train.TrainConfig;
import io.github.lenet5j.train.Trainer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.module.ModuleFinder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench}: images/second on the workloads of {@code pytorch_bench.py} (random 32×32 inputs already in
 * memory): training steps (forward, cross-entropy, backward, SGD momentum) at batch 1, 16, 64, 256 and
 * inference at batch 1 and 1000, on all threads ({@code train_ips_b64}: {@code --threads} for training and for
 * batch 1, where a {@link LatencyPredictor} splits each image's layers across up to six threads; all processors
 * for batch 1000) and on one ({@code train_ips_b64_1t}). Each figure is the median of timed passes after a warm-up
 * pass. With {@code --pytorch}, PyTorch runs the same workloads with the same thread counts.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure training and inference speed (images/s) on random 32x32 inputs already in memory,"
                + " optionally beside PyTorch's in the same run. Each figure is the median of --repeats timed passes"
                + " of --images images after a warm-up pass; progress goes to stderr.",
            "",
            "The keys of --json:",
            "  threads              the thread count of the 'all threads' figures (--threads)",
            "  kernels              the product kernels measured: vector (Vector API) or scalar",
            "  java, jvm_args       the Java version and the JVM's options",
            "  vector_bits          the widest SIMD vector the JIT may use (HotSpot's MaxVectorSize x 8)",
            "  train_ips_bN         training images/s at batch N (1, 16, 64, 256) on all threads: forward,",
            "                       cross-entropy, backward, SGD with momentum",
            "  train_ips_bN_1t      the same on one thread",
            "  infer_ips_b1         inference images/s one image at a time, each image's layers split across",
            "                       up to 6 threads",
            "  infer_ips_b1_1t      the same on one thread",
            "  infer_ips_b1000      inference images/s in batches of 1000 spread over all cores",
            "  infer_ips_b1000_1t   the same on one thread",
            "  mflop_per_train_image  millions of floating-point operations of one training image",
            "  gflops_train_b64     GFLOP/s of training at batch 64 on all threads",
            "  peak_heap_mb         the largest heap in use during the run, in MiB",
            "  pytorch              with --pytorch: PyTorch's figures under the same keys"})
final class BenchCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model;

    @Option(names = "--threads", paramLabel = "T", converter = Check.AtLeastOne.class, description = "Threads for the 'all threads' figures (default: all processors).")
    Integer threads;

    @Option(names = "--images", defaultValue = "10000", converter = Check.AtLeastOne.class, description = "Images per timed pass (default: ${DEFAULT-VALUE}).")
    int images;

    @Option(names = "--repeats", defaultValue = "3", converter = Check.AtLeastOne.class, description = "Timed passes; the median counts (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--pytorch", paramLabel = "SCRIPT",
            description = "Also run this pytorch_bench.py with /usr/bin/python3 and print the ratios.")
    Path pytorch;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        int all = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (vectorKernelsInAnotherJvm()) {
            return rerunWithVectorKernels();
        }
        LeNet5Config config = model.config();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("threads", all);
        out.putAll(Cli.engineJson(model.engine));
        out.put("java", System.getProperty("java.version"));
        out.put("jvm_args", ManagementFactory.getRuntimeMXBean().getInputArguments());
        Integer vectorBits = vectorBits();
        if (vectorBits != null) {
            out.put("vector_bits", vectorBits);
        }
        Progress progress = new Progress(spec.commandLine().getErr(),
                (all == 1 ? 6 : 12) + (pytorch == null ? 0 : all == 1 ? 1 : 2));
        for (int batch : new int[] {1, 16, 64, 256}) {
            double rate = trainRate(config, batch, all, progress);
            out.put("train_ips_b" + batch, rate);
            out.put("train_ips_b" + batch + "_1t", all == 1 ? rate : trainRate(config, batch, 1, progress));
        }
        progress.next(workload("infer_ips_b1_1t", all));
        double single = inferRate(config, 1, 1);
        if (all > 1) {
            progress.next(workload("infer_ips_b1", all));
        }
        out.put("infer_ips_b1", all == 1 ? single : latencyRate(config, Math.min(all, LatencyPredictor.MAX_THREADS)));
        out.put("infer_ips_b1_1t", single);
        progress.next(workload("infer_ips_b1000", all));
        double rate = inferRate(config, 1000, all);
        out.put("infer_ips_b1000", rate);
        if (all > 1) {
            progress.next(workload("infer_ips_b1000_1t", all));
        }
        out.put("infer_ips_b1000_1t", all == 1 ? rate : inferRate(config, 1000, 1));
        LeNet5 lenet = new LeNet5(config, 0, model.engine);
        double forwardFlops = forwardFlops(lenet);
        int[] image = {1, config.inChannels(), LeNet5.INPUT_SIZE, LeNet5.INPUT_SIZE};
        // backward costs two forwards, less the first layer's input gradient, which training skips (its input is the data)
        double trainFlops = 3 * forwardFlops - 2.0 * lenet.layers().get(0).multiplyAdds(image);
        out.put("mflop_per_train_image", trainFlops / 1e6);
        out.put("gflops_train_b64", (double) out.get("train_ips_b64") * trainFlops / 1e9);
        out.put("peak_heap_mb", peakHeapMegabytes());
        Map<String, Object> torch = null;
        if (pytorch != null) {
            progress.next("PyTorch (" + pytorch + "), " + Cli.count(all, "thread"));
            torch = runPytorch(all);
            if (all > 1) {
                progress.next("PyTorch (" + pytorch + "), 1 thread");
            }
            Map<String, Object> one = all == 1 ? torch : runPytorch(1);
            for (Map.Entry<String, Object> e : one.entrySet()) {   // the one-thread figures beside ours, as key_1t
                if (e.getKey().contains("_ips_b")) {
                    torch.put(e.getKey() + "_1t", e.getValue());
                }
            }
        }
        progress.done();
        PrintWriter w = spec.commandLine().getOut();
        if (json) {
            if (torch != null) {
                out.put("pytorch", torch);
            }
            w.println(Json.write(out));
            return 0;
        }
        printText(w, out, torch, config, all);
        return 0;
    }

    /** The figures as labelled lines, each with its workload and unit (and PyTorch's beside it, with the ratio). */
    private static void printText(PrintWriter w, Map<String, Object> out, Map<String, Object> torch, LeNet5Config config,
            int all) {
        w.printf(Locale.ROOT, "LeNet-5 (%s, %s, %s, %s), %s kernels, Java %s%s%n", config.activation().id(),
                config.pooling().id(), Cli.count(config.inChannels(), "input channel"), Cli.count(config.numClasses(), "class"),
                out.get("kernels"), out.get("java"), out.containsKey("vector_bits") ? ", SIMD vectors up to "
                        + out.get("vector_bits") + " bits" : "");
        int width = 0;
        for (String key : out.keySet()) {
            width = key.contains("_ips_") ? Math.max(width, workload(key, all).length()) : width;
        }
        for (Map.Entry<String, Object> e : out.entrySet()) {
            if (e.getKey().contains("_ips_")) {
                double v = (double) e.getValue();
                String line = String.format(Locale.ROOT, "%-" + (width + 1) + "s %,9.0f images/s", workload(e.getKey(), all)
                        + ":", v);
                if (torch != null && torch.get(e.getKey()) instanceof Number t) {
                    line += String.format(Locale.ROOT, "   PyTorch %,9.0f images/s   %5.2fx", t.doubleValue(),
                            v / t.doubleValue());
                }
                w.println(line);
            }
        }
        w.printf(Locale.ROOT, "training arithmetic: %.3f MFLOP per image, %.2f GFLOP/s at batch 64 on %s%n",
                out.get("mflop_per_train_image"), out.get("gflops_train_b64"), Cli.count(all, "thread"));
        w.printf(Locale.ROOT, "peak heap: %.1f MB%n", out.get("peak_heap_mb"));
        w.println("JVM arguments: " + out.get("jvm_args"));
    }

    /**
     * What a figure measured, in words: {@code train_ips_b64} on 2 threads is "training, batch 64, 2 threads".
     *
     * @param key a key of the JSON, {@code train_ips_bN} or {@code infer_ips_bN}, with {@code _1t} for one thread
     * @param all the thread count of the "all threads" figures
     */
    static String workload(String key, int all) {
        boolean one = key.endsWith("_1t") || all == 1;
        int batch = Integer.parseInt(key.replaceAll(".*_b(\\d+).*", "$1"));
        String threads = one ? "1 thread" : key.startsWith("infer") && batch == 1000 ? "all cores"
                : key.startsWith("infer") ? Cli.count(Math.min(all, LatencyPredictor.MAX_THREADS), "thread") + " per image"
                : Cli.count(all, "thread");
        return (key.startsWith("train") ? "training" : "inference") + ", batch " + batch + ", " + threads;
    }

    /** What bench is measuring, on stderr: one updating line on a terminal, else one line per workload. */
    private static final class Progress {
        private final PrintWriter err;
        private final int total;
        private final boolean terminal = System.console() != null;
        private int done;

        Progress(PrintWriter err, int total) {
            this.err = err;
            this.total = total;
        }

        void next(String workload) {
            String line = String.format(Locale.ROOT, "bench: %d/%d %s ...", ++done, Math.max(total, done), workload);
            if (terminal) {
                err.print("\r\033[K" + line);
            } else {
                err.println(line);
            }
            err.flush();
        }

        void done() {
            if (terminal) {
                err.print("\r\033[K");
                err.flush();
            }
        }
    }

    /**
     * Whether this JVM runs the scalar kernels only because it was started without the Vector API module,
     * which the JDK has: then the measurement runs in a JVM started with it (a jar's manifest cannot add a
     * module). {@code -Dlenet5j.kernels=scalar} measures the scalar kernels here.
     */
    private static boolean vectorKernelsInAnotherJvm() {
        return System.getProperty(Engine.KERNELS_PROPERTY) == null
                && ModuleLayer.boot().findModule(Engine.VECTOR_MODULE).isEmpty()
                && ModuleFinder.ofSystem().find(Engine.VECTOR_MODULE).isPresent();
    }

    /** Runs this bench command again in a JVM with the Vector API module and this JVM's options; its exit status. */
    private int rerunWithVectorKernels() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", Engine.VECTOR_MODULE));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(spec.root().commandLine().getParseResult().originalArgs());
        spec.commandLine().getErr().println("bench: measuring in a JVM started with --add-modules "
                + Engine.VECTOR_MODULE + " (the Vector API kernels; -D" + Engine.KERNELS_PROPERTY + "=scalar measures the others here)");
        Process child = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Runtime.getRuntime().addShutdownHook(new Thread(child::destroy));   // this JVM stopped: so is the bench
        PrintWriter w = spec.commandLine().getOut();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                w.println(line);
            }
        }
        w.flush();
        return child.waitFor();
    }

    private double trainRate(LeNet5Config config, int batch, int threadCount, Progress progress) {
        progress.next(workload("train_ips_b" + batch + (threadCount == 1 ? "_1t" : ""), threadCount));
        LeNet5 lenet = new LeNet5(config, 0, model.engine);
        Tensor x = randomImages(batch, config.inChannels(), 1);
        int[] y = new int[batch];
        Random random = new Random(2);
        for (int i = 0; i < batch; i++) {
            y[i] = random.nextInt(config.numClasses());
        }
        try (Trainer trainer = new Trainer(lenet, new SGD(lenet.parameters(), SgdConfig.of(0.01f).withMomentum(0.9f)),
                TrainConfig.of(1, batch, 0).withThreads(threadCount))) {
            return rate(() -> trainer.step(x, y), batch == 1 ? images / 5 : images, batch);
        }
    }

    /** One image at a time, each split across {@code threadCount} threads by a {@link LatencyPredictor}. */
    private double latencyRate(LeNet5Config config, int threadCount) {
        float[] image = randomImages(1, config.inChannels(), 3).data();
        try (LatencyPredictor predictor = new LatencyPredictor(new LeNet5(config, 0, model.engine), threadCount)) {
            return rate(() -> predictor.probabilities(image), images, 1);
        }
    }

    /** Inference on one thread (the model itself) or on all processors (a {@link Predictor} spreading the batch). */
    private double inferRate(LeNet5Config config, int batch, int threadCount) {
        LeNet5 lenet = new LeNet5(config, 0, model.engine);
        Tensor x = randomImages(batch, config.inChannels(), 3);
        if (threadCount == 1) {
            return rate(() -> lenet.forward(x), images, batch);
        }
        Predictor predictor = new Predictor(lenet);
        return rate(() -> predictor.probabilities(x), images, batch);
    }

    private static Tensor randomImages(int batch, int channels, long seed) {
        Tensor x = new Tensor(batch, channels, LeNet5.INPUT_SIZE, LeNet5.INPUT_SIZE);
        Random random = new Random(seed);
        float[] v = x.data();
        for (int i = 0; i < v.length; i++) {
            v[i] = random.nextFloat();
        }
        return x;
    }

    /** Images per second: one warm-up pass, then the median of {@code repeats} timed passes. */
    private double rate(Runnable step, int imageCount, int batch) {
        int steps = Math.max(1, imageCount / batch);
        for (int i = 0; i <= steps; i++) {
            step.run();
        }
        double[] seconds = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            long start = System.nanoTime();
            for (int i = 0; i < steps; i++) {
                step.run();
            }
            seconds[r] = (System.nanoTime() - start) / 1e9;
        }
        Arrays.sort(seconds);
        return steps * batch / seconds[repeats / 2];
    }

    /** Multiply-adds ×2 of the layers' forward passes for one image, as each layer counts them. */
    private static double forwardFlops(LeNet5 lenet) {
        int[] shape = {1, lenet.config().inChannels(), LeNet5.INPUT_SIZE, LeNet5.INPUT_SIZE};
        double flops = 0;
        for (Layer layer : lenet.layers()) {
            flops += 2.0 * layer.multiplyAdds(shape);
            shape = layer.outputShape(shape);
        }
        return flops;
    }

    /**
     * The widest SIMD vector C2 may use (HotSpot's MaxVectorSize, in bits), or null on a JVM without the option.
     * Recorded because it moves the figures: on an AVX-512 machine 256-bit vectors trained ~8% faster
     * (docs/performance.md, round 5).
     */
    private static Integer vectorBits() {
        try {
            HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            return hotspot == null ? null : 8 * Integer.parseInt(hotspot.getVMOption("MaxVectorSize").getValue());
        } catch (IllegalArgumentException e) {   // no such option (another JVM, or no C2), or not a number
            return null;
        }
    }

    private static double peakHeapMegabytes() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak / 1048576.0;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> runPytorch(int threadCount) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("/usr/bin/python3", pytorch.toString(), "--threads", String.valueOf(threadCount),
                "--images", String.valueOf(images), "--repeats", String.valueOf(repeats), "--json",
                "--channels", String.valueOf(model.channels), "--classes", String.valueOf(model.classes),
                "--activation", model.activation.id(), "--pooling", model.pooling.id())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(pytorch + " failed with status " + p.exitValue());
        }
        return (Map<String, Object>) Json.parse(text.strip());
    }
}
