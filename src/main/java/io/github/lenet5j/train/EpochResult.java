package io.github.lenet5j.train;

/**
 * What one epoch of training measured.
 *
 * @param epoch the epoch, counted from 1
 * @param trainLoss the mean loss over the epoch's training batches (before each step)
 * @param trainAccuracy the fraction of training images classified right during the epoch
 * @param validation the evaluation on the validation set after the epoch, or null without one
 * @param test the evaluation on the test set after the epoch, for learning curves only: null unless the trainer
 *             was asked with {@link Trainer#testEachEpoch}
 * @param learningRate the learning rate used in this epoch
 * @param seconds the wall-clock time of the epoch's training steps (evaluation excluded)
 * @param best the early-stopping state after this epoch: {@code best.epoch() == epoch} when it is the best so far
 */
public record EpochResult(int epoch, double trainLoss, double trainAccuracy, Evaluation validation, Evaluation test,
                          float learningRate, double seconds, BestEpoch best) {
    /** {@return true when this epoch has the lowest validation loss so far} */
    public boolean isBest() {
        return best != null && best.is(epoch);
    }
}
