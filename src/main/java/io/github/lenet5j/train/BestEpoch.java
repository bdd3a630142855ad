package io.github.lenet5j.train;

/**
 * The early-stopping state of a run: the epoch with the lowest validation loss so far, that loss, and the
 * epochs trained since. A {@link Checkpoint} records it (with the best epoch's weights), so that a resumed run
 * stops, and keeps, exactly as an uninterrupted one.
 *
 * @param epoch the best epoch, from 1; 0 before any epoch was validated
 * @param validationLoss its mean validation loss; {@code +Infinity} before any
 * @param epochsSince epochs trained after it
 */
public record BestEpoch(int epoch, double validationLoss, int epochsSince) {
    /** No epoch validated yet. */
    public static final BestEpoch NONE = new BestEpoch(0, Double.POSITIVE_INFINITY, 0);

    /**
     * Validates.
     *
     * @param epoch at least 0
     * @param validationLoss not NaN
     * @param epochsSince at least 0
     * @throws IllegalArgumentException if a count is negative or the loss is NaN
     */
    public BestEpoch {
        if (epoch < 0 || epochsSince < 0 || Double.isNaN(validationLoss)) {
            throw new IllegalArgumentException("invalid best epoch: epoch " + epoch + ", validation loss "
                    + validationLoss + ", " + epochsSince + " epoch(s) since");
        }
    }

    /**
     * {@return the state after epoch {@code e} with validation loss {@code loss}: a new best if the loss is lower
     * than this one's (a NaN loss never is), else one more epoch since the best}
     *
     * @param e the epoch just validated, from 1
     * @param loss its validation loss
     */
    public BestEpoch after(int e, double loss) {
        return loss < validationLoss ? new BestEpoch(e, loss, 0) : new BestEpoch(epoch, validationLoss, epochsSince + 1);
    }

    /** {@return true when epoch {@code e} is the best one} */
    boolean is(int e) {
        return epoch == e && epochsSince == 0;
    }
}
