package io.github.lenet5j.train;

import io.github.lenet5j.data.Augmentation;
import io.github.lenet5j.optim.ConstantSchedule;
import io.github.lenet5j.optim.LearningRateSchedule;
import java.util.Objects;

/**
 * How to train: the number of epochs, the mini-batch size, the seed of the shuffle (and of the
 * augmentation), the learning-rate schedule and the augmentation.
 *
 * @param epochs epochs to train, at least 1
 * @param batchSize images per mini-batch, at least 1; the last batch of an epoch may be smaller
 * @param seed the seed of every random choice the trainer makes
 * @param schedule the learning rate of each epoch, from the optimizer's base rate
 * @param augmentation random distortions of the training images, or {@link Augmentation#NONE}
 */
public record TrainConfig(int epochs, int batchSize, long seed, LearningRateSchedule schedule,
                          Augmentation augmentation) {
    /**
     * Validates the configuration.
     *
     * @param epochs epochs to train
     * @param batchSize images per mini-batch
     * @param seed the seed of every random choice
     * @param schedule the learning rate of each epoch
     * @param augmentation random distortions of the training images
     * @throws IllegalArgumentException if epochs or batchSize is below 1
     */
    public TrainConfig {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(augmentation, "augmentation");
    }

    /**
     * A constant learning rate and no augmentation.
     *
     * @param epochs epochs to train
     * @param batchSize images per mini-batch
     * @param seed the seed of the shuffle
     * @return the configuration
     */
    public static TrainConfig of(int epochs, int batchSize, long seed) {
        return new TrainConfig(epochs, batchSize, seed, new ConstantSchedule(), Augmentation.NONE);
    }
}
