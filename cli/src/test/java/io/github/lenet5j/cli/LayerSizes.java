package io.github.lenet5j.cli;

import io.github.lenet5j.loss.CrossEntropyLoss;
import io.github.lenet5j.model.LeNet5;
import io.github.lenet5j.nn.Flatten;
import io.github.lenet5j.nn.Layer;
import io.github.lenet5j.nn.Parameter;
import io.github.lenet5j.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * How large each layer's signals are on one batch, forward and backward: what docs/training.md's explanation of
 * the sigmoid + SGD stall rests on, measured rather than assumed.
 *
 * @param layers one row per layer (Flatten left out: it moves nothing), in forward order
 * @param weightGradients the RMS of each weight's gradient ({@code conv1} … {@code fc3}) for the batch's mean loss
 * @param predictedClasses the distinct classes the batch's images are given
 * @param loss the batch's mean cross-entropy
 */
record LayerSizes(List<Row> layers, Map<String, Double> weightGradients, TreeSet<Integer> predictedClasses,
                  double loss) {

    /**
     * One layer's measures.
     *
     * @param layer the layer's name
     * @param size the RMS of its output: how large the values are
     * @param spread the RMS over the output's units of their standard deviation over the batch's images: how much
     *               the output depends on the image
     * @param gradient the RMS of dL/d(its input), the gradient it passes back
     */
    record Row(String layer, double size, double spread, double gradient) {
    }

    /** Runs the batch through the model's layers one by one and back, with the cross-entropy of {@code labels}. */
    static LayerSizes measure(LeNet5 model, Tensor images, int[] labels) {
        List<Layer> layers = model.layers();
        List<double[]> forward = new ArrayList<>();
        Tensor x = images;
        for (Layer layer : layers) {
            x = layer.forward(x);
            forward.add(new double[] {rms(x), spread(x)});
        }
        TreeSet<Integer> predicted = new TreeSet<>();
        int classes = x.dim(1);
        for (int n = 0; n < x.dim(0); n++) {
            int best = 0;
            for (int k = 1; k < classes; k++) {
                best = x.get(n, k) > x.get(n, best) ? k : best;
            }
            predicted.add(best);
        }
        CrossEntropyLoss loss = new CrossEntropyLoss();
        double meanLoss = loss.forward(x, labels);
        model.zeroGrad();
        Tensor g = loss.backward();
        double[] backward = new double[layers.size()];
        for (int i = layers.size() - 1; i >= 0; i--) {
            g = layers.get(i).backward(g);
            backward[i] = rms(g);
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            if (!(layers.get(i) instanceof Flatten)) {
                rows.add(new Row(layers.get(i).name(), forward.get(i)[0], forward.get(i)[1], backward[i]));
            }
        }
        Map<String, Double> weights = new LinkedHashMap<>();
        for (Parameter p : model.parameters()) {
            if (p.name().endsWith(".weight")) {
                weights.put(p.name().substring(0, p.name().indexOf('.')), rms(p.grad()));
            }
        }
        model.zeroGrad();
        return new LayerSizes(List.copyOf(rows), weights, predicted, meanLoss);
    }

    /** {@return the row of a layer} */
    Row row(String layer) {
        return layers.stream().filter(r -> r.layer().equals(layer)).findFirst().orElseThrow();
    }

    static double rms(Tensor t) {
        double sum = 0;
        for (int i = 0; i < t.size(); i++) {
            sum += (double) t.data()[i] * t.data()[i];
        }
        return Math.sqrt(sum / t.size());
    }

    /** The RMS over units of each unit's standard deviation over the batch (dimension 0). */
    static double spread(Tensor t) {
        int n = t.dim(0), units = t.size() / n;
        double sum = 0;
        for (int u = 0; u < units; u++) {
            double mean = 0, squares = 0;
            for (int i = 0; i < n; i++) {
                mean += t.data()[i * units + u];
            }
            mean /= n;
            for (int i = 0; i < n; i++) {
                double d = t.data()[i * units + u] - mean;
                squares += d * d;
            }
            sum += squares / n;
        }
        return Math.sqrt(sum / units);
    }

    /** {@return the measures as a table, one layer a line} */
    String table() {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%-8s %12s %12s %14s%n", "layer", "size (rms)",
                "spread", "grad to input"));
        for (Row r : layers) {
            s.append(String.format(Locale.ROOT, "%-8s %12.3g %12.3g %14.3g%n", r.layer(), r.size(), r.spread(),
                    r.gradient()));
        }
        s.append("weight gradients (rms):");
        weightGradients.forEach((name, v) -> s.append(String.format(Locale.ROOT, " %s %.3g", name, v)));
        s.append(String.format(Locale.ROOT, "%nloss %.4f, classes predicted in the batch: %s%n", loss, predictedClasses));
        return s.toString();
    }
}
