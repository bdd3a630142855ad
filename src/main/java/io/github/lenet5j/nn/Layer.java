package io.github.lenet5j.nn;

import io.github.lenet5j.tensor.Tensor;
import java.util.List;
import java.util.Random;

/**
 * One stage of a network: {@code forward} computes the output from the input and keeps what
 * {@code backward} needs; {@code backward} takes the gradient of the loss with respect to the
 * output and returns the gradient with respect to the input, accumulating ({@code +=}) the
 * gradients of the layer's parameters on the way.
 *
 * <p>Ownership: the tensors that {@code forward} and {@code backward} return belong to the layer,
 * which allocates them once per batch size and overwrites them on the next call. Copy a result to
 * keep it. A layer is not thread-safe: concurrent callers each need their own copy
 * (see {@link #replica()}).
 */
public interface Layer {
    /** {@return the layer's name, e.g. {@code conv1}; error messages and parameter names use it} */
    String name();

    /**
     * Computes the output for a batch.
     *
     * @param input the batch, shape as {@link #outputShape} expects
     * @return the output, a buffer overwritten by the next call
     * @throws IllegalArgumentException if the input's shape is wrong, naming this layer, the expected and the actual shape
     */
    Tensor forward(Tensor input);

    /**
     * Back-propagates: returns the gradient with respect to the last forward's input and adds the
     * parameter gradients to {@link Parameter#grad()}.
     *
     * @param gradOutput dL/d(output), the shape of the last output
     * @return dL/d(input), a buffer overwritten by the next call
     * @throws IllegalStateException if no forward came first, or if the gradient's shape differs from the output's
     */
    Tensor backward(Tensor gradOutput);

    /**
     * Back-propagates into the parameter gradients only, for the first layer of a network, whose input
     * gradient nobody reads (the input is the data). A layer may skip computing dL/d(input) here; by
     * default this is {@link #backward} with the result ignored.
     *
     * @param gradOutput dL/d(output), the shape of the last output
     * @throws IllegalStateException as {@link #backward}
     */
    default void backwardParameters(Tensor gradOutput) {
        backward(gradOutput);
    }

    /**
     * The output shape for an input shape (both including the batch dimension); validates like forward.
     *
     * @param inputShape the input shape
     * @return the output shape
     */
    int[] outputShape(int[] inputShape);

    /**
     * {@return the multiply-adds of a forward pass for this input shape, as the reference loops count them
     * (products of a weight and an input; 0 for layers without weights), for cost estimates}
     *
     * @param inputShape the input shape, batch included
     */
    default long multiplyAdds(int[] inputShape) {
        return 0;
    }

    /** {@return the trainable parameters, in a fixed order; empty for layers without any} */
    default List<Parameter> parameters() {
        return List.of();
    }

    /**
     * Sets the parameters to their initial random values, drawn in a fixed order; no-op without parameters.
     *
     * @param random the source of the initial values
     */
    default void initialize(Random random) {
    }

    /**
     * A copy that shares this layer's parameter values but owns its gradients and buffers, for a
     * data-parallel worker or a concurrent inference caller.
     *
     * @return the replica
     */
    Layer replica();
}
