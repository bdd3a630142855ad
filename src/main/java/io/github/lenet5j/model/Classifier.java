package io.github.lenet5j.model;

import io.github.lenet5j.nn.Parameter;
import io.github.lenet5j.tensor.Tensor;
import java.util.List;

/**
 * What a trainer needs of a network that scores classes: {@link LeNet5} (logits: the largest wins)
 * and {@link ClassicLeNet5} (RBF distances: the smallest wins).
 */
public interface Classifier {
    /** Input channels. */
    int inChannels();

    /** Output classes. */
    int numClasses();

    /**
     * One score per class for a batch {@code [N, inChannels, 32, 32]}, {@code [N, numClasses]}, in a buffer
     * the model owns; keeps what {@link #backward} needs.
     */
    Tensor scores(Tensor input);

    /** Back-propagates dLoss/dscores of the last {@link #scores} call; accumulates parameter gradients. */
    Tensor backward(Tensor gradScores);

    /**
     * As {@link #backward}, for training: accumulates the parameter gradients and may skip the input
     * gradient, which training never reads. By default it is {@link #backward}.
     */
    default void backwardParameters(Tensor gradScores) {
        backward(gradScores);
    }

    /** The trainable parameters in a fixed order. */
    List<Parameter> parameters();

    /** Clears every parameter's gradient. */
    void zeroGrad();

    /** A copy that shares the weights but owns its gradients and buffers (one per thread). */
    Classifier replica();

    /** True when the smallest score is the prediction (distances), false when the largest is (logits). */
    boolean smallestScoreWins();

    /** The predicted class of row {@code row} of a scores tensor. */
    default int predictedClass(Tensor scores, int row) {
        int k = scores.dim(1), offset = row * k, best = 0;
        float[] s = scores.data();
        for (int j = 1; j < k; j++) {
            if (smallestScoreWins() ? s[offset + j] < s[offset + best] : s[offset + j] > s[offset + best]) {
                best = j;
            }
        }
        return best;
    }
}
