package io.github.lenet5j.optim;

/**
 * Hyper-parameters of {@link Adam}, named, defaulted and checked as in PyTorch's {@code torch.optim.Adam}.
 *
 * @param lr the learning rate, {@code >= 0} (default 1e-3)
 * @param beta1 the decay of the gradient's running mean, in {@code [0, 1)} (default 0.9)
 * @param beta2 the decay of the squared gradient's running mean, in {@code [0, 1)} (default 0.999)
 * @param eps added to the denominator for stability, {@code >= 0} (default 1e-8)
 * @param weightDecay the L2 penalty added to the gradient (not AdamW's decoupled decay), {@code >= 0} (default 0)
 */
public record AdamConfig(float lr, float beta1, float beta2, float eps, float weightDecay) {
    /**
     * @param lr the learning rate
     * @param beta1 the decay of the gradient's running mean
     * @param beta2 the decay of the squared gradient's running mean
     * @param eps added to the denominator
     * @param weightDecay the L2 penalty
     * @throws IllegalArgumentException naming the offending hyper-parameter and its value
     */
    public AdamConfig {
        Floats.check("Adam", "lr", lr, 0f);
        Floats.check("Adam", "eps", eps, 0f);
        Floats.check("Adam", "weightDecay", weightDecay, 0f);
        if (!(beta1 >= 0f && beta1 < 1f) || !(beta2 >= 0f && beta2 < 1f)) {
            throw new IllegalArgumentException("Adam: betas must be in [0, 1) but were (" + beta1 + ", " + beta2 + ")");
        }
    }

    /** {@return PyTorch's defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, no weight decay} */
    public static AdamConfig defaults() {
        return new AdamConfig(1e-3f, 0.9f, 0.999f, 1e-8f, 0f);
    }

    /**
     * The defaults with another learning rate.
     *
     * @param lr the learning rate
     * @return the configuration
     */
    public static AdamConfig of(float lr) {
        return defaults().withLr(lr);
    }

    /**
     * This configuration with another learning rate.
     *
     * @param newLr the learning rate
     * @return a new configuration
     */
    public AdamConfig withLr(float newLr) {
        return new AdamConfig(newLr, beta1, beta2, eps, weightDecay);
    }

    /**
     * This configuration with other betas.
     *
     * @param newBeta1 the decay of the gradient's running mean
     * @param newBeta2 the decay of the squared gradient's running mean
     * @return a new configuration
     */
    public AdamConfig withBetas(float newBeta1, float newBeta2) {
        return new AdamConfig(lr, newBeta1, newBeta2, eps, weightDecay);
    }

    /**
     * This configuration with another eps.
     *
     * @param newEps added to the denominator
     * @return a new configuration
     */
    public AdamConfig withEps(float newEps) {
        return new AdamConfig(lr, beta1, beta2, newEps, weightDecay);
    }

    /**
     * This configuration with another weight decay.
     *
     * @param newWeightDecay the L2 penalty
     * @return a new configuration
     */
    public AdamConfig withWeightDecay(float newWeightDecay) {
        return new AdamConfig(lr, beta1, beta2, eps, newWeightDecay);
    }
}
