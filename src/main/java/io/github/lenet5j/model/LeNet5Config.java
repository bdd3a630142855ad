package io.github.lenet5j.model;

import java.util.Objects;

/**
 * The architecture of a {@link LeNet5}: what a model file's metadata records.
 *
 * @param inChannels input channels: 1 for grayscale, 3 for RGB, any positive count
 * @param numClasses output classes, at least 1
 * @param activation the non-linearity
 * @param pooling the pooling of S2 and S4
 */
public record LeNet5Config(int inChannels, int numClasses, Activation activation, Pooling pooling) {
    /**
     * Validates the configuration.
     *
     * @param inChannels input channels
     * @param numClasses output classes
     * @param activation the non-linearity
     * @param pooling the pooling of S2 and S4
     * @throws IllegalArgumentException if a count is below 1
     * @throws NullPointerException if the activation or pooling is null
     */
    public LeNet5Config {
        if (inChannels < 1) {
            throw new IllegalArgumentException("inChannels must be >= 1, got " + inChannels);
        }
        if (numClasses < 1) {
            throw new IllegalArgumentException("numClasses must be >= 1, got " + numClasses);
        }
        Objects.requireNonNull(activation, "activation");
        Objects.requireNonNull(pooling, "pooling");
    }

    /**
     * The reference's {@code LeNet5(num_classes, grayscale)}: sigmoid activations and max pooling.
     *
     * @param numClasses output classes
     * @param grayscale true for 1 input channel, false for 3 (RGB)
     * @return the configuration
     */
    public static LeNet5Config of(int numClasses, boolean grayscale) {
        return new LeNet5Config(grayscale ? 1 : 3, numClasses, Activation.SIGMOID, Pooling.MAX);
    }

    /**
     * This configuration with another activation.
     *
     * @param activation the non-linearity
     * @return a new configuration
     */
    public LeNet5Config withActivation(Activation activation) {
        return new LeNet5Config(inChannels, numClasses, activation, pooling);
    }

    /**
     * This configuration with another pooling.
     *
     * @param pooling the pooling of S2 and S4
     * @return a new configuration
     */
    public LeNet5Config withPooling(Pooling pooling) {
        return new LeNet5Config(inChannels, numClasses, activation, pooling);
    }
}
