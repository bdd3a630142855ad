package io.github.lenet5j.train;

import java.util.Locale;

/**
 * Training diverged: a batch's loss became NaN or infinite. Training stops at once; the last checkpoint
 * written before it is intact. Usually the learning rate is too high.
 */
public final class DivergenceException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final int epoch;
    private final int batch;

    DivergenceException(int epoch, int batch, float learningRate, float loss) {
        super(String.format(Locale.ROOT, "training diverged at epoch %d, batch %d: the loss is %s at learning rate %s;"
                + " try a lower learning rate", epoch, batch, loss, learningRate));
        this.epoch = epoch;
        this.batch = batch;
    }

    /** The epoch, from 1. */
    public int epoch() {
        return epoch;
    }

    /** The batch within the epoch, from 1. */
    public int batch() {
        return batch;
    }
}
