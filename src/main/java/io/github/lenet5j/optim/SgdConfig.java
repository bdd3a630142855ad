package io.github.lenet5j.optim;

/**
 * Hyper-parameters of {@link SGD}, named and checked as in PyTorch's {@code torch.optim.SGD}.
 *
 * @param lr the learning rate, {@code >= 0}
 * @param momentum the momentum factor μ, {@code >= 0}; 0 disables the momentum buffer
 * @param dampening the dampening of the momentum's new gradient term, finite
 * @param weightDecay the L2 penalty added to the gradient, {@code >= 0}
 * @param nesterov Nesterov momentum; needs {@code momentum > 0} and {@code dampening == 0}
 */
public record SgdConfig(float lr, float momentum, float dampening, float weightDecay, boolean nesterov) {
    /**
     * @param lr the learning rate
     * @param momentum the momentum factor
     * @param dampening the dampening of the momentum's new gradient term
     * @param weightDecay the L2 penalty
     * @param nesterov Nesterov momentum
     * @throws IllegalArgumentException naming the offending hyper-parameter and its value
     */
    public SgdConfig {
        Floats.check("SGD", "lr", lr, 0f);
        Floats.check("SGD", "momentum", momentum, 0f);
        Floats.check("SGD", "dampening", dampening, Float.NEGATIVE_INFINITY);
        Floats.check("SGD", "weightDecay", weightDecay, 0f);
        if (nesterov && (momentum <= 0f || dampening != 0f)) {
            throw new IllegalArgumentException("SGD: nesterov momentum requires momentum > 0 and dampening == 0, but got"
                    + " momentum=" + momentum + ", dampening=" + dampening);
        }
    }

    /**
     * Plain SGD: no momentum, no weight decay.
     *
     * @param lr the learning rate
     * @return the configuration
     */
    public static SgdConfig of(float lr) {
        return new SgdConfig(lr, 0f, 0f, 0f, false);
    }

    /**
     * This configuration with another momentum.
     *
     * @param newMomentum the momentum factor
     * @return a new configuration
     */
    public SgdConfig withMomentum(float newMomentum) {
        return new SgdConfig(lr, newMomentum, dampening, weightDecay, nesterov);
    }

    /**
     * This configuration with another dampening.
     *
     * @param newDampening the dampening
     * @return a new configuration
     */
    public SgdConfig withDampening(float newDampening) {
        return new SgdConfig(lr, momentum, newDampening, weightDecay, nesterov);
    }

    /**
     * This configuration with another weight decay.
     *
     * @param newWeightDecay the L2 penalty
     * @return a new configuration
     */
    public SgdConfig withWeightDecay(float newWeightDecay) {
        return new SgdConfig(lr, momentum, dampening, newWeightDecay, nesterov);
    }

    /**
     * This configuration with Nesterov momentum switched on or off.
     *
     * @param newNesterov true for Nesterov momentum
     * @return a new configuration
     */
    public SgdConfig withNesterov(boolean newNesterov) {
        return new SgdConfig(lr, momentum, dampening, weightDecay, newNesterov);
    }
}
