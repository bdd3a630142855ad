package io.github.lenet5j.optim;

/**
 * Multiplies the learning rate by {@code gamma} every {@code stepSize} epochs: PyTorch's
 * {@code StepLR} in its closed form (computed in double, as Python does, then rounded to float).
 *
 * @param stepSize epochs between decays, {@code >= 1}
 * @param gamma the decay factor, finite and {@code > 0}
 */
public record StepSchedule(int stepSize, float gamma) implements LearningRateSchedule {
    /**
     * @param stepSize epochs between decays
     * @param gamma the decay factor
     * @throws IllegalArgumentException if {@code stepSize < 1} or {@code gamma} is not finite and positive
     */
    public StepSchedule {
        if (stepSize < 1) {
            throw new IllegalArgumentException("StepSchedule: stepSize must be >= 1 but was " + stepSize);
        }
        if (!Float.isFinite(gamma) || gamma <= 0f) {
            throw new IllegalArgumentException("StepSchedule: gamma must be finite and > 0 but was " + gamma);
        }
    }

    // lr = η0 · γ^⌊epoch / stepSize⌋
    @Override
    public float learningRate(float baseLr, int epoch) {
        Floats.checkEpoch("StepSchedule", epoch);
        return (float) (Floats.decimal(baseLr) * Math.pow(Floats.decimal(gamma), epoch / stepSize));
    }
}
