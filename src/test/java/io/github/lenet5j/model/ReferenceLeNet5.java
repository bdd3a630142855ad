package io.github.lenet5j.model;

import io.github.lenet5j.nn.Parameter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A double-precision twin of LeNet-5's forward pass, for tests only: the whole-model gradient check takes
 * finite differences of it, which are free of the float noise that would drown a sigmoid net's small input
 * gradients. The float layers' own loops are checked one by one in LayerGradientTest.
 */
final class ReferenceLeNet5 {
    final LeNet5Config config;
    /** The model's parameters as doubles, by PyTorch name; tests perturb these. */
    final Map<String, double[]> params = new LinkedHashMap<>();

    ReferenceLeNet5(LeNet5 model) {
        config = model.config();
        for (Parameter p : model.parameters()) {
            float[] v = p.value().data();
            double[] d = new double[v.length];
            for (int i = 0; i < v.length; i++) {
                d[i] = v[i];
            }
            params.put(p.name(), d);
        }
    }

    /** Logits [n][numClasses] for input [n][C·32·32]. */
    double[][] logits(double[][] input) {
        double[][] out = new double[input.length][];
        for (int s = 0; s < input.length; s++) {
            double[] x = conv(input[s], config.inChannels(), 32, "conv1", 6);
            x = pool(activate(x), 6, 28, "s2");
            x = conv(x, 6, 14, "conv2", 16);
            x = pool(activate(x), 16, 10, "s4");
            x = activate(linear(x, "fc1"));
            x = activate(linear(x, "fc2"));
            out[s] = linear(x, "fc3");
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

    private double[] pool(double[] x, int channels, int size, String name) {
        int out = size / 2;
        double[] y = new double[channels * out * out];
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < out; i++) {
                for (int j = 0; j < out; j++) {
                    int top = (c * size + 2 * i) * size + 2 * j, bottom = top + size;
                    double a = x[top], b = x[top + 1], d = x[bottom], e = x[bottom + 1];
                    y[(c * out + i) * out + j] = switch (config.pooling()) {
                        case MAX -> Math.max(Math.max(a, b), Math.max(d, e));
                        case AVG -> (a + b + d + e) / 4;
                        case SUBSAMPLING -> params.get(name + ".weight")[c] * (a + b + d + e) + params.get(name + ".bias")[c];
                    };
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

    private double[] activate(double[] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = switch (config.activation()) {
                case SIGMOID -> 1 / (1 + Math.exp(-x[i]));
                case RELU -> Math.max(0, x[i]);
                case TANH -> Math.tanh(x[i]);
            };
        }
        return y;
    }
}
