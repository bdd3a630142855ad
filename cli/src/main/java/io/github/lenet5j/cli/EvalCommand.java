package io.github.lenet5j.cli;

import io.github.lenet5j.data.MnistDataset;
import io.github.lenet5j.data.Normalization;
import io.github.lenet5j.data.Split;
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
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code eval}: a saved model's accuracy, per-class precision and recall and confusion matrix on the test split. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluate a saved model on the test images (default: the bundled Fashion-MNIST sample):"
                + " accuracy, per-class precision and recall, the confusion matrix.")
final class EvalCommand implements Callable<Integer> {
    static final int MISTAKE_COLUMNS = 4;

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "A model saved as safetensors.")
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
        MnistDataset test = data.load(Split.TEST);
        Evaluation e;
        List<String> names;
        ModelFile.Loaded loaded = null;
        if (Files.isRegularFile(modelFile) && ModelFile.isClassic(modelFile)) {   // the 1998 model: the paper's input scaling and RBF loss
            ModelFile.LoadedClassic classic = ModelFile.loadClassic(modelFile);
            test = test.withNormalization(Normalization.PAPER_1998);
            names = classic.classNames().isEmpty() ? test.classNames() : classic.classNames();
            e = Trainer.evaluate(classic.model().withEngine(model.engine), test, 1000);
        } else {
            loaded = model.load(modelFile, spec.commandLine().getParseResult());
            names = loaded.classNames().isEmpty() ? test.classNames() : loaded.classNames();
            e = Trainer.evaluate(loaded.model(), test, 1000);
        }
        Map<String, Object> o = EvaluationReport.json(e, names);
        if (report != null) {
            if (loaded == null) {
                throw new ParameterException(spec.commandLine(), "--report is not available for classic models yet");
            }
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

    private void writeReport(ModelFile.Loaded loaded, MnistDataset test, List<String> names, Evaluation e,
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
