package io.github.lenet5j.cli;

import com.sun.management.HotSpotDiagnosticMXBean;
import io.github.lenet5j.io.Json;
import io.github.lenet5j.model.ClassicLeNet5;
import io.github.lenet5j.model.Classifier;
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
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bench}: images/second on the workloads of {@code pytorch_bench.py} (random 32×32 inputs already in
 * memory): training steps (forward, cross-entropy, backward, SGD momentum) at batch 1, 16, 64, 256 and
 * inference at batch 1 and 1000, on all threads ({@code train_ips_b64}: {@code --threads} for training and for
 * batch 1, where a {@link LatencyPredictor} splits each image's layers across up to six threads; all processors
 * for batch 1000) and on one ({@code train_ips_b64_1t}; batch 1 on one thread is a {@code LatencyPredictor} of
 * one thread, whose weights are a snapshot as an ONNX Runtime session's are). Each figure is the median of timed
 * passes after a warm-up pass. With {@code --pytorch}, Debian's PyTorch runs the same workloads with the same
 * thread counts; with {@code --peers}, a current PyTorch and ONNX Runtime run them after lenet5j in the same run
 * ({@link Peers}), and the ratios follow.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure training and inference speed (images/s) on random 32x32 inputs already in memory,"
                + " optionally beside PyTorch's and ONNX Runtime's in the same run. Each figure is the median of"
                + " --repeats timed passes of --images images after a warm-up pass; progress goes to stderr.",
            "",
            "--peers runs, right after lenet5j's figures, the project's peer benchmarks on the same model (--preset,"
                + " --channels, --classes, --activation, --pooling) and the same --threads, --images and --repeats:"
                + " tools/pytorch/pytorch_bench.py (PyTorch: training and inference) and tools/onnx/ort_bench.py (ONNX"
                + " Runtime: inference, at 1 and at --threads threads), under --python or the python that"
                + " tools/peers-venv.sh prints (it makes that venv the first time: about 10 minutes). Then the ratios:"
                + " training at batch 64 against PyTorch, inference at batch 1 and 1000 against ONNX Runtime, each"
                + " side at its better thread count.",
            "",
            "Started without --add-modules jdk.incubator.vector on a JDK that has the module, bench measures in a JVM"
                + " started with it (the vector kernels). -Dlenet5j.kernels=scalar measures here, on the scalar kernels"
                + " that a JVM started without the module (a library user's default) runs:"
                + " java -Dlenet5j.kernels=scalar -jar lenet5j-cli.jar bench.",
            "",
            "The keys of --json:",
            "  version, commit      lenet5j's version and the commit the jar was built from (as --version)",
            "  uncommitted_changes  whether the jar was built from a working tree that differs from that commit",
            "  threads              the thread count of the 'all threads' figures (--threads)",
            "  kernels              the product kernels measured: vector (Vector API) or scalar",
            "  java, java_vm, jvm_args  the Java version, the JVM (name and build) and the JVM's options",
            "  vector_module        whether the JVM has jdk.incubator.vector (was started with --add-modules)",
            "  vector_bits          the widest SIMD vector the JIT may use (HotSpot's MaxVectorSize x 8)",
            "  model                the network: preset, in_channels, num_classes (and activation, pooling for modern)",
            "  load_average         the machine's 1-minute load average when bench started and when it ended;",
            "                       figures taken while other programs keep the processors busy are noise",
            "  train_ips_bN         training images/s at batch N (1, 16, 64, 256) on all threads: forward,",
            "                       the loss (cross-entropy; the RBF loss for classic), backward, SGD with momentum",
            "  train_ips_bN_1t      the same on one thread",
            "  infer_ips_b1         inference images/s one image at a time, each image's layers split across",
            "                       up to 6 threads (not for classic)",
            "  infer_ips_b1_1t      the same on one thread (classic: its forward, one image at a time)",
            "  infer_ips_b1000      inference images/s in batches of 1000 spread over all cores (not for classic)",
            "  infer_ips_b1000_1t   the same on one thread",
            "  mflop_per_train_image  millions of floating-point operations of one training image",
            "  gflops_train_b64     GFLOP/s of training at batch 64 on all threads",
            "  peak_heap_mb         the largest heap in use during the run, in MiB",
            "  allocated_bytes_per_step  for each workload (train_bN, train_bN_1t, infer_b1, infer_b1_1t, infer_b1000,",
            "                       infer_b1000_1t): the bytes all threads allocated a step (a batch) in its timed",
            "                       passes. In a steady state tens of bytes a training step, what inference returns,",
            "                       and at batch 1000 the Predictor's copies of its chunks (4 KB an image); kilobytes a",
            "                       training step mean the passes were too short to reach it (--images), or that the",
            "                       JIT keeps vectors on the heap on this machine",
            "  pytorch              with --pytorch: PyTorch's figures under the same keys",
            "  peers                with --peers: python, torch and onnxruntime (the peers' versions), and each",
            "                       script's own JSON (tools/README.md): pytorch (PyTorch on --threads threads),",
            "                       ort (ONNX Runtime, --threads intra-op threads), ort_1t (ONNX Runtime, 1 thread)",
            "  ratios               with --peers, lenet5j's images/s over the peer's:",
            "                       train_b64_vs_pytorch: training at batch 64 on --threads threads;",
            "                       infer_b1_vs_onnxruntime, infer_b1000_vs_onnxruntime: inference at batch 1 and",
            "                       1000, each side at its better thread count"})
final class BenchCommand implements Callable<Integer>, Check.BeforeRun {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    /** Bytes all threads allocated a step in each workload's timed passes, by workload (see rate). */
    private final Map<String, Object> allocatedPerStep = new LinkedHashMap<>();

    @Mixin
    ModelOptions model;

    @Option(names = "--preset", defaultValue = "modern", paramLabel = "NAME", converter = Check.Preset.class,
            description = "modern (shaped by the model flags) or classic (the 1998 network: --channels and --classes"
                    + " only) (default: ${DEFAULT-VALUE}).")
    String preset;

    @Option(names = "--threads", paramLabel = "T", converter = Check.AtLeastOne.class, description = "Threads for the 'all threads' figures (default: all processors).")
    Integer threads;

    @Option(names = "--images", defaultValue = "10000", converter = Check.AtLeastOne.class, description = "Images per timed pass (default: ${DEFAULT-VALUE}).")
    int images;

    @Option(names = "--repeats", defaultValue = "3", converter = Check.AtLeastOne.class, description = "Timed passes; the median counts (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--pytorch", paramLabel = "SCRIPT",
            description = "Also run this pytorch_bench.py with /usr/bin/python3 (Debian's PyTorch) and print the ratios.")
    Path pytorch;

    @Option(names = "--peers", description = "Also measure PyTorch and ONNX Runtime on the same workloads in this run"
            + " (tools/pytorch/pytorch_bench.py, tools/onnx/ort_bench.py) and print the ratios.")
    boolean peers;

    @Option(names = "--python", paramLabel = "PYTHON", description = "The python for --peers, with torch, numpy, onnx and"
            + " onnxruntime (default: the one tools/peers-venv.sh prints).")
    String python;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public void check(CommandSpec command) {
        if (python != null && !peers) {
            throw new ParameterException(command.commandLine(), "--python is the peers' python: give --peers too");
        }
        picocli.CommandLine.ParseResult parsed = command.commandLine().getParseResult();
        for (String flag : List.of("--activation", "--pooling")) {
            if (classic() && parsed.hasMatchedOption(flag)) {
                throw new ParameterException(command.commandLine(), flag + " shapes the modern network; the classic"
                        + " preset has its own (scaled tanh, trainable subsampling): drop " + flag);
            }
        }
    }

    private boolean classic() {
        return preset.equals("classic");
    }

    @Override
    public Integer call() throws Exception {
        int all = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (vectorKernelsInAnotherJvm()) {
            return rerunWithVectorKernels();
        }
        LeNet5Config config = model.config();
        Double loadBefore = loadAverage();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("version", Main.Version.property("version"));
        out.put("commit", Main.Version.property("commit"));
        String dirty = Main.Version.property("dirty");
        out.put("uncommitted_changes", dirty == null ? null : Boolean.valueOf(dirty));
        out.put("threads", all);
        out.putAll(Cli.engineJson(model.engine));
        out.put("java", System.getProperty("java.version"));
        out.put("java_vm", System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"));
        out.put("jvm_args", ManagementFactory.getRuntimeMXBean().getInputArguments());
        out.put("vector_module", ModuleLayer.boot().findModule(Engine.VECTOR_MODULE).isPresent());
        Integer vectorBits = vectorBits();
        if (vectorBits != null) {
            out.put("vector_bits", vectorBits);
        }
        out.put("model", modelJson(config));
        Map<String, Object> loads = new LinkedHashMap<>();
        out.put("load_average", loads);
        int ownWorkloads = 4 * (all == 1 ? 1 : 2) + (classic() ? 2 : all == 1 ? 2 : 4);
        int peerRuns = (pytorch == null ? 0 : all == 1 ? 1 : 2) + (!peers ? 0 : (python == null ? 1 : 0) + (all == 1 ? 2 : 3));
        Progress progress = new Progress(spec.commandLine().getErr(), ownWorkloads + peerRuns);
        for (int batch : new int[] {1, 16, 64, 256}) {
            double rate = trainRate(config, batch, all, progress);
            out.put("train_ips_b" + batch, rate);
            out.put("train_ips_b" + batch + "_1t", all == 1 ? rate : trainRate(config, batch, 1, progress));
        }
        if (classic()) {   // no LatencyPredictor or Predictor for the 1998 network: one thread only
            progress.next(workload("infer_ips_b1_1t", all));
            out.put("infer_ips_b1_1t", inferRate(config, 1, 1));
            progress.next(workload("infer_ips_b1000_1t", all));
            out.put("infer_ips_b1000_1t", inferRate(config, 1000, 1));
        } else {
            progress.next(workload("infer_ips_b1_1t", all));
            double single = latencyRate(config, 1);   // the same predictor as infer_ips_b1, on one thread
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
        }
        double trainFlops = trainFlops(config);
        out.put("mflop_per_train_image", trainFlops / 1e6);
        out.put("gflops_train_b64", (double) out.get("train_ips_b64") * trainFlops / 1e9);
        out.put("peak_heap_mb", peakHeapMegabytes());
        if (THREADS.isThreadAllocatedMemorySupported() && THREADS.isThreadAllocatedMemoryEnabled()) {
            for (String key : List.copyOf(allocatedPerStep.keySet())) {   // one thread is all: as the images/s keys
                boolean classicInference = classic() && key.startsWith("infer");   // one thread only, as above
                if (all == 1 && key.endsWith("_1t") && !classicInference) {
                    allocatedPerStep.putIfAbsent(key.substring(0, key.length() - 3), allocatedPerStep.get(key));
                }
            }
            out.put("allocated_bytes_per_step", allocatedPerStep);
        }
        Map<String, Object> torch = null;
        if (pytorch != null) {
            progress.next("PyTorch (" + pytorch + "), " + Cli.count(all, "thread"));
            torch = Peers.run("/usr/bin/python3", pytorch, peerArgs(all));
            if (all > 1) {
                progress.next("PyTorch (" + pytorch + "), 1 thread");
            }
            Map<String, Object> one = all == 1 ? torch : Peers.run("/usr/bin/python3", pytorch, peerArgs(1));
            for (Map.Entry<String, Object> e : one.entrySet()) {   // the one-thread figures beside ours, as key_1t
                if (e.getKey().contains("_ips_b")) {
                    torch.put(e.getKey() + "_1t", e.getValue());
                }
            }
            out.put("pytorch", torch);
        }
        if (peers) {
            out.put("peers", measurePeers(all, progress));
            out.put("ratios", ratios(out));
        }
        loads.put("before", loadBefore);
        loads.put("after", loadAverage());
        progress.done();
        PrintWriter w = spec.commandLine().getOut();
        if (json) {
            w.println(Json.write(out));
            return 0;
        }
        printText(w, out, torch, all);
        return 0;
    }

    /** The network measured, as JSON: the preset, its channels and classes, and the modern one's shape. */
    private Map<String, Object> modelJson(LeNet5Config config) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("preset", preset);
        if (classic()) {
            o.put("in_channels", config.inChannels());
            o.put("num_classes", config.numClasses());
        } else {
            o.putAll(Cli.configJson(config));
        }
        return o;
    }

    /** The peers' figures: PyTorch on all threads, ONNX Runtime on one thread and on all. */
    private Map<String, Object> measurePeers(int all, Progress progress) throws IOException, InterruptedException {
        Path tools = Peers.tools();
        String py = python;
        if (py == null) {
            progress.next("the peers' python: " + tools.resolve(Peers.VENV_SCRIPT) + " (the first time, it installs"
                    + " PyTorch and ONNX Runtime: about 10 minutes)");
            py = Peers.venvPython(tools);
        }
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("python", py);
        progress.next("PyTorch (" + Peers.PYTORCH_BENCH + "), " + Cli.count(all, "thread"));
        Map<String, Object> torch = Peers.run(py, tools.resolve(Peers.PYTORCH_BENCH), peerArgs(all));
        progress.next("ONNX Runtime (" + Peers.ORT_BENCH + "), 1 thread");
        Map<String, Object> ort1 = Peers.run(py, tools.resolve(Peers.ORT_BENCH), peerArgs(1));
        if (all > 1) {
            progress.next("ONNX Runtime (" + Peers.ORT_BENCH + "), " + Cli.count(all, "thread"));
        }
        Map<String, Object> ort = all == 1 ? ort1 : Peers.run(py, tools.resolve(Peers.ORT_BENCH), peerArgs(all));
        o.put("torch", torch.get("torch"));
        o.put("onnxruntime", ort.get("onnxruntime"));
        o.put("pytorch", torch);
        o.put("ort", ort);
        o.put("ort_1t", ort1);
        return o;
    }
    /** lenet5j's images/s over the peers': training at batch 64 against PyTorch, inference against ONNX Runtime. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> ratios(Map<String, Object> out) {
        Map<String, Object> peers = (Map<String, Object>) out.get("peers");
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("train_b64_vs_pytorch", figure(out, "train_ips_b64") / figure((Map<String, Object>) peers.get("pytorch"),
                "train_ips_b64"));
        for (String key : List.of("infer_ips_b1", "infer_ips_b1000")) {
            r.put(key.replace("_ips", "") + "_vs_onnxruntime", figure(out, best(out, key)) / ortBest(peers, key).rate());
        }
        return r;
    }

    /** ONNX Runtime's better figure for a workload, and its thread count. */
    @SuppressWarnings("unchecked")
    private static Peer ortBest(Map<String, Object> peers, String key) {
        Map<String, Object> ort = (Map<String, Object>) peers.get("ort"), one = (Map<String, Object>) peers.get("ort_1t");
        return figure(ort, key) > figure(one, key) ? new Peer(figure(ort, key), ((Number) ort.get("threads")).intValue())
                : new Peer(figure(one, key), 1);
    }

    /** A peer's images/s on a workload, at this thread count. */
    private record Peer(double rate, int threads) {
    }

    /** Of {@code key} (all threads) and {@code key_1t}, the one lenet5j measured faster (the classic preset has one). */
    private static String best(Map<String, Object> out, String key) {
        return !out.containsKey(key) || figure(out, key + "_1t") > figure(out, key) ? key + "_1t" : key;
    }

    private static double figure(Map<String, Object> o, String key) {
        if (!(o.get(key) instanceof Number n)) {
            throw new IllegalStateException("no figure '" + key + "' in " + o);
        }
        return n.doubleValue();
    }

    /** The figures as labelled lines, each with its workload and unit (and PyTorch's beside it, with the ratio). */
    @SuppressWarnings("unchecked")
    private void printText(PrintWriter w, Map<String, Object> out, Map<String, Object> torch, int all) {
        Map<String, Object> m = (Map<String, Object>) out.get("model");
        String network = classic() ? "the 1998 LeNet-5 (classic preset, " : "LeNet-5 (" + m.get("activation") + ", "
                + m.get("pooling") + ", ";
        w.printf(Locale.ROOT, "%s%s, %s), %s kernels, Java %s%s%n", network,
                Cli.count(((Number) m.get("in_channels")).intValue(), "input channel"),
                Cli.count(((Number) m.get("num_classes")).intValue(), "class"),
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
        if (out.get("allocated_bytes_per_step") instanceof Map<?, ?> allocated) {
            w.printf(Locale.ROOT, "allocated a step, all threads: %,.0f bytes training at batch 64, %,.0f at inference"
                    + " of 1000 images%n", allocated.get("train_b64"), allocated.get(classic() ? "infer_b1000_1t"
                    : "infer_b1000"));
        }
        if (out.get("peers") instanceof Map<?, ?> p) {
            printPeers(w, out, (Map<String, Object>) p, all);
        }
        Map<String, Object> loads = (Map<String, Object>) out.get("load_average");
        if (loads.get("before") != null) {
            w.printf(Locale.ROOT, "load average: %.2f at the start, %.2f at the end (%s)%n", loads.get("before"),
                    loads.get("after"), Cli.count(Runtime.getRuntime().availableProcessors(), "processor"));
        }
        w.println("JVM arguments: " + out.get("jvm_args"));
    }

    /** The peers' three lines: each workload's figures, lenet5j's and the peer's, with the ratio. */
    @SuppressWarnings("unchecked")
    private static void printPeers(PrintWriter w, Map<String, Object> out, Map<String, Object> peers, int all) {
        Map<String, Object> ratios = (Map<String, Object>) out.get("ratios");
        String torch = "PyTorch " + peers.get("torch"), ort = "ONNX Runtime " + peers.get("onnxruntime");
        w.printf(Locale.ROOT, "peers, measured after lenet5j in this run (%s; %s, %s):%n", peers.get("python"), torch, ort);
        String row = "  %-22s lenet5j %,9.0f images/s %-21s %-12s %,9.0f images/s %-11s %5.2fx%n";
        w.printf(Locale.ROOT, row, "training, batch 64:", figure(out, "train_ips_b64"), "(" + Cli.count(all, "thread") + ")",
                "PyTorch", figure((Map<String, Object>) peers.get("pytorch"), "train_ips_b64"),
                "(" + Cli.count(all, "thread") + ")", ratios.get("train_b64_vs_pytorch"));
        for (String key : List.of("infer_ips_b1", "infer_ips_b1000")) {
            String ours = best(out, key);
            Peer peer = ortBest(peers, key);
            String theirs = workload(ours, all);
            w.printf(Locale.ROOT, row, "inference, batch " + key.substring(key.indexOf("_b") + 2) + ":", figure(out, ours),
                    "(" + theirs.substring(theirs.lastIndexOf(", ") + 2) + ")", "ONNX Runtime", peer.rate(),
                    "(" + Cli.count(peer.threads(), "thread") + ")", ratios.get(key.replace("_ips", "") + "_vs_onnxruntime"));
        }
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

    /** The network measured: the modern one of {@code config}, or the 1998 one of its channels and classes. */
    private Classifier newModel(LeNet5Config config) {
        return classic() ? new ClassicLeNet5(config.inChannels(), config.numClasses(), 0, model.engine)
                : new LeNet5(config, 0, model.engine);
    }

    private double trainRate(LeNet5Config config, int batch, int threadCount, Progress progress) {
        progress.next(workload("train_ips_b" + batch + (threadCount == 1 ? "_1t" : ""), threadCount));
        Classifier lenet = newModel(config);
        Tensor x = randomImages(batch, config.inChannels(), 1);
        int[] y = new int[batch];
        Random random = new Random(2);
        for (int i = 0; i < batch; i++) {
            y[i] = random.nextInt(config.numClasses());
        }
        try (Trainer trainer = new Trainer(lenet, new SGD(lenet.parameters(), SgdConfig.of(0.01f).withMomentum(0.9f)),
                TrainConfig.of(1, batch, 0).withThreads(threadCount))) {
            return rate(() -> trainer.step(x, y), batch == 1 ? images / 5 : images, batch,
                    "train_b" + batch + (threadCount == 1 ? "_1t" : ""));
        }
    }

    /** One image at a time, each split across {@code threadCount} threads by a {@link LatencyPredictor}. */
    private double latencyRate(LeNet5Config config, int threadCount) {
        float[] image = randomImages(1, config.inChannels(), 3).data();
        try (LatencyPredictor predictor = new LatencyPredictor(new LeNet5(config, 0, model.engine), threadCount)) {
            return rate(() -> predictor.probabilities(image), images, 1, "infer_b1" + (threadCount == 1 ? "_1t" : ""));
        }
    }

    /** Inference on one thread (the model itself) or on all processors (a {@link Predictor} spreading the batch). */
    private double inferRate(LeNet5Config config, int batch, int threadCount) {
        Classifier network = newModel(config);
        Tensor x = randomImages(batch, config.inChannels(), 3);
        String key = "infer_b" + batch + (threadCount == 1 ? "_1t" : "");
        if (network instanceof ClassicLeNet5 classic) {
            return rate(() -> classic.forward(x), images, batch, key);
        }
        LeNet5 lenet = (LeNet5) network;
        if (threadCount == 1) {
            return rate(() -> lenet.forward(x), images, batch, key);
        }
        Predictor predictor = new Predictor(lenet);
        return rate(() -> predictor.probabilities(x), images, batch, key);
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

    /**
     * Images per second: one warm-up pass, then the median of {@code repeats} timed passes. What all threads
     * allocated in the timed passes goes to {@code allocatedPerStep} under {@code key}, per step.
     */
    private double rate(Runnable step, int imageCount, int batch, String key) {
        int steps = Math.max(1, imageCount / batch);
        for (int i = 0; i <= steps; i++) {
            step.run();
        }
        double[] seconds = new double[repeats];
        long[] threads = THREADS.getAllThreadIds();
        long[] before = new long[threads.length];
        for (int t = 0; t < threads.length; t++) {   // one thread at a time: the array form allocates its answer
            before[t] = THREADS.getThreadAllocatedBytes(threads[t]);
        }
        for (int r = 0; r < repeats; r++) {
            long start = System.nanoTime();
            for (int i = 0; i < steps; i++) {
                step.run();
            }
            seconds[r] = (System.nanoTime() - start) / 1e9;
        }
        long bytes = 0;
        for (int t = 0; t < threads.length; t++) {
            long after = THREADS.getThreadAllocatedBytes(threads[t]);   // -1 for a thread that has ended
            bytes += before[t] >= 0 && after >= before[t] ? after - before[t] : 0;
        }
        allocatedPerStep.put(key, (double) bytes / ((long) repeats * steps));
        Arrays.sort(seconds);
        return steps * batch / seconds[repeats / 2];
    }

    /**
     * Floating-point operations of one training image: the forward pass, then backward at twice its cost, less the
     * first layer's input gradient, which training skips (its input is the data).
     */
    private double trainFlops(LeNet5Config config) {
        List<Layer> layers = classic() ? new ClassicLeNet5(config.inChannels(), config.numClasses(), 0).layers()
                : new LeNet5(config, 0).layers();
        int[] shape = {1, config.inChannels(), LeNet5.INPUT_SIZE, LeNet5.INPUT_SIZE};
        double forward = 0, first = 2.0 * layers.get(0).multiplyAdds(shape);
        for (Layer layer : layers) {
            forward += 2.0 * layer.multiplyAdds(shape);
            shape = layer.outputShape(shape);
        }
        return 3 * forward - first;
    }

    /** The machine's 1-minute load average, or null where the JVM cannot read it. */
    private static Double loadAverage() {
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return load < 0 ? null : load;
    }

    /** The options of a peer script: the same workload sizes and model as this bench, on {@code threadCount} threads. */
    private List<String> peerArgs(int threadCount) {
        List<String> args = new ArrayList<>(List.of("--threads", String.valueOf(threadCount), "--images",
                String.valueOf(images), "--repeats", String.valueOf(repeats), "--preset", preset,
                "--channels", String.valueOf(model.channels), "--classes", String.valueOf(model.classes)));
        if (!classic()) {
            args.addAll(List.of("--activation", model.activation.id(), "--pooling", model.pooling.id()));
        }
        return args;
    }

    /**
     * The widest SIMD vector C2 may use (HotSpot's MaxVectorSize, in bits), or null on a JVM without the option.
     * Recorded because it moves the figures: on an AVX-512 machine 256-bit vectors trained ~8% faster
     * (docs/performance-rounds.md, round 5).
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
}
