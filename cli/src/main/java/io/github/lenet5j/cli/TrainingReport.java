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
 * The report folder of {@code train}: {@code loss.png}, {@code accuracy.png}, {@code confusion.png}
 * and {@code report.json} with every number. Each file is written whole (temp file, then rename).
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

    static void write(Path dir, Map<String, Object> config, List<EpochResult> epochs, Evaluation last,
            List<String> classNames) throws IOException {
        Files.createDirectories(dir);
        TrainingCharts.writeLoss(dir.resolve(LOSS), epochs);
        TrainingCharts.writeAccuracy(dir.resolve(ACCURACY), epochs);
        PngFile.write(dir.resolve(CONFUSION), ConfusionMatrixPicture.draw(last.confusion(), classNames,
                "Test set after epoch " + epochs.size() + ": accuracy " + percent(last.accuracy())));
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("config", config);
        List<Object> perEpoch = new ArrayList<>();
        epochs.forEach(r -> perEpoch.add(epochJson(r)));
        o.put("epochs", perEpoch);
        o.put("final", EvaluationReport.json(last, classNames));
        writeJson(dir.resolve(JSON), o);
    }

    static Map<String, Object> epochJson(EpochResult r) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("epoch", r.epoch());
        o.put("train_loss", r.trainLoss());
        o.put("train_accuracy", r.trainAccuracy());
        if (r.test() != null) {
            o.put("test_loss", r.test().loss());
            o.put("accuracy", r.test().accuracy());
            o.put("correct", r.test().correct());
            o.put("total", r.test().total());
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
