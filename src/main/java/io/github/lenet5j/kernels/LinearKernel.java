package io.github.lenet5j.kernels;

import java.util.Arrays;

/**
 * The fast engine's fully connected layer: {@code Linear}'s three sums as matrix products on {@link Gemm}'s row
 * workspaces, sized once per batch size (the copies in and out cost O(N·I + O·I) against the products' O(N·I·O)).
 * <pre>
 * forward     y = x · Wᵀ + b       Wᵀ kept as rows, refreshed only when W changes
 * backward    dW += gᵀ · x;  db += Σ_n g;  dx = g · W
 * </pre>
 * W is {@code (O, I)} as in the layer. Not thread-safe: one per layer (see {@link #replica()}).
 */
public final class LinearKernel {
    private final int inFeatures;
    private final int outFeatures;
    private float[][] weightRowsT;     // [I][O] Wᵀ
    private float[] transposedFrom;    // [O·I] the W that weightRowsT was made from (null after snapshotWeight)
    private boolean weightSnapshot;    // forward keeps weightRowsT as it is (snapshotWeight)
    private float[][] weightRows;      // [O][I] W
    private float[][] outRows;         // [N][O] y
    private float[][] inputRows;       // [N][I] x
    private float[][] gradInputRows;   // [N][I] dL/dx
    private float[][] gradWeightRows;  // [O][I] dL/dW

    /**
     * The kernels for a layer of {@code inFeatures → outFeatures}.
     *
     * @param inFeatures input features I
     * @param outFeatures output features O
     */
    public LinearKernel(int inFeatures, int outFeatures) {
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
    }

    /**
     * y = x · Wᵀ + b for a batch.
     *
     * @param x the input, {@code (n, inFeatures)}
     * @param n the batch size
     * @param w the weight, {@code (outFeatures, inFeatures)}
     * @param b the bias, {@code (outFeatures)}
     * @param y the output, {@code (n, outFeatures)}, overwritten
     */
    public void forward(float[] x, int n, float[] w, float[] b, float[] y) {
        outRows = Gemm.rows(outRows, n, outFeatures);
        transposeWeightIfChanged(w);
        for (int s = 0; s < n; s++) {
            System.arraycopy(b, 0, outRows[s], 0, outFeatures);
        }
        Gemm.multiplyAdd(n, inFeatures, x, 0, inFeatures, 1, weightRowsT, outRows, outFeatures);   // y [N][O] += x · Wᵀ
        for (int s = 0; s < n; s++) {
            System.arraycopy(outRows[s], 0, y, s * outFeatures, outFeatures);
        }
    }

    /**
     * From now on {@link #forward} uses the weight as it is at this call, without comparing it with its
     * transposed copy at every call: for an inference copy whose weight no longer changes. That comparison
     * reads the weight twice, which at batch 1 costs more than the product itself. Backward still reads the
     * weight itself.
     *
     * @param w the weight, {@code (outFeatures, inFeatures)}
     */
    public void snapshotWeight(float[] w) {
        weightRowsT = null;   // a new array: replicas may still be reading the last snapshot
        transposeWeight(w);
        transposedFrom = null;
        weightSnapshot = true;
    }

    /**
     * Refreshes Wᵀ [I][O] only if W differs from the W it was made from. Training changes W every step
     * (the comparison stops at the first difference); inference does not, and there the transpose was the
     * largest cost of a batch-1 forward. Comparing is a vectorised scan of two arrays (Arrays.equals), far
     * cheaper than the transpose's strided writes, and unlike a version counter it cannot miss a write.
     * After {@link #snapshotWeight}, Wᵀ stays as it is.
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

    /**
     * Back-propagates a batch: gw += gᵀ · x, gb += Σ_n g, gx = g · W.
     *
     * @param x the input of the forward pass, {@code (n, inFeatures)}
     * @param n the batch size
     * @param w the weight, {@code (outFeatures, inFeatures)}
     * @param g dL/dy, {@code (n, outFeatures)}
     * @param gw the weight's gradient, added to
     * @param gb the bias's gradient, added to
     * @param gx dL/dx, {@code (n, inFeatures)}, overwritten; or null (not wanted: no g · W product)
     */
    public void backward(float[] x, int n, float[] w, float[] g, float[] gw, float[] gb, float[] gx) {
        inputRows = Gemm.rows(inputRows, n, inFeatures);
        gradWeightRows = Gemm.rows(gradWeightRows, outFeatures, inFeatures);
        for (int s = 0; s < n; s++) {
            for (int o = 0; o < outFeatures; o++) {
                gb[o] += g[s * outFeatures + o];
            }
            System.arraycopy(x, s * inFeatures, inputRows[s], 0, inFeatures);
        }
        for (int o = 0; o < outFeatures; o++) {
            System.arraycopy(gw, o * inFeatures, gradWeightRows[o], 0, inFeatures);
        }
        Gemm.multiplyAdd(outFeatures, n, g, 0, 1, outFeatures, inputRows, gradWeightRows, inFeatures);  // dW += gᵀ · x
        for (int o = 0; o < outFeatures; o++) {
            System.arraycopy(gradWeightRows[o], 0, gw, o * inFeatures, inFeatures);
        }
        if (gx == null) {
            return;
        }
        gradInputRows = Gemm.rows(gradInputRows, n, inFeatures);
        weightRows = Gemm.rows(weightRows, outFeatures, inFeatures);
        for (int s = 0; s < n; s++) {
            Arrays.fill(gradInputRows[s], 0f);
        }
        for (int o = 0; o < outFeatures; o++) {
            System.arraycopy(w, o * inFeatures, weightRows[o], 0, inFeatures);
        }
        Gemm.multiplyAdd(n, outFeatures, g, 0, outFeatures, 1, weightRows, gradInputRows, inFeatures);  // dx = g · W
        for (int s = 0; s < n; s++) {
            System.arraycopy(gradInputRows[s], 0, gx, s * inFeatures, inFeatures);
        }
    }

    /**
     * {@return kernels for a replica of the layer: their own workspaces, sharing this one's weight snapshot if
     * there is one (it is read-only)}
     */
    public LinearKernel replica() {
        LinearKernel copy = new LinearKernel(inFeatures, outFeatures);
        if (weightSnapshot) {
            copy.weightRowsT = weightRowsT;
            copy.weightSnapshot = true;
        }
        return copy;
    }
}
