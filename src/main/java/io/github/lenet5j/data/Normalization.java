package io.github.lenet5j.data;

/**
 * Maps a pixel value {@code x} in {@code [0, 1]} to {@code (x - mean) / std}.
 *
 * <p>For MNIST the usual values are {@code mean = 0.1307, std = 0.3081}; for Fashion-MNIST
 * {@code mean = 0.2860, std = 0.3530}.
 *
 * @param mean subtracted from every pixel
 * @param std  the divisor, positive
 */
public record Normalization(float mean, float std) {
    /** No change: {@code mean = 0, std = 1}. */
    public static final Normalization NONE = new Normalization(0f, 1f);
    /** The usual MNIST statistics. */
    public static final Normalization MNIST = new Normalization(0.1307f, 0.3081f);
    /** The usual Fashion-MNIST statistics. */
    public static final Normalization FASHION_MNIST = new Normalization(0.2860f, 0.3530f);

    /**
     * The 1998 paper's input scaling, {@code x·1.275 − 0.1}: background −0.1, ink 1.175, so that the mean
     * input is about 0 and the variance about 1 (what {@code ClassicLeNet5} expects).
     */
    public static final Normalization PAPER_1998 = new Normalization(0.1f / 1.275f, 1f / 1.275f);

    /**
     * Validates the statistics.
     *
     * @param mean subtracted from every pixel, finite
     * @param std  the divisor, positive and finite
     * @throws IllegalArgumentException if std is not positive and finite or mean not finite
     */
    public Normalization {
        if (!(std > 0) || !Float.isFinite(std) || !Float.isFinite(mean)) {
            throw new IllegalArgumentException("normalization needs a finite mean and a positive finite std, got mean="
                    + mean + " std=" + std);
        }
    }

    /**
     * The normalised value of a pixel.
     *
     * @param x a pixel value in {@code [0, 1]}
     * @return {@code (x - mean) / std}
     */
    public float apply(float x) {
        return (x - mean) / std;
    }
}
