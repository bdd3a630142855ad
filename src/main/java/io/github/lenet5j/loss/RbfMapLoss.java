package io.github.lenet5j.loss;

import static io.github.lenet5j.tensor.Shapes.ANY;

import io.github.lenet5j.tensor.Shapes;
import io.github.lenet5j.tensor.Tensor;

/**
 * The 1998 paper's discriminative loss on RBF outputs (its equation 9), for distances {@code y [N, K]}
 * where smaller is better and D is the target class:
 * <pre>
 * E = 1/N Σ_n [ y[n,D] + log(e^−j + Σ_i e^−y[n,i]) ]
 * dE/dy[n,i] = ( [i = D] − e^−y[n,i] / (e^−j + Σ_k e^−y[n,k]) ) / N
 * </pre>
 * The first term pulls the target's distance down; the second pushes the others up, but only while they are
 * not much larger than j: j acts as a "rubbish class" with fixed distance j. The log-sum-exp subtracts its
 * largest exponent, so large distances cannot underflow to log(0). The paper calls j a positive constant and
 * gives no value; lenet5j uses {@link #DEFAULT_J} unless told otherwise.
 */
public final class RbfMapLoss implements ClassificationLoss {
    /** lenet5j's default for the paper's constant j (the paper gives none). */
    public static final float DEFAULT_J = 0.1f;

    private final float j;
    private Tensor distances;   // (N, K), the last forward's input
    private int[] targets;
    private Tensor grad;        // (N, K)

    /** The loss with j = {@link #DEFAULT_J}. */
    public RbfMapLoss() {
        this(DEFAULT_J);
    }

    /**
     * The loss with the given constant.
     *
     * @param j the paper's constant: the fixed distance of the "rubbish class", positive
     * @throws IllegalArgumentException if j is not positive and finite
     */
    public RbfMapLoss(float j) {
        if (!(j > 0) || Float.isInfinite(j)) {
            throw new IllegalArgumentException("RbfMapLoss: j must be positive and finite, got " + j);
        }
        this.j = j;
    }

    /** {@return the constant j} */
    public float j() {
        return j;
    }

    /**
     * The mean loss of a batch.
     *
     * @param rbfOutputs the RBF distances, {@code [N, K]}
     * @param targets the class of each sample, N values in [0, K)
     * @throws IllegalArgumentException if the shapes disagree or a target is out of range
     */
    @Override
    public float forward(Tensor rbfOutputs, int[] targets) {
        Shapes.check("RbfMapLoss", rbfOutputs, ANY, ANY);
        int n = rbfOutputs.dim(0), k = rbfOutputs.dim(1);
        if (targets.length != n) {
            throw new IllegalArgumentException("RbfMapLoss: " + targets.length + " targets for a batch of " + n);
        }
        for (int t : targets) {
            if (t < 0 || t >= k) {
                throw new IllegalArgumentException("RbfMapLoss: target " + t + " out of range [0, " + k + ")");
            }
        }
        this.distances = rbfOutputs;
        this.targets = targets.clone();
        float[] y = rbfOutputs.data();
        double total = 0;
        for (int s = 0; s < n; s++) {
            total += y[s * k + targets[s]] + logSumExpNeg(y, s * k, k);
        }
        return (float) (total / n);
    }

    /** log(e^−j + Σ_i e^−y[off+i]), computed around m = max(−j, −y_i). */
    private double logSumExpNeg(float[] y, int off, int k) {
        double m = -j;
        for (int i = 0; i < k; i++) {
            m = Math.max(m, -y[off + i]);
        }
        double sum = Math.exp(-j - m);
        for (int i = 0; i < k; i++) {
            sum += Math.exp(-y[off + i] - m);
        }
        return m + Math.log(sum);
    }

    /**
     * dE/dy of the last forward, {@code [N, K]}, owned by the loss and overwritten by the next call.
     *
     * @throws IllegalStateException if no forward came first
     */
    @Override
    public Tensor backward() {
        if (distances == null) {
            throw new IllegalStateException("RbfMapLoss: backward called before forward");
        }
        int n = distances.dim(0), k = distances.dim(1);
        grad = grad != null && grad.sameShape(distances) ? grad : new Tensor(n, k);
        float[] y = distances.data(), g = grad.data();
        for (int s = 0; s < n; s++) {
            double logZ = logSumExpNeg(y, s * k, k);
            for (int i = 0; i < k; i++) {
                double share = Math.exp(-y[s * k + i] - logZ);   // e^−y_i / (e^−j + Σ e^−y)
                g[s * k + i] = (float) (((i == targets[s] ? 1 : 0) - share) / n);
            }
        }
        return grad;
    }
}
