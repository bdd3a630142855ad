package io.github.lenet5j.nn;

import static io.github.lenet5j.tensor.Shapes.ANY;

import io.github.lenet5j.kernels.SparseConvKernel;
import io.github.lenet5j.tensor.Shapes;
import io.github.lenet5j.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A convolution (stride 1, no padding) in which output map o reads only the input maps listed in
 * {@code table[o]}: LeNet-5's C3 with the connection table of the 1998 paper (Table I) as data.
 *
 * <pre>
 * y[n,o,i,j] = b[o] + Σ_{t} Σ_p Σ_q w[start(o)+t, p, q] · x[n, table[o][t], i+p, j+q]
 * </pre>
 * Only connected kernels are stored: weight {@code [P, kernel, kernel]} with P = Σ_o |table[o]| (60 for C3),
 * kernels ordered by output map, then by input map as listed (ascending); bias {@code [outChannels]}.
 * {@link #denseWeight()} gives the equivalent {@code [out, in, k, k]} Conv2d weight with zeros elsewhere.
 *
 * <p>{@link #forward} and {@link #backward} are the reference loops of docs/math.md, which read the table
 * directly; on {@link Engine#FAST} they hand the batch to {@code kernels.SparseConvKernel}, which runs the equivalent
 * dense convolution.
 */
public final class SparseConv2d implements Layer {
    private final String name;
    private final int inChannels;
    private final int[][] table;   // table[o] = the input maps output map o reads, ascending
    private final int[] start;     // start[o] = index of output map o's first kernel in the weight
    private final int kernel;
    private final Parameter weight;
    private final Parameter bias;

    private final SparseConvKernel fast;   // the fast engine's kernels and workspaces; null on the reference engine

    private Tensor input;      // (N, inChannels, H, W), kept for backward
    private Tensor output;     // (N, outChannels, OH, OW)
    private Tensor gradInput;  // (N, inChannels, H, W)

    /**
     * {@return Table I of the 1998 paper: row o lists the S2 maps C3 map o reads} Maps 0–5 read three contiguous
     * maps, 6–11 four contiguous ones, 12–14 four non-contiguous ones, 15 all six. A fresh copy each call.
     */
    public static int[][] lenet5Table() {
        return new int[][] {
            {0, 1, 2}, {1, 2, 3}, {2, 3, 4}, {3, 4, 5}, {0, 4, 5}, {0, 1, 5},
            {0, 1, 2, 3}, {1, 2, 3, 4}, {2, 3, 4, 5}, {0, 3, 4, 5}, {0, 1, 4, 5}, {0, 1, 2, 5},
            {0, 1, 3, 4}, {1, 2, 4, 5}, {0, 2, 3, 5},
            {0, 1, 2, 3, 4, 5}};
    }

    /**
     * LeNet-5's C3: 6 → 16 maps, 5×5 kernels, {@link #lenet5Table()}: 60 kernels, 1,516 parameters.
     *
     * @param name the layer's name, also the prefix of its parameters' names
     * @return a new layer, its parameters zero until {@link #initialize(Random)}
     */
    public static SparseConv2d lenet5C3(String name) {
        return lenet5C3(name, Engine.FAST);
    }

    /**
     * LeNet-5's C3 on the given engine.
     *
     * @param name the layer's name, also the prefix of its parameters' names
     * @param engine the reference loops or the fast kernels
     * @return a new layer, its parameters zero until {@link #initialize(Random)}
     */
    public static SparseConv2d lenet5C3(String name, Engine engine) {
        return new SparseConv2d(name, 6, lenet5Table(), 5, engine);
    }

    /**
     * A sparse convolution; parameters are zero until {@link #initialize(Random)}.
     *
     * @param name the layer's name, also the prefix of its parameters' names
     * @param inChannels the number of input maps
     * @param table one row per output map: the input maps it reads, distinct, ascending, in [0, inChannels); copied
     * @param kernel the kernels' height and width
     * @throws IllegalArgumentException if a size is below 1 or the table is malformed
     */
    public SparseConv2d(String name, int inChannels, int[][] table, int kernel) {
        this(name, inChannels, table, kernel, Engine.FAST);
    }

    /**
     * A sparse convolution on the given engine; parameters are zero until {@link #initialize(Random)}.
     *
     * @param name the layer's name, also the prefix of its parameters' names
     * @param inChannels the number of input maps
     * @param table one row per output map: the input maps it reads, distinct, ascending, in [0, inChannels); copied
     * @param kernel the kernels' height and width
     * @param engine the reference loops or the fast kernels
     * @throws IllegalArgumentException if a size is below 1 or the table is malformed
     */
    public SparseConv2d(String name, int inChannels, int[][] table, int kernel, Engine engine) {
        this(name, inChannels, copyChecked(name, inChannels, table), kernel, null, null, engine);
    }

    private SparseConv2d(String name, int inChannels, int[][] table, int kernel, Parameter weight, Parameter bias,
                         Engine engine) {
        if (inChannels < 1 || kernel < 1) {
            throw new IllegalArgumentException(name + ": inChannels and kernel must be >= 1, got "
                    + inChannels + ", " + kernel);
        }
        this.name = name;
        this.inChannels = inChannels;
        this.table = table;
        this.kernel = kernel;
        this.start = new int[table.length];
        int kernels = 0;
        for (int o = 0; o < table.length; o++) {
            start[o] = kernels;
            kernels += table[o].length;
        }
        this.weight = weight != null ? weight : new Parameter(name + ".weight", kernels, kernel, kernel);
        this.bias = bias != null ? bias : new Parameter(name + ".bias", table.length);
        this.fast = engine == Engine.FAST ? new SparseConvKernel(inChannels, table, kernel) : null;
    }

    private static int[][] copyChecked(String name, int inChannels, int[][] table) {
        if (table.length == 0) {
            throw new IllegalArgumentException(name + ": the connection table needs at least one output map");
        }
        int[][] copy = new int[table.length][];
        for (int o = 0; o < table.length; o++) {
            copy[o] = table[o].clone();
            for (int t = 0; t < copy[o].length; t++) {
                if (copy[o][t] < 0 || copy[o][t] >= inChannels || (t > 0 && copy[o][t] <= copy[o][t - 1])) {
                    throw new IllegalArgumentException(name + ": output map " + o + " reads "
                            + Arrays.toString(copy[o]) + "; expected distinct ascending input maps in [0, "
                            + inChannels + ")");
                }
            }
            if (copy[o].length == 0) {
                throw new IllegalArgumentException(name + ": output map " + o + " reads no input map");
            }
        }
        return copy;
    }

    @Override
    public String name() {
        return name;
    }

    /** {@return the connection table: row o lists the input maps output map o reads (a copy)} */
    public int[][] table() {
        int[][] copy = new int[table.length][];
        for (int o = 0; o < table.length; o++) {
            copy[o] = table[o].clone();
        }
        return copy;
    }

    /**
     * {@return the index in {@link #weight()} of the kernel from input map {@code in} to output map {@code out},
     * or −1 when they are not connected}
     *
     * @param out the output map
     * @param in the input map
     */
    public int kernelIndex(int out, int in) {
        int t = Arrays.binarySearch(table[out], in);
        return t >= 0 ? start[out] + t : -1;
    }

    /** {@return the connected kernels, {@code [P, kernel, kernel]}, ordered by output map then input map} */
    public Parameter weight() {
        return weight;
    }

    /** {@return the bias, {@code [outChannels]}} */
    public Parameter bias() {
        return bias;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(weight, bias);
    }

    /**
     * {@return the equivalent dense Conv2d weight {@code [outChannels, inChannels, kernel, kernel]}: the stored
     * kernels where connected, zeros elsewhere (a new tensor, for export and comparison)}
     */
    public Tensor denseWeight() {
        int area = kernel * kernel;
        Tensor dense = new Tensor(table.length, inChannels, kernel, kernel);
        for (int o = 0; o < table.length; o++) {
            for (int t = 0; t < table[o].length; t++) {
                System.arraycopy(weight.value().data(), (start[o] + t) * area,
                        dense.data(), (o * inChannels + table[o][t]) * area, area);
            }
        }
        return dense;
    }

    /**
     * The 1998 paper's rule: weights and bias of output map o uniform in ±2.4/F_in, F_in = |table[o]|·kernel²
     * (75, 100 or 150 for C3). Drawn in order: all weights by index, then the biases.
     */
    @Override
    public void initialize(Random random) {
        float[] w = weight.value().data(), b = bias.value().data();
        int area = kernel * kernel;
        for (int o = 0; o < table.length; o++) {
            float bound = 2.4f / (table[o].length * area);
            for (int i = start[o] * area; i < (start[o] + table[o].length) * area; i++) {
                w[i] = (float) ((2 * random.nextDouble() - 1) * bound);
            }
        }
        for (int o = 0; o < table.length; o++) {
            b[o] = (float) ((2 * random.nextDouble() - 1) * 2.4f / (table[o].length * area));
        }
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        Shapes.check(name, inputShape, ANY, inChannels, ANY, ANY);
        return new int[] {inputShape[0], table.length, outSize(inputShape[2]), outSize(inputShape[3])};
    }

    /** N·OH·OW outputs per map, map o of |table[o]|·kernel² products: the connected kernels only. */
    @Override
    public long multiplyAdds(int[] inputShape) {
        int[] out = outputShape(inputShape);
        return (long) out[0] * out[2] * out[3] * weight.size();
    }

    // Conv2d's sum over only the input maps that table[o] lists, kernel start[o] + t for the t-th of them:
    //   y[n,o,i,j] = b[o] + Σ_t Σ_p Σ_q w[start[o]+t, p, q] · x[n, table[o][t], i+p, j+q]   docs/math.md#sparseconv2d
    @Override
    public Tensor forward(Tensor input) {
        Shapes.check(name, input, ANY, inChannels, ANY, ANY);
        int n = input.dim(0), height = input.dim(2), width = input.dim(3), outC = table.length;
        int outH = outSize(height), outW = outSize(width);
        this.input = input;
        output = Buffers.reuse(output, n, outC, outH, outW);
        float[] x = input.data();          // (N, C, H, W)
        float[] w = weight.value().data(); // (P, K, K): the connected kernels
        float[] b = bias.value().data();   // (O)
        float[] y = output.data();         // (N, O, OH, OW)
        if (fast != null) { fast.forward(x, n, height, width, w, b, y); return output; }
        for (int s = 0; s < n; s++) {
            for (int o = 0; o < outC; o++) {
                for (int i = 0; i < outH; i++) {
                    for (int j = 0; j < outW; j++) {
                        float sum = b[o];
                        for (int t = 0; t < table[o].length; t++) {
                            int c = table[o][t];
                            for (int p = 0; p < kernel; p++) {
                                for (int q = 0; q < kernel; q++) {
                                    sum += w[((start[o] + t) * kernel + p) * kernel + q]
                                            * x[((s * inChannels + c) * height + i + p) * width + j + q];
                                }
                            }
                        }
                        y[((s * outC + o) * outH + i) * outW + j] = sum;
                    }
                }
            }
        }
        return output;
    }

    // Conv2d's backward over the connected kernels only; an unconnected input map gets nothing from map o.
    //   db[o] += Σ g[n,o,i,j];   dw[start[o]+t,p,q] += Σ g[n,o,i,j] · x[n,table[o][t],i+p,j+q]
    //   dx[n,table[o][t],i+p,j+q] += w[start[o]+t,p,q] · g[n,o,i,j]                      docs/math.md#sparseconv2d
    @Override
    public Tensor backward(Tensor gradOutput) {
        Buffers.checkGradient(name, output, gradOutput);
        int n = input.dim(0), height = input.dim(2), width = input.dim(3), outC = table.length;
        int outH = output.dim(2), outW = output.dim(3);
        gradInput = Buffers.reuseLike(gradInput, input);
        gradInput.zero();
        float[] x = input.data(), gx = gradInput.data();                 // (N, C, H, W)
        float[] w = weight.value().data(), gw = weight.grad().data();    // (P, K, K)
        float[] gb = bias.grad().data();                                 // (O)
        float[] g = gradOutput.data();                                   // (N, O, OH, OW)
        if (fast != null) { fast.backward(x, n, height, width, g, gw, gb, gx); return gradInput; }
        for (int s = 0; s < n; s++) {
            for (int o = 0; o < outC; o++) {
                for (int i = 0; i < outH; i++) {
                    for (int j = 0; j < outW; j++) {
                        float gy = g[((s * outC + o) * outH + i) * outW + j];
                        gb[o] += gy;
                        for (int t = 0; t < table[o].length; t++) {
                            int c = table[o][t];
                            for (int p = 0; p < kernel; p++) {
                                for (int q = 0; q < kernel; q++) {
                                    int wi = ((start[o] + t) * kernel + p) * kernel + q;
                                    int xi = ((s * inChannels + c) * height + i + p) * width + j + q;
                                    gw[wi] += gy * x[xi];
                                    gx[xi] += gy * w[wi];
                                }
                            }
                        }
                    }
                }
            }
        }
        return gradInput;
    }

    private int outSize(int size) {
        if (size < kernel) {
            throw new IllegalArgumentException(name + ": input of " + size + " pixels is smaller than the "
                    + kernel + "x" + kernel + " kernel");
        }
        return size - kernel + 1;
    }

    @Override
    public SparseConv2d replica() {
        return new SparseConv2d(name, inChannels, table, kernel, weight.withOwnGradient(), bias.withOwnGradient(),
                fast != null ? Engine.FAST : Engine.REFERENCE);
    }
}
