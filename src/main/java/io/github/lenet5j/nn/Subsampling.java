package io.github.lenet5j.nn;

import java.util.List;
import java.util.Random;

/**
 * LeNet-5's trainable subsampling (S2, S4): per channel c, the sum of each 2×2 window times a trainable
 * coefficient plus a trainable bias, {@code y = weight[c]·(x₀₀+x₀₁+x₁₀+x₁₁) + bias[c]}. Two parameters
 * per channel: the "2×6 = 12" of S2.
 */
public final class Subsampling extends Pool2x2 {
    private final int channels;
    private final Parameter weight;
    private final Parameter bias;

    /**
     * A subsampling layer over {@code channels} maps; parameters are zero until {@link #initialize(Random)}.
     *
     * @param name the layer's name, e.g. {@code s2}
     * @param channels the number of maps
     */
    public Subsampling(String name, int channels) {
        this(name, channels, new Parameter(name + ".weight", channels), new Parameter(name + ".bias", channels));
    }

    private Subsampling(String name, int channels, Parameter weight, Parameter bias) {
        super(name);
        this.channels = channels;
        this.weight = weight;
        this.bias = bias;
    }

    @Override
    int channels() {
        return channels;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(weight, bias);
    }

    /** Uniform in ±1/√4 = ±0.5: one unit's fan-in is its four window inputs (as the PyTorch twin). */
    @Override
    public void initialize(Random random) {
        Init.uniform(weight.value(), 0.5f, random);
        Init.uniform(bias.value(), 0.5f, random);
    }

    @Override
    void forwardPlane(int channel, float[] x, int xOff, int width, float[] y, int yOff, int outH, int outW) {
        float a = weight.value().data()[channel], b = bias.value().data()[channel];
        for (int i = 0; i < outH; i++) {
            for (int j = 0; j < outW; j++) {
                int top = xOff + 2 * i * width + 2 * j, bottom = top + width;
                y[yOff + i * outW + j] = a * (x[top] + x[top + 1] + x[bottom] + x[bottom + 1]) + b;
            }
        }
    }

    /** dL/dweight[c] = Σ g·window sum;  dL/dbias[c] = Σ g;  dL/dx = weight[c]·g for each window input. */
    @Override
    void backwardPlane(int channel, float[] x, float[] gx, int xOff, int width,
                       float[] g, int gOff, int outH, int outW) {
        float a = weight.value().data()[channel], gradA = 0, gradB = 0;
        for (int i = 0; i < outH; i++) {
            for (int j = 0; j < outW; j++) {
                int top = xOff + 2 * i * width + 2 * j, bottom = top + width;
                float gy = g[gOff + i * outW + j];
                gradA += gy * (x[top] + x[top + 1] + x[bottom] + x[bottom + 1]);
                gradB += gy;
                gx[top] += a * gy;
                gx[top + 1] += a * gy;
                gx[bottom] += a * gy;
                gx[bottom + 1] += a * gy;
            }
        }
        weight.grad().data()[channel] += gradA;
        bias.grad().data()[channel] += gradB;
    }

    /** {@return the coefficient per channel, {@code [channels]}} */
    public Parameter weight() {
        return weight;
    }

    /** {@return the bias per channel, {@code [channels]}} */
    public Parameter bias() {
        return bias;
    }

    @Override
    public Subsampling replica() {
        return new Subsampling(name(), channels, weight.withOwnGradient(), bias.withOwnGradient());
    }
}
