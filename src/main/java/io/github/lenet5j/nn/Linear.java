package io.github.lenet5j.nn;

import static io.github.lenet5j.tensor.Shapes.ANY;

import io.github.lenet5j.kernels.LinearKernel;
import io.github.lenet5j.tensor.Shapes;
import io.github.lenet5j.tensor.Tensor;
import java.util.List;
import java.util.Random;

/**
 * A fully connected layer, {@code y = x·Wᵀ + b}: input {@code [N, inFeatures]}, weight
 * {@code [outFeatures, inFeatures]} (PyTorch's layout), bias {@code [outFeatures]}. {@link #forward} and
 * {@link #backward} are the reference loops of docs/math.md; on {@link Engine#FAST} they hand the batch to
 * {@code kernels.LinearKernel} instead.
 */
public final class Linear implements Layer {
    private final String name;
    private final int inFeatures;
    private final int outFeatures;
    private final Parameter weight;
    private final Parameter bias;

    private final LinearKernel fast;   // the fast engine's kernels and workspaces; null on the reference engine

    private Tensor input;      // (N, inFeatures)
    private Tensor output;     // (N, outFeatures)
    private Tensor gradInput;  // (N, inFeatures)

    /**
     * A linear layer; parameters are zero until {@link #initialize(Random)}.
     *
     * @param name the layer's name, e.g. {@code fc1}
     * @param inFeatures input features
     * @param outFeatures output features
     */
    public Linear(String name, int inFeatures, int outFeatures) {
        this(name, inFeatures, outFeatures, Engine.FAST);
    }

    /**
     * A linear layer on the given engine; parameters are zero until {@link #initialize(Random)}.
     *
     * @param name the layer's name, e.g. {@code fc1}
     * @param inFeatures input features
     * @param outFeatures output features
     * @param engine the reference loops or the fast kernels
     */
    public Linear(String name, int inFeatures, int outFeatures, Engine engine) {
        this(name, inFeatures, outFeatures, new Parameter(name + ".weight", outFeatures, inFeatures),
                new Parameter(name + ".bias", outFeatures),
                engine == Engine.FAST ? new LinearKernel(inFeatures, outFeatures) : null);
    }

    private Linear(String name, int inFeatures, int outFeatures, Parameter weight, Parameter bias, LinearKernel fast) {
        this.name = name;
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        this.weight = weight;
        this.bias = bias;
        this.fast = fast;
    }

    @Override
    public String name() {
        return name;
    }

    /** {@return the input features} */
    public int inFeatures() {
        return inFeatures;
    }

    /** {@return the output features} */
    public int outFeatures() {
        return outFeatures;
    }

    /** {@return the weight, {@code [outFeatures, inFeatures]}} */
    public Parameter weight() {
        return weight;
    }

    /** {@return the bias, {@code [outFeatures]}} */
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

    /** N·outFeatures outputs of inFeatures products each. */
    @Override
    public long multiplyAdds(int[] inputShape) {
        return (long) outputShape(inputShape)[0] * outFeatures * inFeatures;
    }

    // Each output is its bias plus the dot product of its row of W with the input:
    //   y[n,o] = b[o] + Σ_i W[o,i] · x[n,i]          y = x·Wᵀ + b                    docs/math.md#linear
    @Override
    public Tensor forward(Tensor input) {
        Shapes.check(name, input, ANY, inFeatures);
        int n = input.dim(0);
        this.input = input;
        output = Buffers.reuse(output, n, outFeatures);
        float[] x = input.data();          // (N, I)
        float[] w = weight.value().data(); // (O, I)
        float[] b = bias.value().data();   // (O)
        float[] y = output.data();         // (N, O)
        if (fast != null) { fast.forward(x, n, w, b, y); return output; }
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

    // W[o,i] meets x[n,i] in output y[n,o] of every sample; x[n,i] meets every row of W:
    //   dW[o,i] += Σ_n g[n,o] · x[n,i];   db[o] += Σ_n g[n,o];   dx[n,i] = Σ_o g[n,o] · W[o,i]   docs/math.md#linear
    @Override
    public Tensor backward(Tensor gradOutput) {
        Buffers.checkGradient(name, output, gradOutput);
        int n = input.dim(0);
        gradInput = Buffers.reuseLike(gradInput, input);
        float[] x = input.data(), gx = gradInput.data();                 // (N, I)
        float[] w = weight.value().data(), gw = weight.grad().data();    // (O, I)
        float[] gb = bias.grad().data();                                 // (O)
        float[] g = gradOutput.data();                                   // (N, O)
        if (fast != null) { fast.backward(x, n, w, g, gw, gb, gx); return gradInput; }
        gradInput.zero();
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

    /**
     * For an inference copy whose weight no longer changes, such as a predictor's snapshot: from now on the fast
     * engine's {@link #forward} uses the weight as it is at this call, without checking it for changes at every
     * call (at batch 1 that check costs more than the product). Later writes to the weight are not seen by
     * forward (backward, which training uses, still reads the weight itself). A {@link #replica()} shares the
     * snapshot. The reference engine reads the weight at every call: nothing to do.
     */
    public void snapshotWeight() {
        if (fast != null) {
            fast.snapshotWeight(weight.value().data());
        }
    }

    @Override
    public Linear replica() {
        return new Linear(name, inFeatures, outFeatures, weight.withOwnGradient(), bias.withOwnGradient(),
                fast != null ? fast.replica() : null);
    }
}
