package io.github.lenet5j.cli;

import io.github.lenet5j.data.Normalization;
import io.github.lenet5j.io.Json;
import io.github.lenet5j.model.ClassicLayerInfo;
import io.github.lenet5j.model.ClassicLeNet5;
import io.github.lenet5j.model.LeNet5;
import io.github.lenet5j.model.LeNet5Config;
import io.github.lenet5j.model.LeNet5Output;
import io.github.lenet5j.model.ModelFile;
import io.github.lenet5j.tensor.Tensor;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code summary}: the layer table, then one seeded random input through the model; with {@code --model}, a saved
 * model's table, where its architecture came from and its class names. JSON keys are snake_case throughout.
 */
@Command(name = "summary", mixinStandardHelpOptions = true,
        description = {"Print LeNet-5's layer table and the output for one seeded random 32x32 input: of the"
                + " architecture the flags give, or of a saved model (--model FILE).",
            "JSON (--json): config {in_channels, num_classes, activation, pooling}, layers [{name, stage, output,"
                + " params}], total_params, logits, probabilities; with --model also model, class_names and"
                + " assumed (what was assumed for a file that does not record its architecture, else null)."})
final class SummaryCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model;

    @Option(names = "--model", paramLabel = "FILE", converter = ModelFileConverter.class,
            description = "A saved model (safetensors), or 'fashion' (the pretrained model): its table, its"
                    + " architecture and class names.")
    Path modelFile;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the weights and the input (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Option(names = "--preset", defaultValue = "modern", paramLabel = "NAME", converter = Check.Preset.class,
            description = "modern (shaped by the model flags) or classic (the 1998 paper's network, with its"
                    + " parameters and connections per layer) (default: ${DEFAULT-VALUE}).")
    String preset;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (modelFile != null && Files.isRegularFile(modelFile) && ModelFile.isClassic(modelFile)) {
            ModelFile.LoadedClassic saved = ModelFile.loadClassic(modelFile).withEngine(model.engine);
            return classic(saved.model(), saved.classNames());
        }
        if (preset.equals("classic")) {
            return classic(new ClassicLeNet5(model.channels, model.classes, seed, model.engine), null);
        }
        LeNet5 lenet;
        List<String> classNames = null;
        if (modelFile != null) {
            ModelFile.Loaded loaded = model.load(modelFile, spec.commandLine().getParseResult());
            lenet = loaded.model();
            classNames = loaded.classNames();
        } else {
            lenet = new LeNet5(model.config(), seed, model.engine);
        }
        LeNet5Config config = lenet.config();
        Tensor input = new Tensor(1, config.inChannels(), LeNet5.INPUT_SIZE, LeNet5.INPUT_SIZE);
        Random random = new Random(seed);
        float[] x = input.data();
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextFloat();
        }
        LeNet5Output out = lenet.forward(input);
        PrintWriter w = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            if (modelFile != null) {
                o.put("model", modelFile.toString());
                o.put("assumed", model.assumed());
                o.put("class_names", classNames);
            }
            o.put("config", Cli.configJson(config));
            o.putAll(Cli.engineJson(lenet.engine()));
            o.put("layers", Cli.layersJson(lenet.layerTable()));
            o.put("total_params", lenet.numParameters());
            o.put("logits", out.logits().data());
            o.put("probabilities", out.probabilities().data());
            w.println(Json.write(o));
        } else {
            if (modelFile != null) {
                describeFile(w, model.assumed(), classNames);
            }
            w.print(lenet.summary());
            w.println();
            w.println("one random input (seed " + seed + "):");
            w.println("logits        " + Arrays.toString(out.logits().data()));
            w.println("probabilities " + Arrays.toString(out.probabilities().data()));
        }
        return 0;
    }

    /** The file's lines above the table: where the architecture came from, and the class names. */
    private void describeFile(PrintWriter w, String assumed, List<String> classNames) {
        w.println("model file " + modelFile);
        w.println(assumed != null ? "architecture: " + assumed : "architecture: recorded in the file");
        w.println("class names: " + (classNames == null || classNames.isEmpty() ? "none recorded (classes are numbered)"
                : String.join(", ", classNames)));
        w.println();
    }

    /**
     * The 1998 network: its table with connections, and the RBF distances of one seeded random input.
     *
     * @param classNames a saved model's class names, or null for a new model
     */
    private int classic(ClassicLeNet5 lenet, List<String> classNames) {
        Tensor input = new Tensor(1, lenet.inChannels(), LeNet5.INPUT_SIZE, LeNet5.INPUT_SIZE);
        Random random = new Random(seed);
        float[] x = input.data();
        for (int i = 0; i < x.length; i++) {
            x[i] = Normalization.PAPER_1998.apply(random.nextFloat());
        }
        float[] distances = lenet.forward(input).data();
        int predicted = ClassicLeNet5.argmin(lenet.forward(input))[0];
        PrintWriter w = spec.commandLine().getOut();
        if (json) {
            List<Object> layers = new ArrayList<>();
            for (ClassicLayerInfo row : lenet.layerTable()) {
                Map<String, Object> layer = new LinkedHashMap<>();
                layer.put("name", row.name());
                layer.put("stage", row.stage());
                layer.put("output", row.output());
                layer.put("params", row.params());
                layer.put("connections", row.connections());
                layers.add(layer);
            }
            Map<String, Object> o = new LinkedHashMap<>();
            if (classNames != null) {
                o.put("model", modelFile.toString());
                o.put("class_names", classNames);
            }
            o.put("preset", "classic");
            o.putAll(Cli.engineJson(lenet.engine()));
            o.put("layers", layers);
            o.put("total_params", lenet.numParameters());
            o.put("distances", distances);
            o.put("predicted", predicted);
            w.println(Json.write(o));
        } else {
            if (classNames != null) {
                describeFile(w, null, classNames);
            }
            w.print(lenet.summary());
            w.println();
            w.println("one random input (seed " + seed + "), scaled as the paper's:");
            w.println("RBF distances " + Arrays.toString(distances) + "  (the smallest wins: class " + predicted + ")");
        }
        return 0;
    }
}
