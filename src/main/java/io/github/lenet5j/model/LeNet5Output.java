package io.github.lenet5j.model;

import io.github.lenet5j.tensor.Tensor;

/**
 * What {@link LeNet5#forward} returns, like the reference's {@code (logits, probas)}.
 * Both tensors belong to the model and are overwritten by its next forward; copy them to keep them.
 *
 * @param logits the raw scores, {@code [N, numClasses]}
 * @param probabilities softmax of the logits, {@code [N, numClasses]}, rows summing to 1
 */
public record LeNet5Output(Tensor logits, Tensor probabilities) {
}
