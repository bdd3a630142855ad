package io.github.lenet5j.loss;

import io.github.lenet5j.tensor.Tensor;

/**
 * A loss on a batch of class scores {@code [N, K]} and integer targets: cross-entropy on logits,
 * or the 1998 paper's loss on RBF distances. The trainer needs only these two calls.
 */
public interface ClassificationLoss {
    /**
     * The mean loss of the batch; keeps what {@link #backward()} needs.
     *
     * @param scores the class scores {@code [N, K]}: logits, or RBF distances
     * @param targets the class of each sample, N values in [0, K)
     * @return the mean loss over the N samples
     * @throws IllegalArgumentException if the shapes differ or a target is not a class
     */
    float forward(Tensor scores, int[] targets);

    /** {@return dLoss/dscores for the last forward, {@code [N, K]}, in a buffer the loss owns} */
    Tensor backward();
}
