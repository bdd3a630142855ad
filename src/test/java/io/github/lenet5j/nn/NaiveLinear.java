package io.github.lenet5j.nn;

import static io.github.lenet5j.tensor.Shapes.ANY;

import io.github.lenet5j.tensor.Shapes;
import io.github.lenet5j.tensor.Tensor;
import java.util.List;
import java.util.Random;

// The reference loop: the plain implementation Linear had before its GEMM kernels, kept as the oracle that
// FastKernelsMatchNaiveTest compares the fast layer with. Do not optimise it.
/**
 * A fully connected layer, {@code y = x·Wᵀ + b}: input {@code [N, inFeatures]}, weight
 * {@code [outFeatures, inFeatures]} (PyTorch's layout), bias {@code [outFeatures]}.
 */
public final class NaiveLinear implements Layer {
    private final String name;
    private final int inFeatures;
    private final int outFeatures;
    private final Parameter weight;
    private final Parameter bias;

    private Tensor input;      // (N, inFeatures)
    private Tensor output;     // (N, outFeatures)
    private Tensor gradInput;  // (N, inFeatures)

    /** A linear layer; parameters are zero until {@link #initialize(Random)}. */
    public NaiveLinear(String name, int inFeatures, int outFeatures) {
        this(name, inFeatures, outFeatures, new Parameter(name + ".weight", outFeatures, inFeatures),
                new Parameter(name + ".bias", outFeatures));
    }

    private NaiveLinear(String name, int inFeatures, int outFeatures, Parameter weight, Parameter bias) {
        this.name = name;
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        this.weight = weight;
        this.bias = bias;
    }

    @Override
    public String name() {
        return name;
    }

    /** The weight, {@code [outFeatures, inFeatures]}. */
    public Parameter weight() {
        return weight;
    }

    /** The bias, {@code [outFeatures]}. */
    public Parameter bias() {
        return bias;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(weight, bias);
    }

    /** PyTorch's default: weight and bias uniform in ±1/√inFeatures. */
    @Override
    public void initialize(Random random) {
        float bound = (float) (1 / Math.sqrt(inFeatures));
        Init.uniform(weight.value(), bound, random);
        Init.uniform(bias.value(), bound, random);
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        Shapes.check(name, inputShape, ANY, inFeatures);
        return new int[] {inputShape[0], outFeatures};
    }

    /** y[n,o] = b[o] + Σ_i W[o,i]·x[n,i]. */
    @Override
    public Tensor forward(Tensor input) {
        Shapes.check(name, input, ANY, inFeatures);
        int n = input.dim(0);
        this.input = input;
        output = Buffers.reuse(output, n, outFeatures);
        float[] x = input.data(), y = output.data(), w = weight.value().data(), b = bias.value().data();
        for (int s = 0; s < n; s++) {
            for (int o = 0; o < outFeatures; o++) {
                float sum = b[o];
                for (int i = 0; i < inFeatures; i++) {
                    sum += w[o * inFeatures + i] * x[s * inFeatures + i];
                }
                y[s * outFeatures + o] = sum;
            }
        }
        return output;
    }

    /** dL/dW[o,i] += Σ_n g[n,o]·x[n,i];  dL/db[o] += Σ_n g[n,o];  dL/dx[n,i] = Σ_o g[n,o]·W[o,i]. */
    @Override
    public Tensor backward(Tensor gradOutput) {
        Buffers.checkGradient(name, output, gradOutput);
        int n = input.dim(0);
        gradInput = Buffers.reuseLike(gradInput, input);
        gradInput.zero();
        float[] x = input.data(), g = gradOutput.data(), w = weight.value().data();
        float[] gx = gradInput.data(), gw = weight.grad().data(), gb = bias.grad().data();
        for (int s = 0; s < n; s++) {
            for (int o = 0; o < outFeatures; o++) {
                float gy = g[s * outFeatures + o];
                gb[o] += gy;
                for (int i = 0; i < inFeatures; i++) {
                    gw[o * inFeatures + i] += gy * x[s * inFeatures + i];
                    gx[s * inFeatures + i] += gy * w[o * inFeatures + i];
                }
            }
        }
        return gradInput;
    }

    @Override
    public NaiveLinear replica() {
        return new NaiveLinear(name, inFeatures, outFeatures, weight.withOwnGradient(), bias.withOwnGradient());
    }
}
