package io.github.lenet5j.model;

import static io.github.lenet5j.tensor.Shapes.ANY;

import io.github.lenet5j.loss.ClassificationLoss;
import io.github.lenet5j.loss.CrossEntropyLoss;
import io.github.lenet5j.nn.Conv2d;
import io.github.lenet5j.nn.ConvMaxPool;
import io.github.lenet5j.nn.Engine;
import io.github.lenet5j.nn.Flatten;
import io.github.lenet5j.nn.Layer;
import io.github.lenet5j.nn.Linear;
import io.github.lenet5j.nn.MaxPool2d;
import io.github.lenet5j.nn.Parameter;
import io.github.lenet5j.nn.Sequential;
import io.github.lenet5j.nn.Softmax;
import io.github.lenet5j.tensor.Shapes;
import io.github.lenet5j.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * LeNet-5 as in the classic tutorial and its PyTorch twin ({@code lenet5_torch.py}):
 * <pre>
 * input [N, C, 32, 32]
 * conv1 5×5 → act → s2 (pool)  → [N, 6, 14, 14]
 * conv2 5×5 → act → s4 (pool)  → [N, 16, 5, 5]
 * flatten → fc1 400→120 → act → fc2 120→84 → act → fc3 84→numClasses → logits, softmax → probabilities
 * </pre>
 * Parameter names and layouts are PyTorch's ({@code conv1.weight [6, C, 5, 5]}, {@code fc1.weight [120, 400]}, ...).
 * Every layer runs on the model's {@link Engine}: the fast kernels by default, or the reference loops
 * ({@link #withEngine}); on the fast engine with max pooling, conv1 and conv2 are pooled before their activation
 * (the maximum of an increasing function is the function of the maximum: a quarter of the activations, see
 * docs/performance-rounds.md, round 9). A model is not thread-safe: it owns the buffers of one forward and backward
 * pass (see {@link #replica()}).
 */
public final class LeNet5 implements Classifier {
    /** Input height and width. */
    public static final int INPUT_SIZE = 32;

    private static final String[] STAGES = {
        "conv1", "C1", "s2", "S2", "conv2", "C3", "s4", "S4", "fc1", "C5", "fc2", "F6", "fc3", "OUTPUT"};

    private final LeNet5Config config;
    private final Engine engine;
    private final Sequential network;   // conv1 ... fc3: input → logits, in the order of the table above
    private final Sequential runOrder;  // the same layers in the order forward and backward run them
    private final Softmax softmax = new Softmax("softmax");
    private LeNet5Output output;         // the last forward's result, reused while its buffers are

    /**
     * The reference's {@code LeNet5(num_classes, grayscale)}: sigmoid, max pooling, weights from seed 0.
     *
     * @param numClasses output classes
     * @param grayscale true for 1 input channel, false for 3 (RGB)
     */
    public LeNet5(int numClasses, boolean grayscale) {
        this(LeNet5Config.of(numClasses, grayscale), 0L);
    }

    /**
     * A model on the fast engine with weights initialised from {@code seed}: the same seed gives the same weights.
     *
     * @param config the architecture
     * @param seed the seed of the initial weights
     */
    public LeNet5(LeNet5Config config, long seed) {
        this(config, seed, Engine.FAST);
    }

    /**
     * A model on the given engine with weights initialised from {@code seed}: the same seed gives the same
     * weights on either engine.
     *
     * @param config the architecture
     * @param seed the seed of the initial weights
     * @param engine the reference loops or the fast kernels
     */
    public LeNet5(LeNet5Config config, long seed, Engine engine) {
        this(config, engine, build(config, engine));
        network.initialize(new Random(seed));
    }

    private LeNet5(LeNet5Config config, Engine engine, Sequential network) {
        this.config = config;
        this.engine = engine;
        this.network = network;
        this.runOrder = runOrder(config, engine, network);
    }

    /**
     * The layers in the order forward runs them. On the fast engine with max pooling, each pooling runs before
     * the activation in front of it: every activation here is increasing, so the window's maximum of the
     * activations is the activation of the window's maximum, computed on a quarter of the values
     * (docs/performance-rounds.md, round 9); and each convolution runs with its pooling as one {@link ConvMaxPool},
     * which in inference pools the convolution's rows without storing them (round 13). The reference engine runs the
     * table's order.
     */
    private static Sequential runOrder(LeNet5Config config, Engine engine, Sequential network) {
        if (engine != Engine.FAST || config.pooling() != Pooling.MAX) {
            return network;
        }
        List<Layer> layers = new ArrayList<>(network.layers());
        swap(layers, "act1", "s2");   // conv1 → s2 → act1
        swap(layers, "act2", "s4");   // conv2 → s4 → act2
        fuse(layers, "conv1", "s2");  // conv1+s2 → act1: inference pools conv1's rows while in cache
        fuse(layers, "conv2", "s4");
        return new Sequential(network.name(), layers);
    }

    /** Puts the convolution {@code conv} and the max pooling {@code pool} after it into one {@link ConvMaxPool}. */
    private static void fuse(List<Layer> layers, String conv, String pool) {
        int at = layers.stream().map(Layer::name).toList().indexOf(conv);
        layers.set(at, new ConvMaxPool((Conv2d) layers.get(at), (MaxPool2d) layers.remove(at + 1)));
    }

    /** Swaps the layers named {@code a} and {@code b} (names as {@link #build} gives them). */
    private static void swap(List<Layer> layers, String a, String b) {
        List<String> names = layers.stream().map(Layer::name).toList();
        Collections.swap(layers, names.indexOf(a), names.indexOf(b));
    }

    private static Sequential build(LeNet5Config c, Engine e) {
        Activation act = c.activation();
        return new Sequential("lenet5", List.of(
                new Conv2d("conv1", c.inChannels(), 6, 5, 1, 0, e), act.create("act1", e), c.pooling().create("s2", 6, e),
                new Conv2d("conv2", 6, 16, 5, 1, 0, e), act.create("act2", e), c.pooling().create("s4", 16, e),
                new Flatten("flatten"),
                new Linear("fc1", 16 * 5 * 5, 120, e), act.create("act3", e),
                new Linear("fc2", 120, 84, e), act.create("act4", e),
                new Linear("fc3", 84, c.numClasses(), e)));
    }

    /** {@return the architecture} */
    public LeNet5Config config() {
        return config;
    }

    /** {@return the engine every layer runs on} */
    @Override
    public Engine engine() {
        return engine;
    }

    /**
     * This model on another engine: the same architecture and a copy of the current parameter values, with its
     * own gradients and buffers. Both give the same outputs to float rounding; saved, they give the same file.
     *
     * @param engine the engine of the copy
     * @return a new model (also when {@code engine} is this model's)
     */
    @Override
    public LeNet5 withEngine(Engine engine) {
        LeNet5 copy = new LeNet5(config, engine, build(config, engine));
        Weights.copy(parameters(), copy.parameters());
        return copy;
    }

    /**
     * Runs a batch through the network.
     *
     * @param input {@code [N, inChannels, 32, 32]}
     * @return logits and probabilities, both {@code [N, numClasses]}, owned by the model
     * @throws IllegalArgumentException if the input's shape is wrong
     */
    public LeNet5Output forward(Tensor input) {
        Shapes.check("LeNet5 input (conv1)", input, ANY, config.inChannels(), INPUT_SIZE, INPUT_SIZE);
        Tensor logits = runOrder.forward(input);
        Tensor probabilities = softmax.forward(logits);
        if (output == null || output.logits() != logits || output.probabilities() != probabilities) {
            output = new LeNet5Output(logits, probabilities);   // only when the batch size changes the buffers
        }
        return output;
    }

    /** The logits alone (no softmax), {@code [N, numClasses]}: what training needs. */
    @Override
    public Tensor scores(Tensor input) {
        Shapes.check("LeNet5 input (conv1)", input, ANY, config.inChannels(), INPUT_SIZE, INPUT_SIZE);
        return runOrder.forward(input);
    }

    @Override
    public int inChannels() {
        return config.inChannels();
    }

    @Override
    public int numClasses() {
        return config.numClasses();
    }

    /** False: the largest logit is the prediction. */
    @Override
    public boolean smallestScoreWins() {
        return false;
    }

    /**
     * Back-propagates from the gradient of the loss with respect to the logits of the last forward,
     * accumulating every parameter's gradient.
     *
     * @return the gradient with respect to the input, {@code [N, inChannels, 32, 32]}
     */
    @Override
    public Tensor backward(Tensor gradLogits) {
        return runOrder.backward(gradLogits);
    }

    /** As {@link #backward} without conv1's input gradient (a product as large as conv1's forward, and col2im). */
    @Override
    public void backwardParameters(Tensor gradLogits) {
        runOrder.backwardParameters(gradLogits);
    }

    /** The trainable parameters in PyTorch's {@code state_dict} order. */
    @Override
    public List<Parameter> parameters() {
        return network.parameters();
    }

    /** Cross-entropy on the logits. */
    @Override
    public ClassificationLoss newLoss() {
        return new CrossEntropyLoss();
    }

    /** {@code in_channels}, {@code num_classes}, {@code activation}, {@code pooling}: {@link ModelFile#architecture(LeNet5Config)}. */
    @Override
    public Map<String, String> architecture() {
        return ModelFile.architecture(config);
    }

    /** {@return the layers, in order (softmax excluded)} */
    public List<Layer> layers() {
        return network.layers();
    }

    /** The layers in the order {@link #forward} runs them (see runOrder), for {@link LatencyPredictor}. */
    List<Layer> runLayers() {
        return runOrder.layers();
    }

    /**
     * A model that shares this one's weights but owns its gradients and buffers: one per thread for
     * data-parallel training or concurrent inference.
     */
    @Override
    public LeNet5 replica() {
        return new LeNet5(config, engine, network.replica());
    }

    /** {@return the layer table: every layer's output shape (without the batch) and parameter count} */
    public List<LayerInfo> layerTable() {
        List<LayerInfo> rows = new ArrayList<>();
        int[] shape = {1, config.inChannels(), INPUT_SIZE, INPUT_SIZE};
        for (Layer layer : network.layers()) {
            shape = layer.outputShape(shape);
            int params = 0;
            for (Parameter p : layer.parameters()) {
                params += p.size();
            }
            rows.add(new LayerInfo(layer.name(), stage(layer.name()), withoutBatch(shape), params));
        }
        rows.add(new LayerInfo(softmax.name(), "", withoutBatch(shape), 0));
        return rows;
    }

    private static String stage(String layer) {
        for (int i = 0; i < STAGES.length; i += 2) {
            if (STAGES[i].equals(layer)) {
                return STAGES[i + 1];
            }
        }
        return "";
    }

    private static List<Integer> withoutBatch(int[] shape) {
        List<Integer> dims = new ArrayList<>();
        for (int i = 1; i < shape.length; i++) {
            dims.add(shape[i]);
        }
        return List.copyOf(dims);
    }

    /** {@return the layer table as text: layer, LeNet-5 stage, output shape, parameters, and the total} */
    public String summary() {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                "LeNet-5 (in_channels=%d, num_classes=%d, activation=%s, pooling=%s), engine %s%n",
                config.inChannels(), config.numClasses(), config.activation().id(), config.pooling().id(),
                engine.describe()));
        s.append(String.format(Locale.ROOT, "%-9s %-7s %-12s %8s%n", "layer", "stage", "output", "params"));
        s.append(String.format(Locale.ROOT, "%-9s %-7s %-12s %,8d%n", "input", "",
                config.inChannels() + "x" + INPUT_SIZE + "x" + INPUT_SIZE, 0));
        for (LayerInfo row : layerTable()) {
            String shape = String.join("x", row.output().stream().map(String::valueOf).toList());
            s.append(String.format(Locale.ROOT, "%-9s %-7s %-12s %,8d%n", row.name(), row.stage(), shape, row.params()));
        }
        s.append(String.format(Locale.ROOT, "%-30s %,8d%n", "total", numParameters()));
        return s.toString();
    }
}
