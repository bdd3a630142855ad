package io.github.lenet5j.loss;

import io.github.lenet5j.tensor.Shapes;
import io.github.lenet5j.tensor.Tensor;

/**
 * Softmax cross-entropy on logits {@code [N, K]} and class indices, averaged over the batch, with
 * optional label smoothing: PyTorch's {@code nn.CrossEntropyLoss(label_smoothing=ε)} with
 * {@code reduction='mean'} and no class weights.
 *
 * <p>The log-softmax is fused into the loss and computed in double after subtracting each row's
 * maximum, so even logits of ±1e30 give a finite loss and gradient. {@link #backward()} returns a
 * buffer that this object owns and overwrites on the next call (allocated once per batch size).
 */
public final class CrossEntropyLoss implements ClassificationLoss {
    private static final String NAME = "CrossEntropyLoss";

    private final float labelSmoothing;
    private Tensor probabilities;
    private Tensor grad;
    private int[] targets;
    private int batch;
    private double loss = Double.NaN;

    /** Cross-entropy without label smoothing. */
    public CrossEntropyLoss() {
        this(0f);
    }

    /**
     * Cross-entropy whose target distribution is {@code (1 − ε)·onehot + ε/K}.
     *
     * @param labelSmoothing ε, in {@code [0, 1]}; 0 is plain cross-entropy
     * @throws IllegalArgumentException unless {@code 0 <= labelSmoothing <= 1}
     */
    public CrossEntropyLoss(float labelSmoothing) {
        if (!(labelSmoothing >= 0f && labelSmoothing <= 1f)) {
            throw new IllegalArgumentException(NAME + ": label smoothing must be in [0, 1] but was " + labelSmoothing);
        }
        this.labelSmoothing = labelSmoothing;
    }

    /** {@return the label smoothing ε} */
    public float labelSmoothing() {
        return labelSmoothing;
    }

    /**
     * The mean loss of the batch; keeps the softmax and the targets for {@link #backward()}.
     *
     * @param logits unnormalised scores, shape {@code [N, K]}
     * @param targets the class of each example, {@code targets.length == N}, each in {@code 0..K-1}
     * @return the mean loss over the batch
     * @throws IllegalArgumentException naming this loss, if the shape, the number of targets or a target is wrong
     */
    // log p_k = (x_k − max) − log Σ_j exp(x_j − max)
    // loss = −(1/N) Σ_n Σ_k q_nk · log p_nk,  q = (1 − ε)·onehot(t) + ε/K
    @Override
    public float forward(Tensor logits, int[] targets) {
        Shapes.check(NAME, logits, Shapes.ANY, Shapes.ANY);
        int n = logits.dim(0);
        int k = logits.dim(1);
        if (targets.length != n) {
            throw new IllegalArgumentException(NAME + ": got " + targets.length + " targets for a batch of " + n);
        }
        for (int i = 0; i < n; i++) {
            if (targets[i] < 0 || targets[i] >= k) {
                throw new IllegalArgumentException(NAME + ": target[" + i + "] = " + targets[i]
                        + " is not a class index in 0.." + (k - 1));
            }
        }
        if (probabilities == null || !probabilities.hasShape(n, k)) {
            probabilities = new Tensor(n, k);
            grad = new Tensor(n, k);
            this.targets = new int[n];
        }
        System.arraycopy(targets, 0, this.targets, 0, n);
        float[] x = logits.data();
        float[] p = probabilities.data();
        double sum = 0;
        for (int i = 0; i < n; i++) {
            int row = i * k;
            float max = x[row];
            for (int j = 1; j < k; j++) {
                max = Math.max(max, x[row + j]);
            }
            double sumExp = 0;
            for (int j = 0; j < k; j++) {
                sumExp += Math.exp((double) x[row + j] - max);
            }
            double logSumExp = Math.log(sumExp);
            double sumLogP = 0;
            for (int j = 0; j < k; j++) {
                double shifted = (double) x[row + j] - max;
                p[row + j] = (float) (Math.exp(shifted) / sumExp);
                sumLogP += shifted - logSumExp;
            }
            double targetLogP = (double) x[row + targets[i]] - max - logSumExp;
            sum -= (1.0 - labelSmoothing) * targetLogP + labelSmoothing * sumLogP / k;
        }
        batch = n;
        loss = sum / n;
        return (float) loss;
    }

    /**
     * The gradient of the last {@link #forward} result with respect to its logits, shape {@code [N, K]}.
     *
     * @return the gradient with respect to the logits, {@code [N, K]}
     * @throws IllegalStateException if no forward came first
     */
    // dL/dx_nk = (softmax(x)_nk − q_nk) / N
    @Override
    public Tensor backward() {
        if (probabilities == null) {
            throw new IllegalStateException(NAME + ": backward() called before forward()");
        }
        int k = probabilities.dim(1);
        float[] p = probabilities.data();
        float[] g = grad.data();
        double smooth = (double) labelSmoothing / k;
        for (int i = 0; i < batch; i++) {
            for (int j = 0; j < k; j++) {
                double q = smooth + (j == targets[i] ? 1.0 - labelSmoothing : 0.0);
                g[i * k + j] = (float) ((p[i * k + j] - q) / batch);
            }
        }
        return grad;
    }

    /** The last loss before rounding to float, for precise gradient checks. */
    double lastLoss() {
        return loss;
    }
}
