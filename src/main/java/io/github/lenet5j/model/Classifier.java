package io.github.lenet5j.model;

import io.github.lenet5j.loss.ClassificationLoss;
import io.github.lenet5j.nn.Engine;
import io.github.lenet5j.nn.Parameter;
import io.github.lenet5j.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * What a trainer, a checkpoint and a model file need of a network that scores classes: {@link LeNet5}
 * (logits: the largest wins, trained on cross-entropy) and {@link ClassicLeNet5} (RBF distances: the smallest
 * wins, trained on the paper's RBF loss). Code that trains, checkpoints or saves a model goes through this
 * interface alone, so both networks take the same path.
 */
public interface Classifier {
    /** {@return the number of input channels} */
    int inChannels();

    /** {@return the number of output classes} */
    int numClasses();

    /** {@return the engine the layers run on: their reference loops or the fast kernels} */
    Engine engine();

    /**
     * This network on another engine: the same architecture and a copy of the current parameter values, with its
     * own gradients and buffers.
     *
     * @param engine the engine of the copy
     * @return a new model (also when {@code engine} is this one's)
     */
    Classifier withEngine(Engine engine);

    /**
     * One score per class for a batch {@code [N, inChannels, 32, 32]}, {@code [N, numClasses]}, in a buffer
     * the model owns; keeps what {@link #backward} needs.
     *
     * @param input a batch {@code [N, inChannels, 32, 32]}
     * @return the scores {@code [N, numClasses]}, owned by the model
     */
    Tensor scores(Tensor input);

    /**
     * Back-propagates dLoss/dscores of the last {@link #scores} call; accumulates parameter gradients.
     *
     * @param gradScores dLoss/dscores, {@code [N, numClasses]}
     * @return the gradient with respect to the input, {@code [N, inChannels, 32, 32]}
     */
    Tensor backward(Tensor gradScores);

    /**
     * As {@link #backward}, for training: accumulates the parameter gradients and may skip the input
     * gradient, which training never reads. By default it is {@link #backward}.
     *
     * @param gradScores dLoss/dscores of the last {@link #scores} call
     */
    default void backwardParameters(Tensor gradScores) {
        backward(gradScores);
    }

    /** {@return the trainable parameters in a fixed order} */
    List<Parameter> parameters();

    /** Clears every parameter's gradient. */
    default void zeroGrad() {
        List<Parameter> parameters = parameters();
        for (int i = 0; i < parameters.size(); i++) {   // indexed: no iterator in a training step
            parameters.get(i).zeroGrad();
        }
    }

    /** {@return the total number of trainable values} */
    default int numParameters() {
        int total = 0;
        for (Parameter p : parameters()) {
            total += p.size();
        }
        return total;
    }

    /**
     * The parameter with this name, e.g. {@code fc1.weight}.
     *
     * @param name the parameter's name
     * @return the parameter itself (not a copy)
     * @throws IllegalArgumentException if there is none
     */
    default Parameter parameter(String name) {
        for (Parameter p : parameters()) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException(getClass().getSimpleName() + " has no parameter '" + name + "'");
    }

    /** {@return a copy that shares the weights but owns its gradients and buffers (one per thread)} */
    Classifier replica();

    /** {@return a new instance of the loss this network trains on (one per thread: a loss keeps buffers)} */
    ClassificationLoss newLoss();

    /**
     * {@return the architecture as metadata strings, as model files and checkpoints record it; {@link
     * ModelFile#create} makes a model of it again}
     */
    Map<String, String> architecture();

    /** {@return fixed, non-trainable tensors that a model file holds beside the parameters, by name (none by default)} */
    default Map<String, Tensor> buffers() {
        return Map.of();
    }

    /** {@return true when the smallest score is the prediction (distances), false when the largest is (logits)} */
    boolean smallestScoreWins();

    /**
     * {@return the predicted class of row {@code row} of a scores tensor (the first on ties)}
     *
     * @param scores scores {@code [N, numClasses]}, e.g. from {@link #scores}
     * @param row the row, in [0, N)
     */
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
