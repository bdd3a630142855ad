package io.github.lenet5j.optim;

/**
 * Cosine annealing from the base learning rate down to {@code minLr} over {@code totalEpochs}:
 * PyTorch's {@code CosineAnnealingLR} in its closed form (computed in double, then rounded to float).
 * As in PyTorch, past {@code totalEpochs} the cosine continues, so the rate rises again.
 *
 * @param totalEpochs T, the epochs of one half cosine period, {@code >= 1}
 * @param minLr η_min, finite and {@code >= 0}
 */
public record CosineSchedule(int totalEpochs, float minLr) implements LearningRateSchedule {
    /**
     * @param totalEpochs the epochs of one half cosine period
     * @param minLr the smallest learning rate
     * @throws IllegalArgumentException if {@code totalEpochs < 1} or {@code minLr} is negative or not finite
     */
    public CosineSchedule {
        if (totalEpochs < 1) {
            throw new IllegalArgumentException("CosineSchedule: totalEpochs must be >= 1 but was " + totalEpochs);
        }
        Floats.check("CosineSchedule", "minLr", minLr, 0f);
    }

    // lr = η_min + (η0 − η_min) · (1 + cos(π · epoch / T)) / 2
    @Override
    public float learningRate(float baseLr, int epoch) {
        Floats.checkEpoch("CosineSchedule", epoch);
        double min = Floats.decimal(minLr);
        return (float) (min + (Floats.decimal(baseLr) - min) * (1 + Math.cos(Math.PI * epoch / totalEpochs)) / 2);
    }
}
