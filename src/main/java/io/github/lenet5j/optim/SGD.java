package io.github.lenet5j.optim;

import io.github.lenet5j.nn.Parameter;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and L2 weight
 * decay: PyTorch's {@code torch.optim.SGD} (single-tensor implementation), step for step.
 *
 * <p>Rounding: PyTorch's CPU kernels compute {@code a + alpha * b} as one fused multiply-add
 * (AVX2 {@code fmadd}); this class does the same with {@link Math#fma}, and scalars such as
 * {@code 1 - dampening} in double from the decimal hyper-parameter (see {@link Floats#decimal}).
 * On the fixture in the tests this matches torch 1.13 on x86-64 bit for bit; other builds of
 * PyTorch may differ in the last bit.
 *
 * <p>State: one {@code <name>.momentum} buffer per parameter when momentum is non-zero. A buffer value that
 * becomes subnormal (below 1.2e-38) is stored as 0, where PyTorch keeps it: {@code 0.9 × buf} would never take it
 * to 0 and x86 processors are slow on it (docs/math.md, SGD). The weights come out the same, unless a weight is
 * itself below about 1e-30.
 */
public final class SGD implements Optimizer {
    private final OptimizerState state;
    private final float momentum;
    private final float oneMinusDampening;
    private final float weightDecay;
    private final boolean nesterov;
    private final float[][] momentumBuffers;
    private float lr;

    /**
     * An optimizer over {@code params} (their values and gradients are used in place).
     *
     * @param params the parameters to update
     * @param config the hyper-parameters
     * @throws IllegalArgumentException if {@code params} is empty or has duplicate names
     */
    public SGD(List<Parameter> params, SgdConfig config) {
        this.state = new OptimizerState("SGD", params);
        this.lr = config.lr();
        this.momentum = config.momentum();
        this.oneMinusDampening = (float) (1.0 - Floats.decimal(config.dampening()));
        this.weightDecay = config.weightDecay();
        this.nesterov = config.nesterov();
        this.momentumBuffers = momentum != 0f ? state.newBuffers("momentum") : null;
    }

    /**
     * Updates every parameter; the first step copies the gradient into the momentum buffer.
     */
    @Override
    public void step() {
        stepPart(0, 1);
        endStep();
    }

    /** {@inheritDoc} */
    // g = grad + wd·p;  b = g (first step) or b = μ·b + (1 − dampening)·g, 0 if subnormal
    // g = g + μ·b (Nesterov) or g = b;  p = p − lr·g
    @Override
    public void stepPart(int part, int parts) {
        Objects.checkIndex(part, parts);
        boolean first = state.steps() == 0;
        float negLr = -lr;
        List<Parameter> params = state.params();
        for (int i = 0; i < params.size(); i++) {
            float[] p = params.get(i).value().data();
            float[] grad = params.get(i).grad().data();
            float[] buf = momentumBuffers == null ? null : momentumBuffers[i];
            int end = OptimizerState.shareStart(p.length, part + 1, parts);
            for (int j = OptimizerState.shareStart(p.length, part, parts); j < end; j++) {
                float g = weightDecay != 0f ? Math.fma(weightDecay, p[j], grad[j]) : grad[j];
                if (buf != null) {
                    buf[j] = Floats.zeroIfSubnormal(first ? g : Math.fma(oneMinusDampening, g, buf[j] * momentum));
                    g = nesterov ? Math.fma(momentum, buf[j], g) : buf[j];
                }
                p[j] = Math.fma(negLr, g, p[j]);
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
        Floats.check("SGD", "lr", lr, 0f);
        this.lr = lr;
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
