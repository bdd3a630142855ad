package io.github.lenet5j.onnx;

import static io.github.lenet5j.onnx.OnnxGraph.integer;
import static io.github.lenet5j.onnx.OnnxGraph.integers;

import io.github.lenet5j.io.AtomicFile;
import io.github.lenet5j.model.Activation;
import io.github.lenet5j.model.ClassicLeNet5;
import io.github.lenet5j.model.Classifier;
import io.github.lenet5j.model.LeNet5;
import io.github.lenet5j.model.LeNet5Config;
import io.github.lenet5j.model.ModelFile;
import io.github.lenet5j.model.Pooling;
import io.github.lenet5j.nn.Layer;
import io.github.lenet5j.nn.Parameter;
import io.github.lenet5j.nn.SparseConv2d;
import io.github.lenet5j.nn.Tanh;
import io.github.lenet5j.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a lenet5j model as an ONNX file ({@code ModelProto}, {@link #IR_VERSION IR version 8},
 * {@link #OPSET opset 17} of the default domain) that ONNX Runtime, onnxruntime-web, Netron and other ONNX tools
 * load. No dependency: the protobuf encoding is written by hand ({@link ProtoWriter}).
 *
 * <p>The graph has one input, {@code input [batch, C, 32, 32]} (float, prepared as the model's own forward takes
 * it), and two outputs, both {@code [batch, K]}:
 * <ul>
 *   <li>{@link LeNet5}: {@code logits} (fc3) and {@code probabilities} = softmax(logits), as {@link LeNet5#forward};</li>
 *   <li>{@link ClassicLeNet5}: {@code distances}, the RBF units' squared Euclidean distances (the smallest wins),
 *   as {@link ClassicLeNet5#forward}, and {@code probabilities} = softmax(−distances), which lenet5j does not
 *   compute itself: the posterior of the 1998 paper's loss ({@link io.github.lenet5j.loss.RbfMapLoss}) without
 *   its "rubbish class", so that its largest is the smallest distance.</li>
 * </ul>
 * Weights are initializers under their {@code state_dict} names ({@code conv1.weight}, ...), read by name from
 * {@link Classifier#parameters()}. Where ONNX needs another shape, the values are the same: a subsampling layer's
 * {@code s2.weight} and {@code s2.bias} are {@code [C, 1, 1]} (to broadcast over the maps), and the classic C3's
 * {@code c3.weight} is the dense {@code [16, 6, 5, 5]} kernel whose 36 unconnected 5×5 kernels are zero.
 * docs/interop.md lists every node.
 *
 * <p>The file's {@code metadata_props} are the metadata the model's safetensors file records
 * ({@link ModelFile#metadata(io.github.lenet5j.model.Classifier, List, io.github.lenet5j.data.Preprocessing)}): the architecture, the class
 * names and how a picture becomes the input ({@code preprocessing}, a JSON object), under the same keys.
 * The same model and metadata always give the same bytes.
 */
public final class OnnxExport {
    /** The ONNX IR version of the files written (defined by ONNX 1.10). */
    public static final int IR_VERSION = 8;
    /**
     * The version of the default operator set ({@code ai.onnx}) the graph uses (defined by ONNX 1.12; ONNX Runtime
     * runs it since 1.12).
     */
    public static final int OPSET = 17;
    /** The name of the graph input. */
    public static final String INPUT = "input";
    /** The name of {@link LeNet5}'s first output. */
    public static final String LOGITS = "logits";
    /** The name of {@link ClassicLeNet5}'s first output. */
    public static final String DISTANCES = "distances";
    /** The name of the second output of both networks. */
    public static final String PROBABILITIES = "probabilities";

    private static final String PRODUCER = "lenet5j";
    private static final int SIDE = LeNet5.INPUT_SIZE;

    private OnnxExport() {
    }

    /**
     * The ONNX file of a model.
     *
     * @param model the model
     * @param metadata what the model's file records: {@link ModelFile#metadata(io.github.lenet5j.model.Classifier, List)}
     * @return the file's bytes
     * @throws IllegalArgumentException if the metadata describes another architecture
     */
    public static byte[] toBytes(LeNet5 model, Map<String, String> metadata) {
        checkDescribes(metadata, ModelFile.metadata(model, List.of()));
        LeNet5Config c = model.config();
        OnnxGraph g = new OnnxGraph("lenet5");
        g.input(INPUT, c.inChannels(), SIDE, SIDE);
        String x = conv(g, model, "conv1", INPUT);
        x = pool(g, model, c.pooling(), "s2", activation(g, c.activation(), "act1", x));
        x = conv(g, model, "conv2", x);
        x = pool(g, model, c.pooling(), "s4", activation(g, c.activation(), "act2", x));
        x = g.node("Flatten", "flatten", "flatten", List.of(x), integer("axis", 1));
        x = activation(g, c.activation(), "act3", linear(g, model, "fc1", "fc1", x));
        x = activation(g, c.activation(), "act4", linear(g, model, "fc2", "fc2", x));
        String logits = linear(g, model, "fc3", LOGITS, x);
        g.node("Softmax", "softmax", PROBABILITIES, List.of(logits), integer("axis", 1));
        g.output(LOGITS, c.numClasses());
        g.output(PROBABILITIES, c.numClasses());
        String doc = String.format(Locale.ROOT, "LeNet-5 (in_channels=%d, num_classes=%d, activation=%s, pooling=%s),"
                + " exported by lenet5j. Input '%s' [N, %d, 32, 32]: the images as lenet5j's LeNet5.forward takes them."
                + " Outputs '%s' [N, %d] and '%s' = softmax(logits).", c.inChannels(), c.numClasses(),
                c.activation().id(), c.pooling().id(), INPUT, c.inChannels(), LOGITS, c.numClasses(), PROBABILITIES);
        return g.model(IR_VERSION, OPSET, PRODUCER, doc, metadata);
    }

    /**
     * The ONNX file of a 1998 model.
     *
     * @param model the model
     * @param metadata what the model's file records: {@link ModelFile#metadata(io.github.lenet5j.model.Classifier, List)}
     * @return the file's bytes
     * @throws IllegalArgumentException if the metadata describes another architecture
     */
    public static byte[] toBytes(ClassicLeNet5 model, Map<String, String> metadata) {
        checkDescribes(metadata, ModelFile.metadata(model, List.of()));
        OnnxGraph g = new OnnxGraph("classic-lenet5");
        g.input(INPUT, model.inChannels(), SIDE, SIDE);
        g.initializer("lecun_slope", new float[] {Tanh.LECUN_SLOPE});
        g.initializer("lecun_amplitude", new float[] {Tanh.LECUN_AMPLITUDE});
        String x = scaledTanh(g, "act1", conv(g, model, "c1", INPUT));
        x = scaledTanh(g, "act2", subsampling(g, model, "s2", x));
        x = scaledTanh(g, "act3", convolution(g, "c3", x, tensor(g, "c3.weight", c3DenseWeight(model)),
                parameter(g, model, "c3.bias")));
        x = scaledTanh(g, "act4", subsampling(g, model, "s4", x));
        x = scaledTanh(g, "act5", conv(g, model, "c5", x));
        x = g.node("Flatten", "flatten", "flatten", List.of(x), integer("axis", 1));
        x = scaledTanh(g, "act6", linear(g, model, "f6", "f6", x));
        String distances = rbf(g, model, x);
        String negated = g.node("Neg", "rbf.negate", "rbf.negated", List.of(distances));
        g.node("Softmax", "softmax", PROBABILITIES, List.of(negated), integer("axis", 1));
        g.output(DISTANCES, model.numClasses());
        g.output(PROBABILITIES, model.numClasses());
        String doc = String.format(Locale.ROOT, "LeNet-5 as in the 1998 paper (in_channels=%d, num_classes=%d: scaled"
                + " tanh, trainable subsampling, sparse C3, RBF output), exported by lenet5j. Input '%s' [N, %d, 32, 32]:"
                + " pixels scaled as ClassicLeNet5.scaleInput (background -0.1, ink 1.175). Outputs '%s' [N, %d], the"
                + " squared distance to each class's code (the smallest is the prediction), and '%s' ="
                + " softmax(-distances).", model.inChannels(), model.numClasses(), INPUT, model.inChannels(),
                DISTANCES, model.numClasses(), PROBABILITIES);
        return g.model(IR_VERSION, OPSET, PRODUCER, doc, metadata);
    }

    /**
     * Writes a model's ONNX file atomically (a failed write leaves the previous file as it was).
     *
     * @param model the model
     * @param metadata what the model's file records: {@link ModelFile#metadata(io.github.lenet5j.model.Classifier, List)}
     * @param file the file to write
     * @throws IOException if the file cannot be written
     * @throws IllegalArgumentException if the metadata describes another architecture
     */
    public static void save(LeNet5 model, Map<String, String> metadata, Path file) throws IOException {
        byte[] bytes = toBytes(model, metadata);
        AtomicFile.write(file, out -> out.write(bytes));
    }

    /**
     * Writes a 1998 model's ONNX file atomically (a failed write leaves the previous file as it was).
     *
     * @param model the model
     * @param metadata what the model's file records: {@link ModelFile#metadata(io.github.lenet5j.model.Classifier, List)}
     * @param file the file to write
     * @throws IOException if the file cannot be written
     * @throws IllegalArgumentException if the metadata describes another architecture
     */
    public static void save(ClassicLeNet5 model, Map<String, String> metadata, Path file) throws IOException {
        byte[] bytes = toBytes(model, metadata);
        AtomicFile.write(file, out -> out.write(bytes));
    }

    /** Every entry the model's own metadata has must be in {@code metadata}, with the same value. */
    private static void checkDescribes(Map<String, String> metadata, Map<String, String> model) {
        for (Map.Entry<String, String> e : model.entrySet()) {
            if (e.getKey().equals(ModelFile.PREPROCESSING)) {   // how pictures are prepared: any, for the same weights
                continue;
            }
            if (!e.getValue().equals(metadata.get(e.getKey()))) {
                throw new IllegalArgumentException("the metadata does not describe the model: " + e.getKey() + " is "
                        + (metadata.containsKey(e.getKey()) ? "'" + metadata.get(e.getKey()) + "'" : "missing")
                        + ", the model's is '" + e.getValue() + "'");
            }
        }
    }

    /** The parameter {@code name} of the model as an initializer of the same name and shape. */
    private static String parameter(OnnxGraph g, Classifier model, String name) {
        return tensor(g, name, model.parameter(name).value());
    }

    private static String tensor(OnnxGraph g, String name, Tensor value) {
        return g.initializer(name, value.data(), value.shape());
    }

    /** Conv {@code layer}: {@code layer.weight [out, in, 5, 5]}, {@code layer.bias [out]}, stride 1, no padding. */
    private static String conv(OnnxGraph g, Classifier model, String layer, String x) {
        return convolution(g, layer, x, parameter(g, model, layer + ".weight"), parameter(g, model, layer + ".bias"));
    }

    private static String convolution(OnnxGraph g, String layer, String x, String weight, String bias) {
        return g.node("Conv", layer, layer, List.of(x, weight, bias), integers("kernel_shape", 5, 5));
    }

    /** Linear {@code layer} as Gemm: x·weightᵀ + bias, with PyTorch's {@code [out, in]} weight (transB = 1). */
    private static String linear(OnnxGraph g, Classifier model, String layer, String output, String x) {
        return g.node("Gemm", layer, output, List.of(x, parameter(g, model, layer + ".weight"),
                parameter(g, model, layer + ".bias")), integer("transB", 1));
    }

    private static String activation(OnnxGraph g, Activation activation, String name, String x) {
        String op = switch (activation) {
            case SIGMOID -> "Sigmoid";
            case RELU -> "Relu";
            case TANH -> "Tanh";
        };
        return g.node(op, name, name, List.of(x));
    }

    /** LeCun's f(a) = 1.7159·tanh(2a/3) as Mul · Tanh · Mul. */
    private static String scaledTanh(OnnxGraph g, String name, String x) {
        String in = g.node("Mul", name + ".slope", name + ".in", List.of(x, "lecun_slope"));
        String tanh = g.node("Tanh", name + ".tanh", name + ".tanh", List.of(in));
        return g.node("Mul", name + ".amplitude", name, List.of(tanh, "lecun_amplitude"));
    }

    private static String pool(OnnxGraph g, Classifier model, Pooling pooling, String layer, String x) {
        return switch (pooling) {
            case MAX -> g.node("MaxPool", layer, layer, List.of(x), integers("kernel_shape", 2, 2), integers("strides", 2, 2));
            case AVG -> g.node("AveragePool", layer, layer, List.of(x), integers("kernel_shape", 2, 2), integers("strides", 2, 2));
            case SUBSAMPLING -> subsampling(g, model, layer, x);
        };
    }

    /**
     * lenet5j's trainable subsampling, weight[c]·(sum of the 2×2 window) + bias[c], as AveragePool (the window's
     * mean), Mul by 4 (its sum: exact in floating point), Mul by the weight and Add the bias, both {@code [C, 1, 1]}.
     */
    private static String subsampling(OnnxGraph g, Classifier model, String layer, String x) {
        String mean = g.node("AveragePool", layer + ".mean", layer + ".mean", List.of(x),
                integers("kernel_shape", 2, 2), integers("strides", 2, 2));
        String four = g.initializer(layer + ".window_size", new float[] {4f});
        String sum = g.node("Mul", layer + ".sum", layer + ".sum", List.of(mean, four));
        String scaled = g.node("Mul", layer + ".scale", layer + ".scaled", List.of(sum, perMap(g, model, layer + ".weight")));
        return g.node("Add", layer + ".shift", layer, List.of(scaled, perMap(g, model, layer + ".bias")));
    }

    /** A per-map parameter {@code [C]} as an initializer {@code [C, 1, 1]}: the same values, broadcast over a map. */
    private static String perMap(OnnxGraph g, Classifier model, String name) {
        Parameter p = model.parameter(name);
        return g.initializer(name, p.value().data(), p.size(), 1, 1);
    }

    /** The classic C3's 60 connected kernels in a dense {@code [16, 6, 5, 5]} kernel, zeros where not connected. */
    private static Tensor c3DenseWeight(ClassicLeNet5 model) {
        for (Layer layer : model.layers()) {
            if (layer.name().equals("c3") && layer instanceof SparseConv2d c3) {
                return c3.denseWeight();
            }
        }
        throw new IllegalStateException("ClassicLeNet5 has no sparse convolution named c3");
    }

    /**
     * The RBF output, {@code distances[n,k] = Σ_j (x[n,j] − centers[k,j])²}: x {@code [N, 84]} unsqueezed to
     * {@code [N, 1, 84]}, minus the centers {@code [K, 84]} (broadcast to {@code [N, K, 84]}), squared, summed over
     * the last axis.
     */
    private static String rbf(OnnxGraph g, ClassicLeNet5 model, String x) {
        String codes = tensor(g, "rbf.centers", model.buffers().get("rbf.centers"));
        String column = g.node("Unsqueeze", "rbf.unsqueeze", "rbf.input", List.of(x,
                g.initializer("rbf.unsqueeze_axes", new long[] {1}, 1)));
        String difference = g.node("Sub", "rbf.subtract", "rbf.difference", List.of(column, codes));
        String squared = g.node("Mul", "rbf.square", "rbf.squared", List.of(difference, difference));
        return g.node("ReduceSum", "rbf", DISTANCES, List.of(squared, g.initializer("rbf.sum_axes", new long[] {2}, 1)),
                integer("keepdims", 0));
    }
}
