package io.github.lenet5j.train;

/**
 * Where a training run stands: the next batch to train and the running sums of the epoch so far.
 * With the model's weights, the optimizer's state and the seed, it is all a run needs to continue
 * exactly (the data order and the augmentation are functions of the seed, the epoch and the batch).
 *
 * @param epoch the current epoch, from 0 (the number of epochs completed)
 * @param batch the next batch to train within that epoch, from 0
 * @param lossSum the sum over the epoch's trained images of their batch's mean loss
 * @param correct the epoch's training images classified right so far
 * @param seen the epoch's training images trained on so far
 */
public record TrainingPosition(int epoch, int batch, double lossSum, int correct, int seen) {
    /** The start of training. */
    public static final TrainingPosition START = new TrainingPosition(0, 0, 0, 0, 0);

    /**
     * Validates the position.
     *
     * @param epoch the current epoch, from 0
     * @param batch the next batch to train within that epoch, from 0
     * @param lossSum the sum over the epoch's trained images of their batch's mean loss
     * @param correct the epoch's training images classified right so far
     * @param seen the epoch's training images trained on so far
     * @throws IllegalArgumentException if a count is negative or correct exceeds seen
     */
    public TrainingPosition {
        if (epoch < 0 || batch < 0 || correct < 0 || seen < 0 || correct > seen) {
            throw new IllegalArgumentException("invalid training position: epoch " + epoch + ", batch " + batch
                    + ", correct " + correct + " of " + seen);
        }
    }
}
