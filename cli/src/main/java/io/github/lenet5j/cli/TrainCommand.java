package io.github.lenet5j.cli;

import io.github.lenet5j.data.Dataset;
import io.github.lenet5j.data.DatasetSplit;
import io.github.lenet5j.data.HoldOut;
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
import io.github.lenet5j.train.BestEpoch;
import io.github.lenet5j.train.Checkpoint;
import io.github.lenet5j.train.CheckpointPolicy;
import io.github.lenet5j.train.DivergencePolicy;
import io.github.lenet5j.train.EarlyStopping;
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
                + " pictures in class folders, validating on a held-out part of the training set after every epoch, save"
                + " it (with its class names and how it prepares pictures), evaluate the test set once and write a report"
                + " folder (loss.png, accuracy.png, confusion.png, report.json).")
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
                    + " seed, batch size, validation and early stopping come from the checkpoint; without --epochs it"
                    + " finishes the run the checkpoint was started with, --epochs N makes N the total.")
    Path resume;

    @Option(names = "--validation", defaultValue = "0.1", paramLabel = "F", converter = TrainCommand.ValidationSize.class,
            description = "Hold out a seeded (--seed), class-stratified part of the training set to validate on after"
                    + " every epoch: a fraction (0.1, 10%%) or a count (600); 0 for none (default: ${DEFAULT-VALUE},"
                    + " see docs/training.md).")
    String validation;

    @Option(names = "--patience", defaultValue = "0", paramLabel = "N", converter = Check.AtLeastZero.class,
            description = "Stop when the validation loss has not improved for N epochs; 0: train every epoch"
                    + " (default: ${DEFAULT-VALUE}).")
    int patience;

    @Option(names = "--keep", defaultValue = "best", paramLabel = "WHICH", converter = TrainCommand.KeepName.class,
            description = "Which weights --out receives: best (the epoch with the lowest validation loss) or last"
                    + " (default: ${DEFAULT-VALUE}).")
    String keep;

    @Option(names = "--test-curves", description = "Also evaluate the test set after every epoch, for the curves only:"
            + " choosing an epoch or a learning rate by those figures tunes on the test set (use the validation figures).")
    boolean testCurves;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter w = spec.commandLine().getOut();
        Checkpoint saved = resume == null ? null : adoptCheckpoint();
        boolean classic = saved != null ? ModelFile.CLASSIC.equals(saved.metadata().get("preset")) : preset.equals("classic");
        DivergencePolicy divergence = onDivergence.equals("skip-batch") ? DivergencePolicy.SKIP_BATCH : DivergencePolicy.STOP;
        EarlyStopping stopping = new EarlyStopping(patience, EarlyStopping.Keep.parse(keep));
        HoldOut holdOut = holdOut(validation);
        int threadCount = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        ParseResult parsed = spec.commandLine().getParseResult();
        LeNet5Config requested = model.config();   // the flags checked before any data is loaded
        boolean pictures = data.pictures();
        Classifier resumed = saved == null ? null : saved.newModel();
        Preprocessing preprocessing = saved != null && saved.metadata().containsKey(ModelFile.PREPROCESSING)
                ? ModelFile.preprocessingOf(resume, saved.metadata(), ModelFile.defaultPreprocessing(resumed))
                : preprocessingOptions.preprocessing(pictures, saved != null ? resumed.inChannels() : model.channels, classic);
        boolean detectChannels = pictures && saved == null && !parsed.hasMatchedOption("--channels");
        DataOptions.Sets sets = data.load(preprocessing, detectChannels, true, w, spec.commandLine().getErr(),
                !json && System.console() != null);
        preprocessing = sets.preprocessing();
        Dataset all = sets.train(), test = sets.test();
        int numClasses = resumed != null ? resumed.numClasses()
                : parsed.hasMatchedOption("--classes") ? requested.numClasses() : all.numClasses();
        if (numClasses < all.numClasses()) {
            throw new IllegalArgumentException("the model has " + numClasses + " classes but "
                    + data.describe() + " has " + all.numClasses() + ": drop --classes or give at least that many");
        }
        DatasetSplit split = holdOut == null ? null : DatasetSplit.stratified(all, holdOut, seed);
        Dataset train = split == null ? all : split.train(), validated = split == null ? null : split.heldOut();
        TrainConfig config = TrainConfig.of(epochs, batch, seed).withThreads(threadCount);
        Classifier trained = resumed != null ? resumed.withEngine(model.engine)
                : classic ? new ClassicLeNet5(preprocessing.channels(), numClasses, seed, model.engine)
                : new LeNet5(new LeNet5Config(preprocessing.channels(), numClasses, requested.activation(),
                        requested.pooling()), seed, model.engine);
        if (!json) {
            if (sets.pictures()) {
                w.printf(Locale.ROOT, "pictures in %s: %d classes (%s); %s; %,d pictures decoded in %.1f s%n",
                        data.describe(), all.numClasses(), String.join(", ", all.classNames()), data.testSetOrigin(),
                        sets.loaded() - sets.skipped(), sets.seconds());
            }
            w.printf(Locale.ROOT, "preprocessing (recorded in the model): %s%s%n", preprocessing.describe(),
                    sets.detected() ? " (" + (preprocessing.channels() == 1 ? "grayscale" : "RGB")
                            + " chosen from the pictures; --channels to choose)" : "");
            w.printf(Locale.ROOT, "training %s on %s: %,d training, %s%,d test images, %s, %s, %s, engine %s%n",
                    describe(trained), data.describe(), train.size(),
                    validated == null ? "no validation, " : String.format(Locale.ROOT, "%,d validation (%s), ", validated.size(), holdOut),
                    test.size(), Cli.count(epochs, "epoch"), optimizer, Cli.count(threadCount, "thread"), model.engine.describe());
            w.flush();
        }
        long start = System.nanoTime();
        List<EpochResult> results;
        BestEpoch best;
        int trainedEpochs;
        boolean stoppedEarly;
        try (Trainer trainer = new Trainer(trained, optimizer(trained), config)) {
            trainer.onDivergence(divergence).earlyStopping(stopping).testEachEpoch(testCurves ? test : null);
            if (!noCheckpoint) {
                trainer.checkpointing(new CheckpointPolicy(checkpointFile(), checkpointEvery, Map.of(
                        "optimizer", optimizer, "lr", Float.toString(learningRate()), "momentum", Float.toString(momentum),
                        "validation", holdOut == null ? "0" : holdOut.count() != 0 ? String.valueOf(holdOut.count())
                                : Double.toString(holdOut.fraction()),
                        ModelFile.PREPROCESSING, ModelFile.encode(preprocessing))));
            }
            if (saved != null) {
                trainer.resume(saved);
                if (!json) {
                    int remaining = epochs - saved.position().epoch() - (saved.position().batch() > 0 ? 1 : 0);
                    w.printf(Locale.ROOT, "resuming from %s at epoch %d, batch %d: %s%d more epoch(s) of %d%n", resume,
                            saved.position().epoch() + 1, saved.position().batch() + 1,
                            saved.position().batch() > 0 ? "the rest of this one and " : "", remaining, epochs);
                }
            }
            results = trainer.fit(train, validated, listener(w, train.size()));
            best = trainer.best();
            trainedEpochs = trainer.position().epoch();
            stoppedEarly = trainer.stoppedEarly();
            if (trainer.skippedBatches() > 0 && !json) {
                w.printf(Locale.ROOT, "skipped %s whose loss or gradient was not finite%n",
                        Cli.count(trainer.skippedBatches(), "batch"));
            }
        }
        int keptEpoch = stopping.keep() == EarlyStopping.Keep.BEST && best.epoch() > 0 ? best.epoch() : trainedEpochs;
        try {
            ModelFile.save(trained, all.classNames(), preprocessing, out);
        } catch (java.io.IOException e) {   // AtomicFile: the previous model file, if any, is as it was
            throw new java.io.IOException("could not write the model " + out + " (the previous file is unchanged): "
                    + e.getMessage(), e);
        }
        Evaluation last = Trainer.evaluate(trained, test, 250);   // the test set, once, on the weights kept
        Outcome outcome = new Outcome(trainedEpochs, keptEpoch, best, stoppedEarly);
        Path reportDir = noReport ? null : report != null ? report : TrainingReport.defaultFolder(out);
        if (reportDir != null) {
            TrainingReport.write(reportDir, runJson(trained, train, validated, test, holdOut, stopping, preprocessing),
                    results, outcome.json(), last, all.classNames());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("final", true);
            o.put("correct", last.correct());
            o.put("total", last.total());
            o.put("accuracy", last.accuracy());
            o.put("test_loss", last.loss());
            o.putAll(outcome.json());
            o.put("seconds", seconds);
            o.put("model", out.toString());
            o.put("report", reportDir == null ? null : reportDir.toString());
            o.put("config", configJson(trained));
            o.putAll(Cli.engineJson(model.engine));
            o.put("preprocessing", preprocessing.toMap());
            o.put("class_names", all.classNames());
            w.println(Json.write(o));
        } else {
            if (stoppedEarly) {
                w.printf(Locale.ROOT, "stopped early after epoch %d of %d: the validation loss has not improved for %s"
                        + " since epoch %d (%.4f)%n", trainedEpochs, epochs, Cli.count(best.epochsSince(), "epoch"),
                        best.epoch(), best.validationLoss());
            }
            w.printf(Locale.ROOT, "test accuracy %.2f%% (%d/%d) with the weights of epoch %d (%s), %.1f s; model saved to %s%n",
                    100 * last.accuracy(), last.correct(), last.total(), keptEpoch,
                    keptEpoch == best.epoch() && best.epoch() > 0 ? "the best validation loss" : "the last epoch",
                    seconds, out);
            if (reportDir != null) {
                w.println("report (curves, confusion matrix, report.json) in " + reportDir);
            }
        }
        return 0;
    }

    /** How the run ended: the epochs trained, the epoch whose weights were saved, the best one, and why it stopped. */
    private record Outcome(int trainedEpochs, int keptEpoch, BestEpoch best, boolean stoppedEarly) {
        Map<String, Object> json() {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("epochs_trained", trainedEpochs);
            o.put("kept_epoch", keptEpoch);
            o.put("best_epoch", best.epoch() == 0 ? null : best.epoch());
            o.put("best_validation_loss", best.epoch() == 0 ? null : best.validationLoss());
            o.put("stopped_early", stoppedEarly);
            return o;
        }
    }

    /** The validation hold-out {@code --validation} asks for, or null for {@code 0} (read by {@link ValidationSize}). */
    private static HoldOut holdOut(String text) {
        return text.strip().matches("0+(\\.0*)?%?") ? null : HoldOut.parse(text);
    }

    private static String describe(Classifier trained) {
        return trained instanceof LeNet5 lenet ? "LeNet-5 (" + lenet.config().activation().id() + ", "
                + lenet.config().pooling().id() + ")" : "the 1998 LeNet-5 (classic preset)";
    }

    private static Map<String, Object> configJson(Classifier trained) {
        return trained instanceof LeNet5 lenet ? Cli.configJson(lenet.config()) : new LinkedHashMap<>(Map.of("preset", "classic"));
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
            if (holdOut(validation) == null && patience > 0) {
                throw new ParameterException(command.commandLine(),
                        "--patience needs a validation set: give --validation a fraction or a count");
            }
            return;
        }
        List<String> fromCheckpoint = new java.util.ArrayList<>(List.of("--preset", "--channels", "--classes",
                "--activation", "--pooling", "--optimizer", "--lr", "--momentum", "--seed", "--batch", "--validation",
                "--patience", "--keep"));
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
        validation = meta.getOrDefault("validation", "0");
        patience = saved.earlyStopping().patience();
        keep = saved.earlyStopping().keep().id();
        if (!spec.commandLine().getParseResult().hasMatchedOption("--epochs") && saved.plannedEpochs() > 0) {
            epochs = saved.plannedEpochs();
        }
        if (saved.earlyStopping().stops(saved.best())) {
            throw new IllegalArgumentException(resume + " is of a run that stopped early: its validation loss had not"
                    + " improved for " + Cli.count(saved.best().epochsSince(), "epoch") + " since epoch " + saved.best().epoch());
        }
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
    private Map<String, Object> runJson(Classifier trained, Dataset train, Dataset validated, Dataset test,
                                        HoldOut holdOut, EarlyStopping stopping, Preprocessing preprocessing) {
        Map<String, Object> o = configJson(trained);
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
        o.put("validation", holdOut == null ? null : holdOut.toString());
        o.put("patience", stopping.patience());
        o.put("keep", stopping.keep().id());
        o.put("test_curves", testCurves);
        o.put("train_images", train.size());
        o.put("validation_images", validated == null ? 0 : validated.size());
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
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "epoch %2d  train loss %.4f acc %5.2f%%",
                r.epoch(), r.trainLoss(), 100 * r.trainAccuracy()));
        if (r.validation() != null) {
            line.append(String.format(Locale.ROOT, "  validation loss %.4f acc %5.2f%%%s", r.validation().loss(),
                    100 * r.validation().accuracy(), r.isBest() ? " (best)" : "       "));
        }
        if (r.test() != null) {
            line.append(String.format(Locale.ROOT, "  [curves only: test loss %.4f acc %5.2f%%]", r.test().loss(),
                    100 * r.test().accuracy()));
        }
        return line.append(String.format(Locale.ROOT, "  %5.1f s  (%,.0f images/s)", r.seconds(), images / r.seconds()))
                .toString();
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

    static final class KeepName implements picocli.CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            return Check.oneOf(value, "best", "last");
        }
    }

    /** {@code --validation}: a fraction, a percentage or a count, or 0; the text is kept, {@link #holdOut} reads it. */
    static final class ValidationSize implements picocli.CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            try {
                holdOut(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
            return value;
        }
    }
}
