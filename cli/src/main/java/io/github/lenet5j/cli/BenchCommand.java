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
        description = "Measure training and inference speed (images/s), optionally beside PyTorch's in the same run.")
final class BenchCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model;

    @Option(names = "--threads", paramLabel = "T", description = "Threads for the 'all threads' figures (default: all processors).")
    Integer threads;

    @Option(names = "--images", defaultValue = "10000", description = "Images per timed pass (default: ${DEFAULT-VALUE}).")
    int images;

    @Option(names = "--repeats", defaultValue = "3", description = "Timed passes; the median counts (default: ${DEFAULT-VALUE}).")
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
        if (all < 1 || images < 1 || repeats < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--threads, --images and --repeats must be >= 1");
        }
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
        for (int batch : new int[] {1, 16, 64, 256}) {
            double rate = trainRate(config, batch, all);
            out.put("train_ips_b" + batch, rate);
            out.put("train_ips_b" + batch + "_1t", all == 1 ? rate : trainRate(config, batch, 1));
        }
        double single = inferRate(config, 1, 1);
        out.put("infer_ips_b1", all == 1 ? single : latencyRate(config, Math.min(all, LatencyPredictor.MAX_THREADS)));
        out.put("infer_ips_b1_1t", single);
        double rate = inferRate(config, 1000, all);
        out.put("infer_ips_b1000", rate);
        out.put("infer_ips_b1000_1t", all == 1 ? rate : inferRate(config, 1000, 1));
        LeNet5 lenet = new LeNet5(config, 0, model.engine);
        double forwardFlops = forwardFlops(lenet);
        int[] image = {1, config.inChannels(), LeNet5.INPUT_SIZE, LeNet5.INPUT_SIZE};
        // backward costs two forwards, less the first layer's input gradient, which training skips (its input is the data)
        double trainFlops = 3 * forwardFlops - 2.0 * lenet.layers().get(0).multiplyAdds(image);
        out.put("mflop_per_train_image", trainFlops / 1e6);
        out.put("gflops_train_b64", (double) out.get("train_ips_b64") * trainFlops / 1e9);
        out.put("peak_heap_mb", peakHeapMegabytes());
        Map<String, Object> torch = pytorch == null ? null : runPytorch(all);
        if (torch != null) {   // the one-thread figures beside ours, as key_1t
            Map<String, Object> one = all == 1 ? torch : runPytorch(1);
            for (Map.Entry<String, Object> e : one.entrySet()) {
                if (e.getKey().contains("_ips_b")) {
                    torch.put(e.getKey() + "_1t", e.getValue());
                }
            }
        }
        PrintWriter w = spec.commandLine().getOut();
        if (json) {
            if (torch != null) {
                out.put("pytorch", torch);
            }
            w.println(Json.write(out));
            return 0;
        }
        w.printf(Locale.ROOT, "%-18s %12s%s%n", "workload", "lenet5j", torch == null ? "" : String.format("%12s %8s", "pytorch", "ratio"));
        for (Map.Entry<String, Object> e : out.entrySet()) {
            if (e.getValue() instanceof Double v) {
                String line = String.format(Locale.ROOT, "%-18s %12.1f", e.getKey(), v);
                if (torch != null && torch.get(e.getKey()) instanceof Number t) {
                    line += String.format(Locale.ROOT, " %12.1f %7.2fx", t.doubleValue(), v / t.doubleValue());
                }
                w.println(line);
            } else {
                w.printf(Locale.ROOT, "%-18s %12s%n", e.getKey(), e.getValue());
            }
        }
        return 0;
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

    private double trainRate(LeNet5Config config, int batch, int threadCount) {
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
