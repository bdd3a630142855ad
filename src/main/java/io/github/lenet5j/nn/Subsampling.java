package io.github.lenet5j.nn;

import io.github.lenet5j.kernels.SubsamplingKernel;
import io.github.lenet5j.tensor.Tensor;
import java.util.List;
import java.util.Random;

/**
 * LeNet-5's trainable subsampling (S2, S4): per channel c, the sum of each 2×2 window times a trainable
 * coefficient plus a trainable bias, {@code y = weight[c]·(x₀₀+x₀₁+x₁₀+x₁₁) + bias[c]}. Two parameters
 * per channel: the "2×6 = 12" of S2. {@link #forward} and {@link #backward} are the reference loops of docs/math.md;
 * on {@link Engine#FAST} they hand the batch to {@code kernels.SubsamplingKernel} instead.
 */
public final class Subsampling implements Layer {
    private final String name;
    private final int channels;
    private final Engine engine;
    private final Parameter weight;
    private final Parameter bias;
    private Tensor input;      // (N, C, H, W), kept for backward
    private Tensor output;     // (N, C, H/2, W/2)
    private Tensor gradInput;  // (N, C, H, W)

    /**
     * A subsampling layer over {@code channels} maps on the fast engine; parameters are zero until
     * {@link #initialize(Random)}.
     *
     * @param name the layer's name, e.g. {@code s2}
     * @param channels the number of maps
     */
    public Subsampling(String name, int channels) {
        this(name, channels, Engine.FAST);
    }

    /**
     * A subsampling layer over {@code channels} maps on the given engine; parameters are zero until
     * {@link #initialize(Random)}.
     *
     * @param name the layer's name, e.g. {@code s2}
     * @param channels the number of maps
     * @param engine the reference loops or the fast kernels
     */
    public Subsampling(String name, int channels, Engine engine) {
        this(name, channels, engine, new Parameter(name + ".weight", channels),
                new Parameter(name + ".bias", channels));
    }

    private Subsampling(String name, int channels, Engine engine, Parameter weight, Parameter bias) {
        this.name = name;
        this.channels = channels;
        this.engine = engine;
        this.weight = weight;
        this.bias = bias;
    }

    @Override
    public String name() {
        return name;
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
    public int[] outputShape(int[] inputShape) {
        return Pool2x2.outputShape(name, inputShape, channels);
    }

    // Each output is its window's sum s times the channel's coefficient, plus the channel's bias:
    //   y[n,c,i,j] = a[c] · (x[n,c,2i,2j] + x[n,c,2i,2j+1] + x[n,c,2i+1,2j] + x[n,c,2i+1,2j+1]) + b[c]
    //                                                                                    docs/math.md#subsampling
    @Override
    public Tensor forward(Tensor input) {
        Pool2x2.check(name, input, channels);
        int n = input.dim(0), height = input.dim(2), width = input.dim(3), outH = height / 2, outW = width / 2;
        this.input = input;
        output = Buffers.reuse(output, n, channels, outH, outW);
        float[] x = input.data();          // (N, C, H, W)
        float[] a = weight.value().data(); // (C)
        float[] b = bias.value().data();   // (C)
        float[] y = output.data();         // (N, C, H/2, W/2)
        if (engine == Engine.FAST) {
            SubsamplingKernel.forward(x, n * channels, channels, height, width, a, b, y);
            return output;
        }
        for (int s = 0; s < n; s++) {
            for (int c = 0; c < channels; c++) {
                int plane = s * channels + c;
                for (int i = 0; i < outH; i++) {
                    for (int j = 0; j < outW; j++) {
                        int top = (plane * height + 2 * i) * width + 2 * j, bottom = top + width;
                        y[(plane * outH + i) * outW + j] = a[c] * (x[top] + x[top + 1] + x[bottom] + x[bottom + 1]) + b[c];
                    }
                }
            }
        }
        return output;
    }

    // a[c] and b[c] appear in every output of channel c (∂y/∂a = s, ∂y/∂b = 1); each input in one window (∂y/∂x = a):
    //   da[c] += Σ g[n,c,i,j] · s[n,c,i,j];   db[c] += Σ g[n,c,i,j];   dx[n,c,2i+p,2j+q] = a[c] · g[n,c,i,j]
    // so each dx is written once (an odd last row or column, in no window, stays 0)     docs/math.md#subsampling
    @Override
    public Tensor backward(Tensor gradOutput) {
        Buffers.checkGradient(name, output, gradOutput);
        int n = input.dim(0), height = input.dim(2), width = input.dim(3), outH = height / 2, outW = width / 2;
        gradInput = Buffers.reuseLike(gradInput, input);
        float[] x = input.data(), gx = gradInput.data();                 // (N, C, H, W)
        float[] a = weight.value().data(), ga = weight.grad().data();    // (C)
        float[] gb = bias.grad().data();                                 // (C)
        float[] g = gradOutput.data();                                   // (N, C, H/2, W/2)
        if (engine == Engine.FAST) {   // writes all of gx
            SubsamplingKernel.backward(x, g, n * channels, channels, height, width, a, ga, gb, gx);
            return gradInput;
        }
        gradInput.zero();
        for (int s = 0; s < n; s++) {
            for (int c = 0; c < channels; c++) {
                int plane = s * channels + c;
                float gradA = 0, gradB = 0;   // this map's share, added once
                for (int i = 0; i < outH; i++) {
                    for (int j = 0; j < outW; j++) {
                        int top = (plane * height + 2 * i) * width + 2 * j, bottom = top + width;
                        float gy = g[(plane * outH + i) * outW + j];
                        gradA += gy * (x[top] + x[top + 1] + x[bottom] + x[bottom + 1]);
                        gradB += gy;
                        float dx = a[c] * gy;
                        gx[top] = dx;
                        gx[top + 1] = dx;
                        gx[bottom] = dx;
                        gx[bottom + 1] = dx;
                    }
                }
                ga[c] += gradA;
                gb[c] += gradB;
            }
        }
        return gradInput;
    }

    /**
     * Checks that {@code gradOutput} has the last output's shape, for {@link ConvTanhSubsampling}, whose convolution
     * takes the gradient through this layer itself and adds this layer's parameter gradients.
     */
    void checkGradient(Tensor gradOutput) {
        Buffers.checkGradient(name, output, gradOutput);
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
        return new Subsampling(name, channels, engine, weight.withOwnGradient(), bias.withOwnGradient());
    }
}
