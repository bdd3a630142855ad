package io.github.lenet5j.kernels;

import java.util.Arrays;

/**
 * The fast engine's fully connected layer: {@code Linear}'s three sums as matrix products on {@link Gemm}'s row
 * workspaces, sized once per batch size (the copies in and out cost O(N·I + O·I) against the products' O(N·I·O)).
 * <pre>
 * forward     y = x · Wᵀ + b       Wᵀ kept as rows while W stays the same;
 *             yᵀ = W · xᵀ + b      when W changed since the last call (training): xᵀ and yᵀ are smaller than Wᵀ;
 *                                  on the scalar kernels for an unchanged W and a batch of 200 or more
 * backward    dW += gᵀ · x;  db += Σ_n g;  dx = g · W
 * </pre>
 * W is {@code (O, I)} as in the layer. Not thread-safe: one per layer (see {@link #replica()}).
 */
public final class LinearKernel {
    // the scalar kernels' inference takes yᵀ = W·xᵀ from this batch size: rows of C as long as the batch
    // vectorise better than rows of outFeatures (docs/performance-rounds.md, round 19)
    private static final int SCALAR_TRANSPOSED_BATCH = 200;
    private final int inFeatures;
    private final int outFeatures;
    private float[][] weightRowsT;     // [I][O] Wᵀ, of the W of the last forward when transposed is true
    private LastWeight lastWeight = new LastWeight();   // the W of the last forward (forgotten at snapshotWeight)
    private boolean transposed;        // weightRowsT holds the W of the last forward transposed
    private boolean weightSnapshot;    // forward keeps weightRowsT as it is (snapshotWeight)
    private float[][] weightRows;      // [O][I] W
    private float[][] outRows;         // [N][O] y
    private float[][] inputRowsT;      // [I][N] xᵀ
    private float[][] outRowsT;        // [O][N] yᵀ
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
        boolean changed = !weightSnapshot && lastWeight.changed(w);   // training: every step; inference: never
        if (changed) {
            transposed = false;
        }
        if (changed && Kernels.VECTOR && n * (inFeatures + outFeatures) < inFeatures * outFeatures
                || !changed && !Kernels.VECTOR && n >= SCALAR_TRANSPOSED_BATCH) {
            forwardTransposed(x, n, w, b, y);
            return;
        }
        if (!transposed) {
            weightRowsT = transposedRows(w, outFeatures, inFeatures, weightRowsT);
            transposed = true;
        }
        outRows = Gemm.rows(outRows, n, outFeatures);
        for (int s = 0; s < n; s++) {
            System.arraycopy(b, 0, outRows[s], 0, outFeatures);
        }
        Gemm.multiplyAdd(n, inFeatures, x, 0, inFeatures, 1, weightRowsT, outRows, outFeatures);   // y [N][O] += x · Wᵀ
        for (int s = 0; s < n; s++) {
            System.arraycopy(outRows[s], 0, y, s * outFeatures, outFeatures);
        }
    }

    /**
     * yᵀ = W · xᵀ + b, for a W that changed since the last call (every training step): transposing x in and y out
     * copies N·(I + O) values instead of Wᵀ's O·I. Each y[s][o] is b[o] plus the same products in the same order
     * as {@code x · Wᵀ}'s (A and B trade places in each multiply-add): the same bits. On the vector kernels; on the
     * scalar kernels only for an unchanged W (inference) and at least {@code SCALAR_TRANSPOSED_BATCH} images: their
     * auto-vectorised loop runs along rows of C, here N long, and at a training batch of 64 lost more than the
     * transpose saved (docs/performance-rounds.md, round 16); rows of 250 or 1000 gain (round 19).
     */
    private void forwardTransposed(float[] x, int n, float[] w, float[] b, float[] y) {
        inputRowsT = transposedRows(x, n, inFeatures, inputRowsT);
        outRowsT = Gemm.rows(outRowsT, outFeatures, n);
        // yᵀ [O][N] = b + W · xᵀ
        Gemm.multiplyFromBias(outFeatures, inFeatures, w, 0, inFeatures, 1, inputRowsT, outRowsT, n, b);
        for (int o = 0; o < outFeatures; o++) {
            float[] row = outRowsT[o];
            for (int s = 0; s < n; s++) {
                y[s * outFeatures + o] = row[s];
            }
        }
    }

    /**
     * From now on {@link #forward} uses the weight as it is at this call, without comparing it with the weight of
     * the call before at every call: for an inference copy whose weight no longer changes. That comparison
     * reads the weight twice, which at batch 1 costs more than the product itself. Backward still reads the
     * weight itself.
     *
     * @param w the weight, {@code (outFeatures, inFeatures)}
     */
    public void snapshotWeight(float[] w) {
        weightRowsT = transposedRows(w, outFeatures, inFeatures, null);   // new: replicas may read the last snapshot
        lastWeight = new LastWeight();
        transposed = true;
        weightSnapshot = true;
    }

    /**
     * {@return the flat {@code (rows × columns)} matrix a transposed, as rows} ({@code t[j][i] = a[i·columns + j]}),
     * in {@code current} if it is {@code [columns][rows]} (see {@link Gemm#rows}). Wᵀ, and xᵀ for the forward above.
     */
    private static float[][] transposedRows(float[] a, int rows, int columns, float[][] current) {
        float[][] t = Gemm.rows(current, columns, rows);
        for (int j = 0; j < columns; j++) {
            float[] row = t[j];
            for (int i = 0; i < rows; i++) {
                row[i] = a[i * columns + j];
            }
        }
        return t;
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
            copy.transposed = true;
            copy.weightSnapshot = true;
        }
        return copy;
    }
}
