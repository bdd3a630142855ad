package io.github.lenet5j.cli;

import io.github.lenet5j.data.Normalization;
import io.github.lenet5j.io.Json;
import io.github.lenet5j.model.ClassicLayerInfo;
import io.github.lenet5j.model.ClassicLeNet5;
import io.github.lenet5j.model.LeNet5;
import io.github.lenet5j.model.LeNet5Config;
import io.github.lenet5j.model.LeNet5Output;
import io.github.lenet5j.tensor.Tensor;
import java.io.PrintWriter;
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
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code summary}: the layer table, then one seeded random input through the model. */
@Command(name = "summary", mixinStandardHelpOptions = true,
        description = "Print LeNet-5's layer table and the output for one seeded random 32x32 input.")
final class SummaryCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the weights and the input (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Option(names = "--preset", defaultValue = "modern", paramLabel = "NAME",
            description = "modern (shaped by the model flags) or classic (the 1998 paper's network, with its"
                    + " parameters and connections per layer) (default: ${DEFAULT-VALUE}).")
    String preset;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (preset.equals("classic")) {
            return classic();
        } else if (!preset.equals("modern")) {
            throw new ParameterException(spec.commandLine(), "unknown preset '" + preset + "': expected modern or classic");
        }
        LeNet5Config config = model.config();
        LeNet5 lenet = new LeNet5(config, seed, model.engine);
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
            o.put("config", Cli.configJson(config));
            o.putAll(Cli.engineJson(lenet.engine()));
            o.put("layers", Cli.layersJson(lenet.layerTable()));
            o.put("totalParams", lenet.numParameters());
            o.put("logits", out.logits().data());
            o.put("probabilities", out.probabilities().data());
            w.println(Json.write(o));
        } else {
            w.print(lenet.summary());
            w.println();
            w.println("one random input (seed " + seed + "):");
            w.println("logits        " + Arrays.toString(out.logits().data()));
            w.println("probabilities " + Arrays.toString(out.probabilities().data()));
        }
        return 0;
    }

    /** The 1998 network: its table with connections, and the RBF distances of one seeded random input. */
    private int classic() {
        ClassicLeNet5 lenet = new ClassicLeNet5(model.channels, model.classes, seed, model.engine);
        Tensor input = new Tensor(1, model.channels, LeNet5.INPUT_SIZE, LeNet5.INPUT_SIZE);
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
            o.put("preset", "classic");
            o.putAll(Cli.engineJson(lenet.engine()));
            o.put("layers", layers);
            o.put("totalParams", lenet.numParameters());
            o.put("distances", distances);
            o.put("predicted", predicted);
            w.println(Json.write(o));
        } else {
            w.print(lenet.summary());
            w.println();
            w.println("one random input (seed " + seed + "), scaled as the paper's:");
            w.println("RBF distances " + Arrays.toString(distances) + "  (the smallest wins: class " + predicted + ")");
        }
        return 0;
    }
}
