package io.github.lenet5j.data;

/**
 * Random distortions of training images, like those of LeCun et al. (1998): each image is
 * shifted, rotated and scaled about its centre by amounts drawn uniformly from
 * {@code [-maxShift, maxShift]} pixels, {@code [-maxRotationDegrees, maxRotationDegrees]} and
 * {@code [1 - maxScale, 1 + maxScale]}, then resampled bilinearly. Samples that fall outside the
 * image repeat the nearest edge pixel (for padded MNIST that is the background).
 *
 * <p>The draws come from a seed alone (see {@link DataLoader}: one seed per epoch and example),
 * so the result does not depend on batch order or threads.
 *
 * @param maxShift           largest shift in pixels, in each direction, {@code >= 0}
 * @param maxRotationDegrees largest rotation in degrees, {@code >= 0}
 * @param maxScale           largest relative change of size, in {@code [0, 1)}
 */
public record Augmentation(int maxShift, float maxRotationDegrees, float maxScale) {
    /** No distortion. */
    public static final Augmentation NONE = new Augmentation(0, 0f, 0f);
    /** Shifts of up to 2 pixels, rotations of up to 10 degrees and scaling by up to 10%. */
    public static final Augmentation LENET = new Augmentation(2, 10f, 0.1f);

    private static final int SIDE = Dataset.SIDE;
    private static final float CENTRE = (SIDE - 1) / 2f;

    /**
     * @param maxShift largest shift in pixels, in each direction
     * @param maxRotationDegrees largest rotation in degrees
     * @param maxScale largest relative change of size
     * @throws IllegalArgumentException if a limit is negative, not finite, or maxScale is 1 or more
     */
    public Augmentation {
        if (maxShift < 0 || maxShift >= SIDE || !(maxRotationDegrees >= 0) || !Float.isFinite(maxRotationDegrees)
                || !(maxScale >= 0) || !(maxScale < 1)) {
            throw new IllegalArgumentException("invalid augmentation " + maxShift + ", " + maxRotationDegrees
                    + ", " + maxScale + ": need 0 <= maxShift < 32, 0 <= maxRotationDegrees, 0 <= maxScale < 1");
        }
    }

    /** {@return true when this augmentation changes nothing} */
    public boolean isNone() {
        return maxShift == 0 && maxRotationDegrees == 0 && maxScale == 0;
    }

    /**
     * Writes the distorted {@code src} ({@code channels x 32 x 32}) into {@code dest} at
     * {@code offset}; the same seed always gives the same distortion.
     */
    void apply(float[] src, int channels, long seed, float[] dest, int offset) {
        float shiftX = maxShift * symmetric(seed, 1);
        float shiftY = maxShift * symmetric(seed, 2);
        double angle = Math.toRadians(maxRotationDegrees * symmetric(seed, 3));
        float scale = 1 + maxScale * symmetric(seed, 4);
        // Inverse mapping: for every output pixel, where in the source does it come from?
        float cos = (float) Math.cos(angle) / scale;
        float sin = (float) Math.sin(angle) / scale;
        for (int y = 0; y < SIDE; y++) {
            float v = y - CENTRE - shiftY;
            for (int x = 0; x < SIDE; x++) {
                float u = x - CENTRE - shiftX;
                float sx = cos * u + sin * v + CENTRE;
                float sy = -sin * u + cos * v + CENTRE;
                for (int c = 0; c < channels; c++) {
                    dest[offset + (c * SIDE + y) * SIDE + x] = bilinear(src, c * SIDE * SIDE, sx, sy);
                }
            }
        }
    }

    private static float bilinear(float[] image, int base, float x, float y) {
        x = Math.max(0, Math.min(SIDE - 1, x));
        y = Math.max(0, Math.min(SIDE - 1, y));
        int x0 = Math.min((int) x, SIDE - 2);
        int y0 = Math.min((int) y, SIDE - 2);
        float fx = x - x0;
        float fy = y - y0;
        int i = base + y0 * SIDE + x0;
        float top = image[i] + fx * (image[i + 1] - image[i]);
        float bottom = image[i + SIDE] + fx * (image[i + SIDE + 1] - image[i + SIDE]);
        return top + fy * (bottom - top);
    }

    /** A uniform number in {@code [-1, 1)}, the {@code k}-th draw of {@code seed}. */
    private static float symmetric(long seed, int k) {
        return (float) ((DataLoader.mix(seed + k * DataLoader.GOLDEN) >>> 11) * 0x1.0p-52 - 1);
    }
}
