package io.github.lenet5j.optim;

import java.util.Map;

/**
 * Updates a fixed list of {@link io.github.lenet5j.nn.Parameter}s from their accumulated gradients,
 * with the same formulas as the PyTorch optimizer of the same name, so hyper-parameters carry over.
 *
 * <p>Checkpoints: {@link #state()} and {@link #steps()} are everything an optimizer remembers
 * between steps besides the learning rate; {@link #loadState(Map, long)} into a fresh optimizer
 * over the same parameters continues bit-identically.
 */
public interface Optimizer {
    /** Applies one update to every parameter from its current gradient; does not clear the gradients. */
    void step();

    /** Clears every parameter's gradient. */
    void zeroGrad();

    /** {@return the learning rate the next {@link #step()} uses} */
    float learningRate();

    /**
     * Sets the learning rate for the following steps (what a schedule does once per epoch).
     *
     * @param lr the learning rate
     * @throws IllegalArgumentException if {@code lr} is negative or not finite
     */
    void setLearningRate(float lr);

    /** {@return how many steps have been taken (restored by {@link #loadState})} */
    long steps();

    /**
     * A copy of the per-parameter state, keyed {@code <parameter name>.<buffer>}, e.g.
     * {@code conv1.weight.momentum} or {@code fc1.bias.exp_avg}, in parameter order.
     *
     * @return the state, by key
     */
    Map<String, float[]> state();

    /**
     * Replaces the state with a copy of one exported by {@link #state()}, and the step count.
     * Nothing changes if validation fails.
     *
     * @param state the state, by key
     * @param steps the number of steps taken
     * @throws IllegalArgumentException if a key is missing or unexpected, a length differs from its
     *     parameter's, or {@code steps} is negative
     */
    void loadState(Map<String, float[]> state, long steps);
}
