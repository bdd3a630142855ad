package io.github.lenet5j.cli;

import io.github.lenet5j.io.AtomicFile;
import io.github.lenet5j.io.Json;
import io.github.lenet5j.train.EpochResult;
import io.github.lenet5j.train.Evaluation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report folder of {@code train}: {@code loss.png}, {@code accuracy.png} (training, validation and, with
 * {@code --test-curves}, test per epoch), {@code confusion.png} (the test set, once, on the weights kept) and
 * {@code report.json} with every number. Each file is written whole (temp file, then rename).
 */
final class TrainingReport {
    static final String LOSS = "loss.png";
    static final String ACCURACY = "accuracy.png";
    static final String CONFUSION = "confusion.png";
    static final String JSON = "report.json";

    private TrainingReport() {
    }

    /** The default folder: next to the model, {@code <model name without extension>-report}. */
    static Path defaultFolder(Path modelFile) {
        String name = modelFile.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return modelFile.toAbsolutePath().resolveSibling((dot > 0 ? name.substring(0, dot) : name) + "-report");
    }

    /**
     * Writes the folder.
     *
     * @param outcome how the run ended: {@code kept_epoch} (whose weights the model holds), {@code best_epoch},
     *                {@code stopped_early}, ...
     * @param last the test set's evaluation, once, on the weights kept
     */
    static void write(Path dir, Map<String, Object> config, List<EpochResult> epochs, Map<String, Object> outcome,
            Evaluation last, List<String> classNames) throws IOException {
        Files.createDirectories(dir);
        TrainingCharts.writeLoss(dir.resolve(LOSS), epochs);
        TrainingCharts.writeAccuracy(dir.resolve(ACCURACY), epochs);
        PngFile.write(dir.resolve(CONFUSION), ConfusionMatrixPicture.draw(last.confusion(), classNames,
                "Test set, weights of epoch " + outcome.get("kept_epoch") + ": accuracy " + percent(last.accuracy())));
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("config", config);
        List<Object> perEpoch = new ArrayList<>();
        epochs.forEach(r -> perEpoch.add(epochJson(r)));
        o.put("epochs", perEpoch);
        o.putAll(outcome);
        o.put("final", EvaluationReport.json(last, classNames));
        writeJson(dir.resolve(JSON), o);
    }

    static Map<String, Object> epochJson(EpochResult r) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("epoch", r.epoch());
        o.put("train_loss", r.trainLoss());
        o.put("train_accuracy", r.trainAccuracy());
        if (r.validation() != null) {
            o.put("validation_loss", r.validation().loss());
            o.put("validation_accuracy", r.validation().accuracy());
            o.put("best", r.isBest());
        }
        if (r.test() != null) {   // --test-curves: for the curves, not for choices
            o.put("test_loss", r.test().loss());
            o.put("test_accuracy", r.test().accuracy());
        }
        o.put("lr", r.learningRate());
        o.put("seconds", r.seconds());
        return o;
    }

    static void writeJson(Path file, Object value) throws IOException {
        byte[] bytes = (Json.write(value) + "\n").getBytes(StandardCharsets.UTF_8);
        AtomicFile.write(file, out -> out.write(bytes));
    }

    static String percent(double fraction) {
        return String.format(java.util.Locale.ROOT, "%.2f%%", 100 * fraction);
    }
}
