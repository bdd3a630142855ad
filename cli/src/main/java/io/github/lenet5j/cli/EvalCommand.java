package io.github.lenet5j.cli;

import io.github.lenet5j.data.Dataset;
import io.github.lenet5j.data.Preprocessing;
import io.github.lenet5j.io.Json;
import io.github.lenet5j.model.ModelFile;
import io.github.lenet5j.train.Evaluation;
import io.github.lenet5j.train.Trainer;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code eval}: a saved model's accuracy, per-class precision and recall and confusion matrix on the test split. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluate a saved model on the test images (default: the bundled Fashion-MNIST sample; pictures"
                + " are prepared as the model file records): accuracy, per-class precision and recall, the confusion matrix.")
final class EvalCommand implements Callable<Integer> {
    static final int MISTAKE_COLUMNS = 4;

    @Option(names = "--model", required = true, paramLabel = "FILE", converter = ModelFileConverter.class,
            description = ModelFileConverter.DESCRIPTION)
    Path modelFile;

    @Mixin
    DataOptions data;

    @Mixin
    ModelOptions model;

    @Option(names = "--report", paramLabel = "DIR",
            description = "Also write confusion.png, mistakes.png (the 16 most confident mistakes) and report.json here.")
    Path report;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Evaluation e;
        List<String> names;
        Dataset test;
        ModelFile.Loaded loaded = null;
        if (Files.isRegularFile(modelFile) && ModelFile.isClassic(modelFile)) {   // the 1998 model: the paper's input scaling and RBF loss
            if (report != null) {   // known from the file, before any work
                throw new IllegalArgumentException(modelFile + " holds a classic (1998) LeNet-5: --report is not"
                        + " available for classic models yet; drop it");
            }
            ModelFile.LoadedClassic classic = ModelFile.loadClassic(modelFile);
            test = testSet(classic.preprocessing(), classic.classNames());
            names = classic.classNames().isEmpty() ? test.classNames() : classic.classNames();
            e = Trainer.evaluate(classic.model().withEngine(model.engine), test, 1000);
        } else {
            loaded = model.load(modelFile, spec.commandLine().getParseResult());
            test = testSet(loaded.preprocessing(), loaded.classNames());
            names = loaded.classNames().isEmpty() ? test.classNames() : loaded.classNames();
            e = Trainer.evaluate(loaded.model(), test, 1000);
        }
        Map<String, Object> o = EvaluationReport.json(e, names);
        if (report != null) {
            writeReport(loaded, test, names, e, o);
        }
        PrintWriter w = spec.commandLine().getOut();
        if (json) {
            w.println(Json.write(o));
        } else {
            w.printf(Locale.ROOT, "accuracy %.2f%% (%d/%d)  loss %.4f%n%n", 100 * e.accuracy(), e.correct(), e.total(), e.loss());
            w.print(EvaluationReport.classTable(e, names));
            w.println();
            w.print(EvaluationReport.confusionTable(e));
            if (report != null) {
                w.println("\nreport (confusion.png, mistakes.png, report.json) in " + report);
            }
        }
        return 0;
    }

    /** The test set, prepared as the model records; pictures must be of the model's classes. */
    private Dataset testSet(Preprocessing preprocessing, List<String> modelClasses) throws java.io.IOException {
        DataOptions.Sets sets = data.load(preprocessing, false, false, spec.commandLine().getOut(),
                spec.commandLine().getErr(), !json && System.console() != null);
        if (sets.pictures() && !modelClasses.isEmpty() && !sets.test().classNames().equals(modelClasses)) {
            throw new IllegalArgumentException(modelFile + " knows the classes " + modelClasses + " but the class folders"
                    + " of " + data.describe() + " are " + sets.test().classNames());
        }
        return sets.test();
    }

    private void writeReport(ModelFile.Loaded loaded, Dataset test, List<String> names, Evaluation e,
            Map<String, Object> o) throws java.io.IOException {
        Files.createDirectories(report);
        PngFile.write(report.resolve(TrainingReport.CONFUSION), ConfusionMatrixPicture.draw(e.confusion(), names,
                modelFile.getFileName() + " on " + data.describe() + ": accuracy " + TrainingReport.percent(e.accuracy())));
        List<Mistakes.Mistake> mistakes = Mistakes.mostConfident(loaded.model(), test, MISTAKE_COLUMNS * MISTAKE_COLUMNS);
        if (!mistakes.isEmpty()) {
            PngFile.write(report.resolve("mistakes.png"), Mistakes.draw(mistakes, test, names, MISTAKE_COLUMNS));
        }
        o.put("model", modelFile.toString());
        o.put("data", data.describe());
        TrainingReport.writeJson(report.resolve(TrainingReport.JSON), o);
    }
}
