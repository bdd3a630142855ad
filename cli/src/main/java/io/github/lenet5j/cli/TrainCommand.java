package io.github.lenet5j.cli;

import io.github.lenet5j.data.Dataset;
import io.github.lenet5j.data.Preprocessing;
import io.github.lenet5j.io.Json;
import io.github.lenet5j.model.ClassicLeNet5;
import io.github.lenet5j.model.Classifier;
import io.github.lenet5j.model.LeNet5;
import io.github.lenet5j.model.LeNet5Config;
import io.github.lenet5j.model.ModelFile;
import io.github.lenet5j.optim.Adam;
import io.github.lenet5j.optim.AdamConfig;
import io.github.lenet5j.optim.Optimizer;
import io.github.lenet5j.optim.SGD;
import io.github.lenet5j.optim.SgdConfig;
import io.github.lenet5j.train.Checkpoint;
import io.github.lenet5j.train.CheckpointPolicy;
import io.github.lenet5j.train.DivergencePolicy;
import io.github.lenet5j.train.EpochResult;
import io.github.lenet5j.train.Evaluation;
import io.github.lenet5j.train.TrainConfig;
import io.github.lenet5j.train.Trainer;
import io.github.lenet5j.train.TrainingListener;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * {@code train}: trains LeNet-5, reports each epoch (a live progress bar on a terminal), saves the model and
 * writes a report folder with the training curves, the confusion matrix and every number.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train LeNet-5 on MNIST-format data (default: the bundled Fashion-MNIST sample) or on a folder of"
                + " pictures in class folders, save it (with its class names and how it prepares pictures) and write a"
                + " report folder (loss.png, accuracy.png, confusion.png, report.json).")
final class TrainCommand implements Callable<Integer>, Check.BeforeRun {
    @Mixin
    ModelOptions model;

    @Mixin
    DataOptions data;

    @Mixin
    PreprocessingOptions preprocessingOptions;

    @Option(names = "--epochs", defaultValue = "10", converter = Check.AtLeastOne.class, description = "Epochs (default: ${DEFAULT-VALUE}, as the PyTorch twin).")
    int epochs;

    @Option(names = "--batch", defaultValue = "64", converter = Check.AtLeastOne.class, description = "Mini-batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--optimizer", defaultValue = "adam", converter = TrainCommand.OptimizerName.class, description = "adam or sgd (default: ${DEFAULT-VALUE}:"
            + " sigmoid nets barely learn with plain SGD, see docs/training.md).")
    String optimizer;

    @Option(names = "--lr", converter = Check.Positive.class, description = "Learning rate (default: 0.001 for adam, 0.01 for sgd).")
    Float lr;

    @Option(names = "--momentum", defaultValue = "0.9", converter = Check.Fraction.class, description = "SGD momentum (default: ${DEFAULT-VALUE}).")
    float momentum;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the weights and the shuffle (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", defaultValue = "lenet5j-model.safetensors", paramLabel = "FILE",
            description = "Where to save the model, as safetensors (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--report", paramLabel = "DIR",
            description = "The report folder (default: next to the model, <model name>-report).")
    Path report;

    @Option(names = "--no-report", description = "Write no report folder.")
    boolean noReport;

    @Option(names = "--json", description = "Print JSON Lines: one object per epoch, then a summary.")
    boolean json;

    @Option(names = "--threads", paramLabel = "T", converter = Check.AtLeastOne.class, description = "Threads sharing each batch (default: all processors)."
            + " The same seed and thread count give bit-identical weights.")
    Integer threads;

    @Option(names = "--preset", defaultValue = "modern", paramLabel = "NAME", converter = Check.Preset.class,
            description = "modern (the tutorial's LeNet-5, shaped by the model flags) or classic (the 1998 paper's:"
                    + " scaled tanh, trainable subsampling, sparse C3, RBF outputs; see docs/lenet5.md)"
                    + " (default: ${DEFAULT-VALUE}).")
    String preset;

    @Option(names = "--checkpoint", paramLabel = "FILE",
            description = "Where to write checkpoints (default: the model file with .ckpt appended).")
    Path checkpoint;

    @Option(names = "--checkpoint-every", defaultValue = "0", paramLabel = "N", converter = Check.AtLeastZero.class,
            description = "Also checkpoint every N batches; 0: at epoch ends only (default: ${DEFAULT-VALUE}).")
    int checkpointEvery;

    @Option(names = "--no-checkpoint", description = "Write no checkpoints.")
    boolean noCheckpoint;

    @Option(names = "--on-divergence", defaultValue = "stop", paramLabel = "POLICY", converter = TrainCommand.DivergenceName.class,
            description = "stop (an error naming the epoch, batch and learning rate; the last checkpoint stays intact)"
                    + " or skip-batch (skip the step of a batch whose loss or gradient is NaN or infinite)"
                    + " (default: ${DEFAULT-VALUE}).")
    String onDivergence;

    @Option(names = "--resume", paramLabel = "CHECKPOINT",
            description = "Continue a run from its checkpoint, exactly: the architecture, optimizer, learning rate,"
                    + " seed and batch size come from the checkpoint; --epochs is the total to reach.")
    Path resume;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter w = spec.commandLine().getOut();
        boolean classic = preset.equals("classic");
        DivergencePolicy divergence = onDivergence.equals("skip-batch") ? DivergencePolicy.SKIP_BATCH : DivergencePolicy.STOP;
        Checkpoint saved = resume == null ? null : adoptCheckpoint();
        int threadCount = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        ParseResult parsed = spec.commandLine().getParseResult();
        LeNet5Config requested = model.config();   // the flags checked before any data is loaded
        boolean pictures = data.pictures();
        Preprocessing preprocessing = saved != null && saved.metadata().containsKey(ModelFile.PREPROCESSING)
                ? ModelFile.preprocessingOf(resume, saved.metadata(), Preprocessing.mnist(saved.modelConfig().inChannels()))
                : preprocessingOptions.preprocessing(pictures, saved != null ? saved.modelConfig().inChannels()
                        : model.channels, classic);
        boolean detectChannels = pictures && saved == null && !parsed.hasMatchedOption("--channels");
        DataOptions.Sets sets = data.load(preprocessing, detectChannels, true, w, spec.commandLine().getErr(),
                !json && System.console() != null);
        preprocessing = sets.preprocessing();
        Dataset train = sets.train(), test = sets.test();
        LeNet5Config modelConfig = saved != null ? saved.modelConfig() : new LeNet5Config(preprocessing.channels(),
                parsed.hasMatchedOption("--classes") ? requested.numClasses() : train.numClasses(), requested.activation(),
                requested.pooling());
        if (modelConfig.numClasses() < train.numClasses()) {
            throw new IllegalArgumentException("the model has " + modelConfig.numClasses() + " classes but "
                    + data.describe() + " has " + train.numClasses() + ": drop --classes or give at least that many");
        }
        TrainConfig config = TrainConfig.of(epochs, batch, seed).withThreads(threadCount);
        LeNet5 lenet = classic ? null : new LeNet5(modelConfig, seed, model.engine);
        ClassicLeNet5 classicModel = classic ? new ClassicLeNet5(modelConfig.inChannels(), modelConfig.numClasses(), seed,
                model.engine)
                : null;
        Classifier trained = classic ? classicModel : lenet;
        if (!json) {
            if (sets.pictures()) {
                w.printf(Locale.ROOT, "pictures in %s: %d classes (%s); %s%n", data.describe(), train.numClasses(),
                        String.join(", ", train.classNames()), data.testSetOrigin());
            }
            w.printf(Locale.ROOT, "preprocessing (recorded in the model): %s%s%n", preprocessing.describe(),
                    sets.detected() ? " (" + (preprocessing.channels() == 1 ? "grayscale" : "RGB")
                            + " chosen from the pictures; --channels to choose)" : "");
            w.printf(Locale.ROOT, "training %s on %s: %,d training, %,d test images, %s, %s, %s, engine %s%n",
                    classic ? "the 1998 LeNet-5 (classic preset)" : "LeNet-5 (" + modelConfig.activation().id() + ", "
                            + modelConfig.pooling().id() + ")", data.describe(), train.size(), test.size(),
                    Cli.count(epochs, "epoch"), optimizer, Cli.count(threadCount, "thread"), model.engine.describe());
            w.flush();
        }
        long start = System.nanoTime();
        List<EpochResult> results;
        try (Trainer trainer = classic ? new Trainer(classicModel, optimizer(trained), config)
                : new Trainer(lenet, optimizer(trained), config)) {
            trainer.onDivergence(divergence);
            if (!classic && !noCheckpoint) {
                trainer.checkpointing(new CheckpointPolicy(checkpointFile(), checkpointEvery, Map.of(
                        "optimizer", optimizer, "lr", Float.toString(learningRate()), "momentum", Float.toString(momentum),
                        ModelFile.PREPROCESSING, ModelFile.encode(preprocessing))));
            }
            if (saved != null) {
                trainer.resume(saved);
                if (!json) {
                    w.printf(Locale.ROOT, "resuming from %s at epoch %d, batch %d%n", resume, saved.position().epoch() + 1,
                            saved.position().batch() + 1);
                }
            }
            results = trainer.fit(train, test, listener(w, train.size()));
            if (trainer.skippedBatches() > 0 && !json) {
                w.printf(Locale.ROOT, "skipped %s whose loss or gradient was not finite%n",
                        Cli.count(trainer.skippedBatches(), "batch"));
            }
        }
        if (classic) {
            ModelFile.save(classicModel, train.classNames(), preprocessing, out);
        } else {
            ModelFile.save(lenet, train.classNames(), preprocessing, out);
        }
        Evaluation last = results.get(results.size() - 1).test();
        Path reportDir = noReport ? null : report != null ? report : TrainingReport.defaultFolder(out);
        if (reportDir != null) {
            TrainingReport.write(reportDir, runJson(modelConfig, classic, train, test, preprocessing), results, last,
                    train.classNames());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("final", true);
            o.put("correct", last.correct());
            o.put("total", last.total());
            o.put("accuracy", last.accuracy());
            o.put("test_loss", last.loss());
            o.put("seconds", seconds);
            o.put("model", out.toString());
            o.put("report", reportDir == null ? null : reportDir.toString());
            o.put("config", classic ? Map.of("preset", "classic") : Cli.configJson(modelConfig));
            o.putAll(Cli.engineJson(model.engine));
            o.put("preprocessing", preprocessing.toMap());
            o.put("class_names", train.classNames());
            w.println(Json.write(o));
        } else {
            w.printf(Locale.ROOT, "test accuracy %.2f%% (%d/%d) after %s, %.1f s; model saved to %s%n",
                    100 * last.accuracy(), last.correct(), last.total(), Cli.count(epochs, "epoch"), seconds, out);
            if (reportDir != null) {
                w.println("report (curves, confusion matrix, report.json) in " + reportDir);
            }
        }
        return 0;
    }

    private Path checkpointFile() {
        return checkpoint != null ? checkpoint : out.resolveSibling(out.getFileName() + ".ckpt");
    }

    /** Options that do not go together, refused before any work. */
    @Override
    public void check(CommandSpec command) {
        picocli.CommandLine.ParseResult parsed = command.commandLine().getParseResult();
        if (report != null && noReport) {
            throw new ParameterException(command.commandLine(), "--report and --no-report contradict each other: give one");
        }
        preprocessingOptions.check(command, data.pictures(), preset.equals("classic"));
        if (resume == null) {
            return;
        }
        if (preset.equals("classic")) {
            throw new ParameterException(command.commandLine(), "--resume works with the modern preset only");
        }
        List<String> fromCheckpoint = new java.util.ArrayList<>(List.of("--channels", "--classes", "--activation",
                "--pooling", "--optimizer", "--lr", "--momentum", "--seed", "--batch"));
        fromCheckpoint.addAll(PreprocessingOptions.FLAGS);
        for (String flag : fromCheckpoint) {
            if (parsed.hasMatchedOption(flag)) {
                throw new ParameterException(command.commandLine(), flag + " comes from the checkpoint when resuming; drop it");
            }
        }
    }

    /** Loads the checkpoint and takes the run's settings from it. */
    private Checkpoint adoptCheckpoint() throws java.io.IOException {
        Checkpoint saved = Checkpoint.load(resume);
        Map<String, String> meta = saved.metadata();
        seed = saved.seed();
        batch = saved.batchSize();
        optimizer = meta.getOrDefault("optimizer", optimizer);
        lr = meta.containsKey("lr") ? Float.parseFloat(meta.get("lr")) : lr;
        momentum = meta.containsKey("momentum") ? Float.parseFloat(meta.get("momentum")) : momentum;
        if (saved.position().epoch() >= epochs) {
            throw new IllegalArgumentException(resume + " has already trained " + Cli.count(saved.position().epoch(),
                    "epoch") + "; give --epochs more than that");
        }
        return saved;
    }

    private Optimizer optimizer(Classifier trained) {
        return optimizer.equals("sgd") ? new SGD(trained.parameters(), SgdConfig.of(learningRate()).withMomentum(momentum))
                : new Adam(trained.parameters(), AdamConfig.of(learningRate()));
    }

    private float learningRate() {
        return lr != null ? lr : optimizer.equals("sgd") ? 0.01f : 1e-3f;
    }

    /** Per-epoch lines (JSON or text), and on a terminal a progress bar between them. */
    private TrainingListener listener(PrintWriter w, int images) {
        ProgressBar bar = !json && System.console() != null ? new ProgressBar(w, epochs, System::nanoTime) : null;
        return new TrainingListener() {
            @Override
            public void onBatch(int epoch, int batch, int batches, float loss, int seen, double seconds) {
                if (bar != null) {
                    bar.onBatch(epoch, batch, batches, loss, seen, seconds);
                }
            }

            @Override
            public void onEpoch(EpochResult r) {
                if (bar != null) {
                    bar.clear();
                }
                w.println(json ? Json.write(epochJson(r, images)) : epochLine(r, images));
                w.flush();
            }
        };
    }

    /** Everything that decided this run, for report.json. */
    private Map<String, Object> runJson(LeNet5Config modelConfig, boolean classic, Dataset train, Dataset test,
            Preprocessing preprocessing) {
        Map<String, Object> o = new LinkedHashMap<>(classic ? Map.of("preset", "classic") : Cli.configJson(modelConfig));
        o.put("epochs", epochs);
        o.put("batch", batch);
        o.put("optimizer", optimizer);
        o.put("lr", learningRate());
        if (optimizer.equals("sgd")) {
            o.put("momentum", momentum);
        }
        o.put("seed", seed);
        o.put("threads", threads == null ? Runtime.getRuntime().availableProcessors() : threads);
        o.putAll(Cli.engineJson(model.engine));
        o.put("data", data.describe());
        o.put("train_images", train.size());
        o.put("test_images", test.size());
        o.put("class_names", train.classNames());
        o.put("preprocessing", preprocessing.toMap());
        o.put("model", out.toString());
        return o;
    }

    private static Map<String, Object> epochJson(EpochResult r, int images) {
        Map<String, Object> o = TrainingReport.epochJson(r);
        o.put("images_per_second", images / r.seconds());
        return o;
    }

    private static String epochLine(EpochResult r, int images) {
        return String.format(Locale.ROOT, "epoch %2d  train loss %.4f  train acc %5.2f%%  test loss %.4f  test acc %5.2f%%"
                        + "  %5.1f s  (%,.0f images/s)", r.epoch(), r.trainLoss(), 100 * r.trainAccuracy(), r.test().loss(),
                100 * r.test().accuracy(), r.seconds(), images / r.seconds());
    }

    static final class OptimizerName implements picocli.CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            return Check.oneOf(value, "adam", "sgd");
        }
    }

    static final class DivergenceName implements picocli.CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            return Check.oneOf(value, "stop", "skip-batch");
        }
    }
}
