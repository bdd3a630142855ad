package io.github.lenet5j.train;

/**
 * What one epoch of training measured.
 *
 * @param epoch the epoch, counted from 1
 * @param trainLoss the mean cross-entropy over the epoch's training batches (before each step)
 * @param trainAccuracy the fraction of training images classified right during the epoch
 * @param test the evaluation on the test set after the epoch, or null without a test set
 * @param learningRate the learning rate used in this epoch
 * @param seconds the wall-clock time of the epoch's training steps (evaluation excluded)
 */
public record EpochResult(int epoch, double trainLoss, double trainAccuracy, Evaluation test, float learningRate,
                          double seconds) {
}
