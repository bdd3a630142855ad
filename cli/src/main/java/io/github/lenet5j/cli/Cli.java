package io.github.lenet5j.cli;

import io.github.lenet5j.model.LayerInfo;
import io.github.lenet5j.model.LeNet5Config;
import io.github.lenet5j.nn.Engine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What several commands (and the {@code serve} endpoints) print the same way as JSON. */
public final class Cli {
    private Cli() {
    }

    /**
     * A count and its noun, singular or plural: "1 epoch", "3 epochs", "2 batches", "10 classes".
     *
     * @param n    the count
     * @param noun the singular noun
     * @return the count and the noun
     */
    public static String count(long n, String noun) {
        String plural = noun.endsWith("ss") || noun.endsWith("tch") || noun.endsWith("x") ? noun + "es" : noun + "s";
        return String.format(java.util.Locale.ROOT, "%,d %s", n, n == 1 ? noun : plural);
    }

    /**
     * The engine a model runs on, as JSON fields.
     *
     * @param engine the engine
     * @return {@code engine} ({@code fast} or {@code reference}) and {@code kernels} ({@code vector}, {@code scalar}
     *     or {@code loops})
     */
    public static Map<String, Object> engineJson(Engine engine) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("engine", engine.id());
        o.put("kernels", engine.kernels());
        return o;
    }

    /**
     * A configuration as JSON fields, with the names of the model files' metadata.
     *
     * @param config the architecture
     * @return {@code in_channels}, {@code num_classes}, {@code activation}, {@code pooling}, in that order
     */
    public static Map<String, Object> configJson(LeNet5Config config) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("in_channels", config.inChannels());
        o.put("num_classes", config.numClasses());
        o.put("activation", config.activation().id());
        o.put("pooling", config.pooling().id());
        return o;
    }

    /**
     * The layer table as JSON objects.
     *
     * @param table the rows, as {@code LeNet5.layerTable()} gives them
     * @return one object per row: {@code name}, {@code stage}, {@code output} (the shape without the batch), {@code params}
     */
    public static List<Object> layersJson(List<LayerInfo> table) {
        List<Object> layers = new ArrayList<>();
        for (LayerInfo row : table) {
            Map<String, Object> layer = new LinkedHashMap<>();
            layer.put("name", row.name());
            layer.put("stage", row.stage());
            layer.put("output", row.output());
            layer.put("params", row.params());
            layers.add(layer);
        }
        return layers;
    }
}
