package io.github.lenet5j.cli;

import io.github.lenet5j.io.Json;
import io.github.lenet5j.model.LayerInfo;
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

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        LeNet5Config config = model.config();
        LeNet5 lenet = new LeNet5(config, seed);
        Tensor input = new Tensor(1, config.inChannels(), LeNet5.INPUT_SIZE, LeNet5.INPUT_SIZE);
        Random random = new Random(seed);
        float[] x = input.data();
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextFloat();
        }
        LeNet5Output out = lenet.forward(input);
        PrintWriter w = spec.commandLine().getOut();
        if (json) {
            List<Object> layers = new ArrayList<>();
            for (LayerInfo row : lenet.layerTable()) {
                Map<String, Object> layer = new LinkedHashMap<>();
                layer.put("name", row.name());
                layer.put("stage", row.stage());
                layer.put("output", row.output());
                layer.put("params", row.params());
                layers.add(layer);
            }
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("config", Cli.configJson(config));
            o.put("layers", layers);
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
}
