package io.github.lenet5j.optim;

import java.util.Map;
import java.util.Objects;

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

    /**
     * One share of {@link #step()}, so that several threads apply a step together (the {@code Trainer} does, on its
     * threads): part k updates elements [n·k/parts, n·(k+1)/parts) of each parameter of n elements, the parts may
     * run at the same time on different threads, and {@link #endStep()} after all of them counts the step. The
     * parts give {@link #step()}'s values to the bit. This default runs the whole step in part 0, for an optimizer
     * whose update cannot be split.
     *
     * @param part which share, 0 to {@code parts − 1}
     * @param parts how many shares the step is split into
     * @throws IndexOutOfBoundsException if {@code part} is not in [0, parts)
     */
    default void stepPart(int part, int parts) {
        Objects.checkIndex(part, parts);
        if (part == 0) {
            step();
        }
    }

    /** Ends a step applied by {@link #stepPart}: counts it. This default does nothing (part 0 ran {@link #step()}). */
    default void endStep() {
    }

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
