package io.github.lenet5j.nn;

import io.github.lenet5j.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

// The reference loop: the plain loops SparseConv2d had before it ran on Conv2d's kernels, kept as the oracle that
// FastKernelsMatchNaiveTest compares the fast layer with (the table's checks, initialisation and export stay in
// SparseConv2d). Do not optimise it.
/**
 * A convolution (stride 1, no padding) in which output map o reads only the input maps listed in {@code table[o]}:
 * <pre>
 * y[n,o,i,j] = b[o] + Σ_{t} Σ_p Σ_q w[start(o)+t, p, q] · x[n, table[o][t], i+p, j+q]
 * </pre>
 * weight {@code [P, kernel, kernel]} (connected kernels by output map, then input map), bias {@code [outChannels]}.
 */
final class NaiveSparseConv2d implements Layer {
    private final String name;
    private final int inChannels;
    private final int[][] table;
    private final int[] start;
    private final int kernel;
    private final Parameter weight;
    private final Parameter bias;
    private Tensor input;
    private Tensor output;
    private Tensor gradInput;

    static NaiveSparseConv2d lenet5C3(String name) {
        return new NaiveSparseConv2d(name, 6, SparseConv2d.lenet5Table(), 5);
    }

    NaiveSparseConv2d(String name, int inChannels, int[][] table, int kernel) {
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
        this.weight = new Parameter(name + ".weight", kernels, kernel, kernel);
        this.bias = new Parameter(name + ".bias", table.length);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(weight, bias);
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        return new int[] {inputShape[0], table.length, inputShape[2] - kernel + 1, inputShape[3] - kernel + 1};
    }

    @Override
    public Tensor forward(Tensor input) {
        int n = input.dim(0), height = input.dim(2), width = input.dim(3);
        int outH = height - kernel + 1, outW = width - kernel + 1, outC = table.length;
        this.input = input;
        output = new Tensor(n, outC, outH, outW);
        float[] x = input.data(), y = output.data(), w = weight.value().data(), b = bias.value().data();
        for (int s = 0; s < n; s++) {
            for (int o = 0; o < outC; o++) {
                int yBase = (s * outC + o) * outH * outW;
                Arrays.fill(y, yBase, yBase + outH * outW, b[o]);
                for (int t = 0; t < table[o].length; t++) {
                    int xBase = (s * inChannels + table[o][t]) * height * width;
                    int wBase = (start[o] + t) * kernel * kernel;
                    for (int p = 0; p < kernel; p++) {
                        for (int q = 0; q < kernel; q++) {
                            float wv = w[wBase + p * kernel + q];
                            for (int i = 0; i < outH; i++) {
                                int yRow = yBase + i * outW, xRow = xBase + (i + p) * width + q;
                                for (int j = 0; j < outW; j++) {
                                    y[yRow + j] += wv * x[xRow + j];
                                }
                            }
                        }
                    }
                }
            }
        }
        return output;
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        int n = input.dim(0), height = input.dim(2), width = input.dim(3);
        int outH = output.dim(2), outW = output.dim(3), outC = table.length;
        gradInput = new Tensor(input.shape());
        float[] x = input.data(), g = gradOutput.data(), w = weight.value().data();
        float[] gx = gradInput.data(), gw = weight.grad().data(), gb = bias.grad().data();
        for (int s = 0; s < n; s++) {
            for (int o = 0; o < outC; o++) {
                int gBase = (s * outC + o) * outH * outW;
                for (int k = 0; k < outH * outW; k++) {
                    gb[o] += g[gBase + k];
                }
                for (int t = 0; t < table[o].length; t++) {
                    int xBase = (s * inChannels + table[o][t]) * height * width;
                    int wBase = (start[o] + t) * kernel * kernel;
                    for (int p = 0; p < kernel; p++) {
                        for (int q = 0; q < kernel; q++) {
                            float wv = w[wBase + p * kernel + q];
                            for (int i = 0; i < outH; i++) {
                                int gRow = gBase + i * outW, xRow = xBase + (i + p) * width + q;
                                for (int j = 0; j < outW; j++) {
                                    gw[wBase + p * kernel + q] += g[gRow + j] * x[xRow + j];
                                    gx[xRow + j] += wv * g[gRow + j];
                                }
                            }
                        }
                    }
                }
            }
        }
        return gradInput;
    }

    @Override
    public NaiveSparseConv2d replica() {
        throw new UnsupportedOperationException("the oracle has no replicas");
    }
}
