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
 * @param threads the threads that share each mini-batch (data parallelism), at least 1; the same seed
 *                and thread count give bit-identical weights
 */
public record TrainConfig(int epochs, int batchSize, long seed, LearningRateSchedule schedule,
                          Augmentation augmentation, int threads) {
    /**
     * Validates the configuration.
     *
     * @param epochs epochs to train, at least 1
     * @param batchSize images per mini-batch, at least 1
     * @param seed the seed of every random choice the trainer makes
     * @param schedule the learning rate of each epoch, not null
     * @param augmentation random distortions of the training images, not null
     * @param threads the threads that share each mini-batch, at least 1
     * @throws IllegalArgumentException if epochs, batchSize or threads is below 1
     */
    public TrainConfig {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(augmentation, "augmentation");
    }

    /**
     * {@return a configuration with a constant learning rate, no augmentation and one thread}
     *
     * @param epochs epochs to train, at least 1
     * @param batchSize images per mini-batch, at least 1
     * @param seed the seed of every random choice the trainer makes
     */
    public static TrainConfig of(int epochs, int batchSize, long seed) {
        return new TrainConfig(epochs, batchSize, seed, new ConstantSchedule(), Augmentation.NONE, 1);
    }

    /**
     * {@return a copy of this configuration with another epoch count}
     *
     * @param newEpochs epochs to train, at least 1
     */
    public TrainConfig withEpochs(int newEpochs) {
        return new TrainConfig(newEpochs, batchSize, seed, schedule, augmentation, threads);
    }

    /**
     * {@return a copy of this configuration with another learning-rate schedule}
     *
     * @param newSchedule the learning rate of each epoch
     */
    public TrainConfig withSchedule(LearningRateSchedule newSchedule) {
        return new TrainConfig(epochs, batchSize, seed, newSchedule, augmentation, threads);
    }

    /**
     * {@return a copy of this configuration with another augmentation}
     *
     * @param newAugmentation random distortions of the training images, or {@link Augmentation#NONE}
     */
    public TrainConfig withAugmentation(Augmentation newAugmentation) {
        return new TrainConfig(epochs, batchSize, seed, schedule, newAugmentation, threads);
    }

    /**
     * {@return a copy of this configuration with another thread count}
     *
     * @param newThreads the threads that share each mini-batch, at least 1
     */
    public TrainConfig withThreads(int newThreads) {
        return new TrainConfig(epochs, batchSize, seed, schedule, augmentation, newThreads);
    }
}
