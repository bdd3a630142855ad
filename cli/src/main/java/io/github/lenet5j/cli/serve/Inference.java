package io.github.lenet5j.cli.serve;

import io.github.lenet5j.model.LeNet5;
import io.github.lenet5j.model.ModelFile;
import io.github.lenet5j.model.Predictor;
import io.github.lenet5j.nn.Layer;
import io.github.lenet5j.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * What the endpoints compute, on one shared model: the library's thread-safe {@link Predictor} for the
 * probabilities, and a replica per worker thread, run layer by layer, for the feature maps.
 */
final class Inference {
    /** The layers whose outputs {@code /activations} returns: each convolution after its activation. */
    private static final Set<String> SHOWN = Set.of("act1", "act2");

    private final ModelFile.Loaded loaded;
    private final Predictor predictor;
    private final ThreadLocal<LeNet5> replicas;

    Inference(ModelFile.Loaded loaded) {
        this.loaded = loaded;
        this.predictor = loaded.predictor();
        this.replicas = ThreadLocal.withInitial(loaded.model()::replica);
    }

    /** {@code {"predictions": [{"class", "name", "probability"}, ...]}}, the {@code top} best first. */
    Map<String, Object> predict(ModelInput input, int top) {
        float[] p = predictor.probabilities(input.values());
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("predictions", IntStream.range(0, p.length).boxed()
                .sorted((a, b) -> Float.compare(p[b], p[a])).limit(top)
                .map(c -> prediction(c, p[c])).toList());
        if (input.inverted()) {
            o.put("inverted", true);
        }
        return o;
    }

    private Map<String, Object> prediction(int c, float probability) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("class", c);
        o.put("name", loaded.className(c));
        o.put("probability", probability);
        return o;
    }

    /**
     * The predictions and, for the input, conv1 and conv2 (after their activations), each map as bytes:
     * {@code {"name", "shape": [C, H, W], "min": [...], "max": [...], "maps": [[H·W values 0..255], ...]}},
     * every map stretched from its own min (0) to its max (255).
     */
    Map<String, Object> activations(ModelInput input, int top) {
        Map<String, Object> o = predict(input, top);
        int channels = loaded.model().config().inChannels();
        Tensor x = new Tensor(input.values().clone(), 1, channels, LeNet5.INPUT_SIZE, LeNet5.INPUT_SIZE);
        List<Object> layers = new ArrayList<>();
        layers.add(maps("input", x));
        for (Layer layer : replicas.get().layers()) {
            x = layer.forward(x);
            if (SHOWN.contains(layer.name())) {
                layers.add(maps(layer.name().equals("act1") ? "conv1" : "conv2", x));
            }
        }
        o.put("layers", layers);
        return o;
    }

    private static Map<String, Object> maps(String name, Tensor x) {   // x: (1, C, H, W)
        int c = x.dim(1), size = x.dim(2) * x.dim(3);
        float[] min = new float[c], max = new float[c];
        List<int[]> maps = new ArrayList<>();
        for (int i = 0; i < c; i++) {
            float[] map = Arrays.copyOfRange(x.data(), i * size, (i + 1) * size);
            min[i] = Float.POSITIVE_INFINITY;
            max[i] = Float.NEGATIVE_INFINITY;
            for (float v : map) {
                min[i] = Math.min(min[i], v);
                max[i] = Math.max(max[i], v);
            }
            int[] bytes = new int[size];
            for (int j = 0; j < size; j++) {
                bytes[j] = max[i] > min[i] ? Math.round(255 * (map[j] - min[i]) / (max[i] - min[i])) : 0;
            }
            maps.add(bytes);
        }
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("name", name);
        o.put("shape", new int[] {c, x.dim(2), x.dim(3)});
        o.put("min", min);
        o.put("max", max);
        o.put("maps", maps);
        return o;
    }
}
