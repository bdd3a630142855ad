package io.github.lenet5j.train;

/**
 * What a {@link Trainer} does with a batch whose loss or reduced gradient holds a NaN or an infinity.
 * Either way the optimizer does not step on it, so the weights stay those of the last good step.
 */
public enum DivergencePolicy {
    /** Throw a {@link DivergenceException} naming the epoch, the batch and the learning rate (the default). */
    STOP,
    /** Skip the optimizer step for that batch, count it ({@link Trainer#skippedBatches()}) and go on. */
    SKIP_BATCH
}
