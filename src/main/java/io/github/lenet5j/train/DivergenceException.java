package io.github.lenet5j.train;

import java.util.Locale;

/**
 * Training diverged: a batch's loss or gradient became NaN or infinite. Training stops at once, before the
 * optimizer steps on that batch; the last checkpoint written before it is intact. Usually the learning rate
 * is too high, or an input holds a NaN or an infinity; {@link DivergencePolicy#SKIP_BATCH} skips such batches.
 */
public final class DivergenceException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** The epoch in which training diverged, from 1. */
    private final int epoch;
    /** The batch within the epoch at which training diverged, from 1. */
    private final int batch;

    DivergenceException(int epoch, int batch, float learningRate, String problem) {
        super(String.format(Locale.ROOT, "training diverged at epoch %d, batch %d: %s at learning rate %s;"
                + " try a lower learning rate", epoch, batch, problem, learningRate));
        this.epoch = epoch;
        this.batch = batch;
    }

    /** {@return the epoch in which training diverged, from 1} */
    public int epoch() {
        return epoch;
    }

    /** {@return the batch within the epoch at which training diverged, from 1} */
    public int batch() {
        return batch;
    }
}
