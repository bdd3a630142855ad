package io.github.lenet5j.nn;

import static io.github.lenet5j.tensor.Shapes.ANY;

import io.github.lenet5j.tensor.Shapes;
import io.github.lenet5j.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A fully connected layer, {@code y = x·Wᵀ + b}: input {@code [N, inFeatures]}, weight
 * {@code [outFeatures, inFeatures]} (PyTorch's layout), bias {@code [outFeatures]}.
 */
public final class Linear implements Layer {
    private final String name;
    private final int inFeatures;
    private final int outFeatures;
    private final Parameter weight;
    private final Parameter bias;

    private Tensor input;      // (N, inFeatures)
    private Tensor output;     // (N, outFeatures)
    private Tensor gradInput;  // (N, inFeatures)
    // Gemm's row workspaces, sized once per batch size: copies in and out cost O(N·I + O·I) against O(N·I·O)
    private float[][] weightRowsT;     // [I][O] Wᵀ
    private float[] transposedFrom;    // [O·I] the W that weightRowsT was made from (null after snapshotWeight)
    private boolean weightSnapshot;    // forward keeps weightRowsT as it is (snapshotWeight)
    private float[][] weightRows;      // [O][I] W
    private float[][] outRows;         // [N][O] y
    private float[][] inputRows;       // [N][I] x
    private float[][] gradInputRows;   // [N][I] dL/dx
    private float[][] gradWeightRows;  // [O][I] dL/dW

    /**
     * A linear layer; parameters are zero until {@link #initialize(Random)}.
     *
     * @param name the layer's name, e.g. {@code fc1}
     * @param inFeatures input features
     * @param outFeatures output features
     */
    public Linear(String name, int inFeatures, int outFeatures) {
        this(name, inFeatures, outFeatures, new Parameter(name + ".weight", outFeatures, inFeatures),
                new Parameter(name + ".bias", outFeatures));
    }

    private Linear(String name, int inFeatures, int outFeatures, Parameter weight, Parameter bias) {
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

    /** y[n,o] = b[o] + Σ_i W[o,i]·x[n,i]. */
    @Override
    public Tensor forward(Tensor input) {
        Shapes.check(name, input, ANY, inFeatures);
        int n = input.dim(0);
        this.input = input;
        output = Buffers.reuse(output, n, outFeatures);
        float[] x = input.data(), y = output.data(), w = weight.value().data(), b = bias.value().data();
        outRows = Gemm.rows(outRows, n, outFeatures);
        transposeWeightIfChanged(w);
        for (int s = 0; s < n; s++) {
            System.arraycopy(b, 0, outRows[s], 0, outFeatures);
        }
        Gemm.multiplyAdd(n, inFeatures, x, 0, inFeatures, 1, weightRowsT, outRows, outFeatures);   // y [N][O] += x · Wᵀ
        for (int s = 0; s < n; s++) {
            System.arraycopy(outRows[s], 0, y, s * outFeatures, outFeatures);
        }
        return output;
    }

    /**
     * For an inference copy whose weight no longer changes, such as a predictor's snapshot: from now on
     * {@link #forward} uses the weight as it is at this call, without comparing it with its transposed copy at
     * every call. That comparison reads the weight twice, which at batch 1 costs more than the product itself
     * (fc1: ~6 of 9 µs an image). Later writes to the weight are not seen by forward (backward, which
     * training uses, still reads the weight itself). A {@link #replica()} shares the snapshot.
     */
    public void snapshotWeight() {
        weightRowsT = null;   // a new array: replicas may still be reading the last snapshot
        transposeWeight(weight.value().data());
        transposedFrom = null;
        weightSnapshot = true;
    }

    /**
     * Refreshes Wᵀ [I][O] only if W differs from the W it was made from. Training changes W every step
     * (the comparison stops at the first difference); inference does not, and there the transpose was the
     * largest cost of a batch-1 forward. Comparing is a vectorised scan of two arrays (Arrays.equals), far
     * cheaper than the transpose's strided writes, and unlike a version counter it cannot miss a write.
     * After {@link #snapshotWeight()}, Wᵀ stays as it is.
     */
    private void transposeWeightIfChanged(float[] w) {
        if (weightSnapshot || weightRowsT != null && Arrays.equals(w, transposedFrom)) {
            return;
        }
        transposeWeight(w);
        if (transposedFrom == null) {
            transposedFrom = new float[w.length];
        }
        System.arraycopy(w, 0, transposedFrom, 0, w.length);
    }

    private void transposeWeight(float[] w) {
        weightRowsT = Gemm.rows(weightRowsT, inFeatures, outFeatures);
        for (int o = 0; o < outFeatures; o++) {
            for (int i = 0; i < inFeatures; i++) {
                weightRowsT[i][o] = w[o * inFeatures + i];
            }
        }
    }

    /** dL/dW[o,i] += Σ_n g[n,o]·x[n,i];  dL/db[o] += Σ_n g[n,o];  dL/dx[n,i] = Σ_o g[n,o]·W[o,i]. */
    @Override
    public Tensor backward(Tensor gradOutput) {
        Buffers.checkGradient(name, output, gradOutput);
        int n = input.dim(0);
        gradInput = Buffers.reuseLike(gradInput, input);
        float[] x = input.data(), g = gradOutput.data(), w = weight.value().data();
        float[] gx = gradInput.data(), gw = weight.grad().data(), gb = bias.grad().data();
        inputRows = Gemm.rows(inputRows, n, inFeatures);
        gradInputRows = Gemm.rows(gradInputRows, n, inFeatures);
        weightRows = Gemm.rows(weightRows, outFeatures, inFeatures);
        gradWeightRows = Gemm.rows(gradWeightRows, outFeatures, inFeatures);
        for (int s = 0; s < n; s++) {
            for (int o = 0; o < outFeatures; o++) {
                gb[o] += g[s * outFeatures + o];
            }
            System.arraycopy(x, s * inFeatures, inputRows[s], 0, inFeatures);
            Arrays.fill(gradInputRows[s], 0f);
        }
        for (int o = 0; o < outFeatures; o++) {
            System.arraycopy(w, o * inFeatures, weightRows[o], 0, inFeatures);
            System.arraycopy(gw, o * inFeatures, gradWeightRows[o], 0, inFeatures);
        }
        Gemm.multiplyAdd(outFeatures, n, g, 0, 1, outFeatures, inputRows, gradWeightRows, inFeatures);  // dW += gᵀ · x
        Gemm.multiplyAdd(n, outFeatures, g, 0, outFeatures, 1, weightRows, gradInputRows, inFeatures);  // dx = g · W
        for (int o = 0; o < outFeatures; o++) {
            System.arraycopy(gradWeightRows[o], 0, gw, o * inFeatures, inFeatures);
        }
        for (int s = 0; s < n; s++) {
            System.arraycopy(gradInputRows[s], 0, gx, s * inFeatures, inFeatures);
        }
        return gradInput;
    }

    @Override
    public Linear replica() {
        Linear copy = new Linear(name, inFeatures, outFeatures, weight.withOwnGradient(), bias.withOwnGradient());
        if (weightSnapshot) {   // read-only from now on, so the copies can share it
            copy.weightRowsT = weightRowsT;
            copy.weightSnapshot = true;
        }
        return copy;
    }
}
