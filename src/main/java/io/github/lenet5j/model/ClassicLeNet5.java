package io.github.lenet5j.model;

import static io.github.lenet5j.tensor.Shapes.ANY;

import io.github.lenet5j.loss.ClassificationLoss;
import io.github.lenet5j.loss.RbfMapLoss;
import io.github.lenet5j.nn.Conv2d;
import io.github.lenet5j.nn.ConvTanhSubsampling;
import io.github.lenet5j.nn.Engine;
import io.github.lenet5j.nn.EuclideanRbf;
import io.github.lenet5j.nn.Flatten;
import io.github.lenet5j.nn.Layer;
import io.github.lenet5j.nn.Linear;
import io.github.lenet5j.nn.Parameter;
import io.github.lenet5j.nn.RbfBitmaps;
import io.github.lenet5j.nn.Sequential;
import io.github.lenet5j.nn.SparseConv2d;
import io.github.lenet5j.nn.Subsampling;
import io.github.lenet5j.nn.Tanh;
import io.github.lenet5j.tensor.Shapes;
import io.github.lenet5j.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * LeNet-5 as the 1998 paper describes it, every squashing function LeCun's scaled tanh f(a) = 1.7159·tanh(2a/3):
 * <pre>
 * input [N, C, 32, 32], scaled by the data side (see {@link #scaleInput})
 * c1 conv 5×5 → f → s2 subsampling → f                       → [N, 6, 14, 14]
 * c3 sparse conv 5×5 (Table I) → f → s4 subsampling → f      → [N, 16, 5, 5]
 * c5 conv 5×5 → f → flatten                                  → [N, 120]
 * f6 linear 120→84 → f → rbf: squared distance to each class's fixed 84-value code → [N, K]
 * </pre>
 * The output is a distance per class: smaller is better, {@link #predict} is the argmin, and the paper's loss
 * is {@link io.github.lenet5j.loss.RbfMapLoss}. Parameters: {@code c1.weight [6,C,5,5]}, {@code c1.bias},
 * {@code s2.weight [6]}, {@code s2.bias}, {@code c3.weight [60,5,5]} (connected kernels, see
 * {@link SparseConv2d}), {@code c3.bias [16]}, {@code s4.weight [16]}, {@code s4.bias}, {@code c5.weight
 * [120,16,5,5]}, {@code c5.bias}, {@code f6.weight [84,120]}, {@code f6.bias}; the fixed buffer
 * {@code rbf.centers [K,84]} is in {@link #buffers()}. Every layer runs on the model's {@link Engine} (the fast
 * kernels by default, see {@link #withEngine}). Not thread-safe: see {@link #replica()}.
 */
public final class ClassicLeNet5 implements Classifier {
    /** Input height and width. */
    public static final int INPUT_SIZE = 32;
    /** The input value of background (white) pixels. */
    public static final float BACKGROUND = -0.1f;
    /** The input value of foreground (ink) pixels. */
    public static final float FOREGROUND = 1.175f;

    private static final String[] STAGES = {
        "c1", "C1", "s2", "S2", "c3", "C3", "s4", "S4", "c5", "C5", "f6", "F6", "rbf", "OUTPUT"};

    private final int inChannels;
    private final int numClasses;
    private final Engine engine;
    private final Sequential network;   // c1 ... rbf: input → distances
    private final Sequential runOrder;  // the same layers as forward and backward run them (see runOrder)

    /**
     * A grayscale model for {@code numClasses} classes with weights initialised from {@code seed}.
     *
     * @param numClasses output classes, at least 1
     * @param seed the seed of the initial weights: the same seed gives the same weights
     */
    public ClassicLeNet5(int numClasses, long seed) {
        this(1, numClasses, seed);
    }

    /**
     * A model with weights initialised from {@code seed} by the paper's rule (see {@link #initialize}).
     *
     * @param inChannels input channels: 1 for grayscale, 3 for RGB
     * @param numClasses output classes
     * @param seed the seed of the initial weights: the same seed gives the same weights
     * @throws IllegalArgumentException if a count is below 1
     */
    public ClassicLeNet5(int inChannels, int numClasses, long seed) {
        this(inChannels, numClasses, seed, Engine.FAST);
    }

    /**
     * A model on the given engine with weights initialised from {@code seed} by the paper's rule: the same seed
     * gives the same weights on either engine.
     *
     * @param inChannels input channels: 1 for grayscale, 3 for RGB
     * @param numClasses output classes
     * @param seed the seed of the initial weights
     * @param engine the reference loops or the fast kernels
     * @throws IllegalArgumentException if a count is below 1
     */
    public ClassicLeNet5(int inChannels, int numClasses, long seed, Engine engine) {
        this(inChannels, numClasses, engine, build(inChannels, numClasses, engine));
        initialize(new Random(seed));
    }

    private ClassicLeNet5(int inChannels, int numClasses, Engine engine, Sequential network) {
        this.inChannels = inChannels;
        this.numClasses = numClasses;
        this.engine = engine;
        this.network = network;
        this.runOrder = runOrder(engine, network);
    }

    /**
     * The layers as forward and backward run them: on the fast engine, C1, its tanh and S2 as one
     * {@link ConvTanhSubsampling}, whose backward takes the gradient to C1's weights without the two layers' input
     * gradients of the whole batch (docs/performance-rounds.md, round 18); the reference engine runs the table.
     */
    private static Sequential runOrder(Engine engine, Sequential network) {
        if (engine != Engine.FAST) {
            return network;
        }
        List<Layer> layers = new ArrayList<>(network.layers());
        int c1 = layers.stream().map(Layer::name).toList().indexOf("c1");   // then act1 and s2, as build makes them
        layers.set(c1, new ConvTanhSubsampling((Conv2d) layers.get(c1), (Tanh) layers.remove(c1 + 1),
                (Subsampling) layers.remove(c1 + 1)));
        return new Sequential(network.name(), layers);
    }

    private static Sequential build(int inChannels, int numClasses, Engine e) {
        if (inChannels < 1) {
            throw new IllegalArgumentException("inChannels must be >= 1, got " + inChannels);
        }
        if (numClasses < 1) {
            throw new IllegalArgumentException("numClasses must be >= 1, got " + numClasses);
        }
        return new Sequential("classic-lenet5", List.of(
                new Conv2d("c1", inChannels, 6, 5, 1, 0, e), new Tanh("act1", true, e),
                new Subsampling("s2", 6, e), new Tanh("act2", true, e),
                SparseConv2d.lenet5C3("c3", e), new Tanh("act3", true, e),
                new Subsampling("s4", 16, e), new Tanh("act4", true, e),
                new Conv2d("c5", 16, 120, 5, 1, 0, e), new Tanh("act5", true, e),
                new Flatten("flatten"),
                new Linear("f6", 120, 84, e), new Tanh("act6", true, e),
                new EuclideanRbf("rbf", RbfBitmaps.forClasses(numClasses))));
    }

    /**
     * The paper's initialisation: every weight uniform in ±2.4/F_in, F_in the fan-in of the unit it feeds
     * (c1 25·C, s2 and s4 4, c3 75/100/150 per map, c5 400, f6 120). Biases count as weights of a connection
     * to a constant input (the paper counts them as connections) and get the same bound. Drawn in layer
     * order, weight before bias.
     */
    private void initialize(Random random) {
        for (Layer layer : network.layers()) {
            if (layer instanceof SparseConv2d c3) {
                c3.initialize(random);   // the same rule, per output map
                continue;
            }
            int fanIn = switch (layer.name()) {
                case "c1" -> 25 * inChannels;
                case "s2", "s4" -> 4;
                case "c5" -> 400;
                case "f6" -> 120;
                default -> 1;   // no parameters
            };
            for (Parameter p : layer.parameters()) {
                float[] v = p.value().data();
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) ((2 * random.nextDouble() - 1) * 2.4 / fanIn);
                }
            }
        }
    }

    /**
     * The paper's input scaling for pixels in [0, 1] with 0 = background: {@code x·1.275 − 0.1}, so background
     * is −0.1 and ink 1.175 (mean input ≈ 0, variance ≈ 1). The data side applies it; the model does not.
     *
     * @param pixels01 pixel values in [0, 1], 0 for background
     * @return a new array
     */
    public static float[] scaleInput(float[] pixels01) {
        float[] scaled = new float[pixels01.length];
        for (int i = 0; i < scaled.length; i++) {
            scaled[i] = pixels01[i] * (FOREGROUND - BACKGROUND) + BACKGROUND;
        }
        return scaled;
    }

    /** Input channels. */
    @Override
    public int inChannels() {
        return inChannels;
    }

    /** Output classes. */
    @Override
    public int numClasses() {
        return numClasses;
    }

    @Override
    public Engine engine() {
        return engine;
    }

    /**
     * This model on another engine: the same architecture and a copy of the current parameter values, with its
     * own gradients and buffers. Both give the same distances to float rounding; saved, they give the same file.
     *
     * @param engine the engine of the copy
     * @return a new model (also when {@code engine} is this model's)
     */
    @Override
    public ClassicLeNet5 withEngine(Engine engine) {
        ClassicLeNet5 copy = new ClassicLeNet5(inChannels, numClasses, engine, build(inChannels, numClasses, engine));
        Weights.copy(parameters(), copy.parameters());
        return copy;
    }

    /**
     * Runs a batch through the network.
     *
     * @param input {@code [N, inChannels, 32, 32]}, already scaled
     * @return the RBF distances {@code [N, numClasses]}, owned by the model
     * @throws IllegalArgumentException if the input's shape is wrong
     */
    public Tensor forward(Tensor input) {
        Shapes.check("ClassicLeNet5 input (c1)", input, ANY, inChannels, INPUT_SIZE, INPUT_SIZE);
        return runOrder.forward(input);
    }

    /** The RBF distances, {@code [N, numClasses]}: the same as {@link #forward}. */
    @Override
    public Tensor scores(Tensor input) {
        return forward(input);
    }

    /** True: the class at the smallest distance is the prediction. */
    @Override
    public boolean smallestScoreWins() {
        return true;
    }

    /**
     * Back-propagates from dLoss/dDistances of the last forward, accumulating every parameter's gradient.
     *
     * @param gradDistances dLoss/dDistances, {@code [N, numClasses]}
     * @return the gradient with respect to the input, {@code [N, inChannels, 32, 32]}
     */
    @Override
    public Tensor backward(Tensor gradDistances) {
        return runOrder.backward(gradDistances);
    }

    /** As {@link #backward} without C1's input gradient (a product as large as C1's forward, and col2im). */
    @Override
    public void backwardParameters(Tensor gradDistances) {
        runOrder.backwardParameters(gradDistances);
    }

    /**
     * {@return the predicted class of each sample: the argmin of its distances}
     *
     * @param input {@code [N, inChannels, 32, 32]}, already scaled
     */
    public int[] predict(Tensor input) {
        return argmin(forward(input));
    }

    /**
     * {@return the column of each row's smallest value (the first on ties)}
     *
     * @param distances a {@code [N, K]} tensor
     */
    public static int[] argmin(Tensor distances) {
        Shapes.check("argmin", distances, ANY, ANY);
        int n = distances.dim(0), k = distances.dim(1);
        int[] best = new int[n];
        float[] y = distances.data();
        for (int s = 0; s < n; s++) {
            for (int c = 1; c < k; c++) {
                if (y[s * k + c] < y[s * k + best[s]]) {
                    best[s] = c;
                }
            }
        }
        return best;
    }

    /** The trainable parameters, in layer order. */
    @Override
    public List<Parameter> parameters() {
        return network.parameters();
    }

    /** The paper's loss on the RBF distances. */
    @Override
    public ClassificationLoss newLoss() {
        return new RbfMapLoss();
    }

    /** {@code preset = classic}, {@code in_channels}, {@code num_classes}. */
    @Override
    public Map<String, String> architecture() {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("preset", ModelFile.CLASSIC);
        metadata.put("in_channels", String.valueOf(inChannels));
        metadata.put("num_classes", String.valueOf(numClasses));
        return metadata;
    }

    /** {@return the fixed, non-trainable tensors by name, as copies: {@code rbf.centers [numClasses, 84]}} */
    @Override
    public Map<String, Tensor> buffers() {
        return Map.of(rbf().centersName(), rbf().centers());
    }

    private EuclideanRbf rbf() {
        return (EuclideanRbf) network.layers().get(network.layers().size() - 1);
    }

    /** {@return the layers, in order} */
    public List<Layer> layers() {
        return network.layers();
    }

    /** A model that shares this one's weights but owns its gradients and buffers. */
    @Override
    public ClassicLeNet5 replica() {
        return new ClassicLeNet5(inChannels, numClasses, engine, network.replica());
    }

    /** {@return one row per layer: its output shape (without the batch), trainable parameters and connections} */
    public List<ClassicLayerInfo> layerTable() {
        List<ClassicLayerInfo> rows = new ArrayList<>();
        int[] shape = {1, inChannels, INPUT_SIZE, INPUT_SIZE};
        for (Layer layer : network.layers()) {
            int[] in = shape;
            shape = layer.outputShape(in);
            int params = 0;
            for (Parameter p : layer.parameters()) {
                params += p.size();
            }
            List<Integer> dims = new ArrayList<>();
            for (int i = 1; i < shape.length; i++) {
                dims.add(shape[i]);
            }
            rows.add(new ClassicLayerInfo(layer.name(), stage(layer.name()), List.copyOf(dims), params,
                    connections(layer, in, shape, params)));
        }
        return rows;
    }

    /**
     * The paper's count: a convolution's every parameter (bias included) is used once per output position;
     * a subsampling unit has 4 inputs and a bias; a linear layer's parameters are its connections; an RBF
     * unit connects to each of its inputs. Activations and flatten add none.
     */
    private static int connections(Layer layer, int[] in, int[] out, int params) {
        if (layer instanceof Conv2d || layer instanceof SparseConv2d) {
            return params * out[2] * out[3];
        } else if (layer instanceof Subsampling) {
            return 5 * out[1] * out[2] * out[3];
        } else if (layer instanceof Linear) {
            return params;
        } else if (layer instanceof EuclideanRbf) {
            return out[1] * in[1];
        }
        return 0;
    }

    private static String stage(String layer) {
        for (int i = 0; i < STAGES.length; i += 2) {
            if (STAGES[i].equals(layer)) {
                return STAGES[i + 1];
            }
        }
        return "";
    }

    /** {@return the layer table as text: layer, stage, output shape, parameters, connections, and the totals} */
    public String summary() {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                "LeNet-5, 1998 (in_channels=%d, num_classes=%d, scaled tanh, RBF output), engine %s%n", inChannels,
                numClasses, engine.describe()));
        String row = "%-9s %-7s %-12s %,8d %,12d%n";
        s.append(String.format(Locale.ROOT, "%-9s %-7s %-12s %8s %12s%n", "layer", "stage", "output", "params",
                "connections"));
        s.append(String.format(Locale.ROOT, row, "input", "", inChannels + "x" + INPUT_SIZE + "x" + INPUT_SIZE, 0, 0));
        int connections = 0;
        for (ClassicLayerInfo info : layerTable()) {
            String shape = String.join("x", info.output().stream().map(String::valueOf).toList());
            s.append(String.format(Locale.ROOT, row, info.name(), info.stage(), shape, info.params(), info.connections()));
            connections += info.connections();
        }
        s.append(String.format(Locale.ROOT, "%-30s %,8d %,12d%n", "total", numParameters(), connections));
        return s.toString();
    }
}
