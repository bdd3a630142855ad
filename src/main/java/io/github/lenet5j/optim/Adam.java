package io.github.lenet5j.optim;

import io.github.lenet5j.nn.Parameter;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Adam with L2 weight decay added to the gradient: PyTorch's {@code torch.optim.Adam} without
 * amsgrad (single-tensor, non-fused implementation), in its order of operations.
 *
 * <p>Rounding: the per-step scalars ({@code 1 − β^t}, {@code lr / (1 − β1^t)},
 * {@code sqrt(1 − β2^t)}) are computed in double from the decimal hyper-parameters, as Python
 * does, then rounded to float, as PyTorch's kernels do; the element-wise work is float32, with
 * {@code a + alpha * b} as a fused multiply-add like PyTorch's AVX2 kernels. {@link Math#pow}
 * may differ from the C library's {@code pow} in the last bit of a double, which almost never
 * survives the rounding to float. On the fixture in the tests this matches torch 1.13 on x86-64
 * bit for bit; other builds of PyTorch may differ in the last bit.
 *
 * <p>State: {@code <name>.exp_avg} and {@code <name>.exp_avg_sq} per parameter; {@link #steps()} is t. A state
 * value that becomes subnormal is stored as 0, where PyTorch keeps it (as {@link SGD}'s momentum; docs/math.md).
 */
public final class Adam implements Optimizer {
    private final OptimizerState state;
    private final double beta1;
    private final double beta2;
    private final float beta1f;
    private final float beta2f;
    private final float oneMinusBeta1;
    private final float oneMinusBeta2;
    private final float eps;
    private final float weightDecay;
    private final float[][] expAvg;
    private final float[][] expAvgSq;
    private float lr;
    private double lrDecimal;

    /**
     * An optimizer over {@code params} (their values and gradients are used in place).
     *
     * @param params the parameters to update
     * @param config the hyper-parameters
     * @throws IllegalArgumentException if {@code params} is empty or has duplicate names
     */
    public Adam(List<Parameter> params, AdamConfig config) {
        this.state = new OptimizerState("Adam", params);
        setLearningRate(config.lr());
        this.beta1 = Floats.decimal(config.beta1());
        this.beta2 = Floats.decimal(config.beta2());
        this.beta1f = config.beta1();
        this.beta2f = config.beta2();
        this.oneMinusBeta1 = (float) (1.0 - beta1);
        this.oneMinusBeta2 = (float) (1.0 - beta2);
        this.eps = config.eps();
        this.weightDecay = config.weightDecay();
        this.expAvg = state.newBuffers("exp_avg");
        this.expAvgSq = state.newBuffers("exp_avg_sq");
    }

    /** Updates every parameter (step t = {@link #steps()} + 1). */
    @Override
    public void step() {
        stepPart(0, 1);
        endStep();
    }

    /** {@inheritDoc} */
    // g = grad + wd·p;  m = β1·m + (1−β1)·g;  v = β2·v + (1−β2)·g²  (each 0 if subnormal)
    // p = p − (lr / (1−β1^t))·m / (√v / √(1−β2^t) + eps)
    @Override
    public void stepPart(int part, int parts) {
        Objects.checkIndex(part, parts);
        long t = state.steps() + 1;
        double biasCorrection1 = 1.0 - Math.pow(beta1, t);
        double biasCorrection2 = 1.0 - Math.pow(beta2, t);
        float negStepSize = (float) -(lrDecimal / biasCorrection1);
        float biasCorrection2Sqrt = (float) Math.sqrt(biasCorrection2);
        List<Parameter> params = state.params();
        for (int i = 0; i < params.size(); i++) {
            float[] p = params.get(i).value().data();
            float[] grad = params.get(i).grad().data();
            float[] m = expAvg[i];
            float[] v = expAvgSq[i];
            int start = OptimizerState.shareStart(p.length, part, parts);
            int end = OptimizerState.shareStart(p.length, part + 1, parts);
            // the moments, then the weights: one loop with a weight decay was scalar on JDK 17
            // (docs/performance-rounds.md, round 24)
            for (int j = start; j < end; j++) {
                float g = weightDecay != 0f ? Math.fma(weightDecay, p[j], grad[j]) : grad[j];
                m[j] = Floats.zeroIfSubnormal(Math.fma(oneMinusBeta1, g, m[j] * beta1f));
                v[j] = Floats.zeroIfSubnormal(v[j] * beta2f + oneMinusBeta2 * g * g);
            }
            for (int j = start; j < end; j++) {
                float denom = (float) Math.sqrt(v[j]) / biasCorrection2Sqrt + eps;
                p[j] = p[j] + negStepSize * m[j] / denom;
            }
        }
    }

    @Override
    public void endStep() {
        state.countStep();
    }

    @Override
    public void zeroGrad() {
        state.zeroGrad();
    }

    @Override
    public float learningRate() {
        return lr;
    }

    @Override
    public void setLearningRate(float lr) {
        Floats.check("Adam", "lr", lr, 0f);
        this.lr = lr;
        this.lrDecimal = Floats.decimal(lr);
    }

    @Override
    public long steps() {
        return state.steps();
    }

    @Override
    public Map<String, float[]> state() {
        return state.export();
    }

    @Override
    public void loadState(Map<String, float[]> saved, long steps) {
        state.load(saved, steps);
    }
}
