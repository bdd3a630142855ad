package io.github.lenet5j.cli;

import io.github.lenet5j.data.MnistDataset;
import io.github.lenet5j.data.Split;
import io.github.lenet5j.io.Json;
import io.github.lenet5j.model.LeNet5;
import io.github.lenet5j.model.ModelFile;
import io.github.lenet5j.optim.Adam;
import io.github.lenet5j.optim.AdamConfig;
import io.github.lenet5j.optim.Optimizer;
import io.github.lenet5j.optim.SGD;
import io.github.lenet5j.optim.SgdConfig;
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
import picocli.CommandLine.Spec;

/**
 * {@code train}: trains LeNet-5, reports each epoch (a live progress bar on a terminal), saves the model and
 * writes a report folder with the training curves, the confusion matrix and every number.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train LeNet-5 on MNIST-format data (default: the bundled Fashion-MNIST sample), save it and"
                + " write a report folder (loss.png, accuracy.png, confusion.png, report.json).")
final class TrainCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model;

    @Mixin
    DataOptions data;

    @Option(names = "--epochs", defaultValue = "5", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch", defaultValue = "64", description = "Mini-batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--optimizer", defaultValue = "adam", description = "adam or sgd (default: ${DEFAULT-VALUE}:"
            + " sigmoid nets barely learn with plain SGD, see docs/training.md).")
    String optimizer;

    @Option(names = "--lr", description = "Learning rate (default: 0.001 for adam, 0.01 for sgd).")
    Float lr;

    @Option(names = "--momentum", defaultValue = "0.9", description = "SGD momentum (default: ${DEFAULT-VALUE}).")
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

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter w = spec.commandLine().getOut();
        LeNet5 lenet = new LeNet5(model.config(), seed);
        Optimizer opt = optimizer(lenet);
        TrainConfig config = TrainConfig.of(epochs, batch, seed);
        MnistDataset train = data.load(Split.TRAIN), test = data.load(Split.TEST);
        if (!json) {
            w.printf(Locale.ROOT, "training LeNet-5 (%s, %s) on %s: %,d training, %,d test images, %d epochs, %s%n",
                    model.activation.id(), model.pooling.id(), data.describe(), train.size(), test.size(), epochs, optimizer);
            w.flush();
        }
        long start = System.nanoTime();
        List<EpochResult> results = new Trainer(lenet, opt, config).fit(train, test, listener(w, train.size()));
        ModelFile.save(lenet, train.classNames(), out);
        Evaluation last = results.get(results.size() - 1).test();
        Path reportDir = noReport ? null : report != null ? report : TrainingReport.defaultFolder(out);
        if (reportDir != null) {
            TrainingReport.write(reportDir, runJson(lenet, train, test), results, last, train.classNames());
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
            o.put("config", Cli.configJson(lenet.config()));
            w.println(Json.write(o));
        } else {
            w.printf(Locale.ROOT, "test accuracy %.2f%% (%d/%d) after %d epochs, %.1f s; model saved to %s%n",
                    100 * last.accuracy(), last.correct(), last.total(), epochs, seconds, out);
            if (reportDir != null) {
                w.println("report (curves, confusion matrix, report.json) in " + reportDir);
            }
        }
        return 0;
    }

    private Optimizer optimizer(LeNet5 lenet) {
        return switch (optimizer) {
            case "adam" -> new Adam(lenet.parameters(), AdamConfig.of(learningRate()));
            case "sgd" -> new SGD(lenet.parameters(), SgdConfig.of(learningRate()).withMomentum(momentum));
            default -> throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "unknown optimizer '" + optimizer + "': expected adam or sgd");
        };
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
    private Map<String, Object> runJson(LeNet5 lenet, MnistDataset train, MnistDataset test) {
        Map<String, Object> o = new LinkedHashMap<>(Cli.configJson(lenet.config()));
        o.put("epochs", epochs);
        o.put("batch", batch);
        o.put("optimizer", optimizer);
        o.put("lr", learningRate());
        if (optimizer.equals("sgd")) {
            o.put("momentum", momentum);
        }
        o.put("seed", seed);
        o.put("data", data.describe());
        o.put("train_images", train.size());
        o.put("test_images", test.size());
        o.put("class_names", train.classNames());
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
}
