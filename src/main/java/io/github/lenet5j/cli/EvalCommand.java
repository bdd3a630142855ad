package io.github.lenet5j.cli;

import io.github.lenet5j.data.MnistDataset;
import io.github.lenet5j.data.Split;
import io.github.lenet5j.io.Json;
import io.github.lenet5j.model.ModelFile;
import io.github.lenet5j.train.Evaluation;
import io.github.lenet5j.train.Trainer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code eval}: a saved model's accuracy on the test split. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluate a saved model on the test images (default: the bundled Fashion-MNIST sample).")
final class EvalCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "FILE", description = "A model saved as safetensors.")
    Path modelFile;

    @Mixin
    DataOptions data;

    @Mixin
    ModelOptions model;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ModelFile.Loaded loaded = ModelFile.load(modelFile, model.config());
        MnistDataset test = data.load(Split.TEST);
        Evaluation e = Trainer.evaluate(loaded.model(), test, 1000);
        PrintWriter w = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("correct", e.correct());
            o.put("total", e.total());
            o.put("accuracy", e.accuracy());
            o.put("loss", e.loss());
            o.put("confusion", java.util.Arrays.asList(e.confusion()));
            w.println(Json.write(o));
        } else {
            w.printf(Locale.ROOT, "accuracy %.2f%% (%d/%d)  loss %.4f%n", 100 * e.accuracy(), e.correct(), e.total(), e.loss());
        }
        return 0;
    }
}
