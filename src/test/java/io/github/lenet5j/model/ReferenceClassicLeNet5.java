package io.github.lenet5j.model;

import io.github.lenet5j.nn.Parameter;
import io.github.lenet5j.nn.SparseConv2d;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A double-precision twin of the 1998 LeNet-5's forward pass (C3 read straight from the connection table), for
 * tests only: the whole-model gradient check takes finite differences of it.
 */
final class ReferenceClassicLeNet5 {
    private final int inChannels;
    private final int[][] table = SparseConv2d.lenet5Table();
    private final double[] centers;
    /** The model's parameters as doubles, by name; tests perturb these. */
    final Map<String, double[]> params = new LinkedHashMap<>();

    ReferenceClassicLeNet5(ClassicLeNet5 model) {
        inChannels = model.inChannels();
        for (Parameter p : model.parameters()) {
            params.put(p.name(), toDouble(p.value().data()));
        }
        centers = toDouble(model.buffers().get("rbf.centers").data());
    }

    private static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }

    /** Distances [n][numClasses] for input [n][C·32·32]. */
    double[][] distances(double[][] input) {
        double[][] out = new double[input.length][];
        for (int s = 0; s < input.length; s++) {
            double[] x = squash(conv(input[s], inChannels, 32, "c1", 6));
            x = squash(subsample(x, 6, 28, "s2"));
            x = squash(c3(x));
            x = squash(subsample(x, 16, 10, "s4"));
            x = squash(conv(x, 16, 5, "c5", 120));
            x = squash(linear(x, "f6"));
            out[s] = rbf(x);
        }
        return out;
    }

    private double[] conv(double[] x, int channels, int size, String name, int outChannels) {
        double[] w = params.get(name + ".weight"), b = params.get(name + ".bias");
        int out = size - 4;
        double[] y = new double[outChannels * out * out];
        for (int o = 0; o < outChannels; o++) {
            for (int i = 0; i < out; i++) {
                for (int j = 0; j < out; j++) {
                    double sum = b[o];
                    for (int c = 0; c < channels; c++) {
                        for (int p = 0; p < 5; p++) {
                            for (int q = 0; q < 5; q++) {
                                sum += w[((o * channels + c) * 5 + p) * 5 + q] * x[(c * size + i + p) * size + j + q];
                            }
                        }
                    }
                    y[(o * out + i) * out + j] = sum;
                }
            }
        }
        return y;
    }

    /** C3: kernel number k counts the connected (output, input) pairs in table order. */
    private double[] c3(double[] x) {
        double[] w = params.get("c3.weight"), b = params.get("c3.bias");
        double[] y = new double[16 * 10 * 10];
        int k = 0;
        for (int o = 0; o < 16; o++) {
            for (int i = 0; i < 100; i++) {
                y[o * 100 + i] = b[o];
            }
            for (int c : table[o]) {
                for (int i = 0; i < 10; i++) {
                    for (int j = 0; j < 10; j++) {
                        for (int p = 0; p < 5; p++) {
                            for (int q = 0; q < 5; q++) {
                                y[(o * 10 + i) * 10 + j] += w[(k * 5 + p) * 5 + q] * x[(c * 14 + i + p) * 14 + j + q];
                            }
                        }
                    }
                }
                k++;
            }
        }
        return y;
    }

    private double[] subsample(double[] x, int channels, int size, String name) {
        double[] a = params.get(name + ".weight"), b = params.get(name + ".bias");
        int out = size / 2;
        double[] y = new double[channels * out * out];
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < out; i++) {
                for (int j = 0; j < out; j++) {
                    int top = (c * size + 2 * i) * size + 2 * j, bottom = top + size;
                    y[(c * out + i) * out + j] = a[c] * (x[top] + x[top + 1] + x[bottom] + x[bottom + 1]) + b[c];
                }
            }
        }
        return y;
    }

    private double[] linear(double[] x, String name) {
        double[] w = params.get(name + ".weight"), b = params.get(name + ".bias");
        double[] y = new double[b.length];
        for (int o = 0; o < b.length; o++) {
            double sum = b[o];
            for (int i = 0; i < x.length; i++) {
                sum += w[o * x.length + i] * x[i];
            }
            y[o] = sum;
        }
        return y;
    }

    private double[] rbf(double[] x) {
        double[] y = new double[centers.length / 84];
        for (int k = 0; k < y.length; k++) {
            for (int j = 0; j < 84; j++) {
                y[k] += (x[j] - centers[k * 84 + j]) * (x[j] - centers[k * 84 + j]);
            }
        }
        return y;
    }

    private static double[] squash(double[] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = 1.7159 * Math.tanh(2.0 / 3 * x[i]);
        }
        return y;
    }
}
