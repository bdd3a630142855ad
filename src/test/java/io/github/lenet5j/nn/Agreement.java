package io.github.lenet5j.nn;

import static org.assertj.core.api.Assertions.assertThat;

/** How the tests compare the two engines: each value to within a share of the largest value compared. */
public final class Agreement {
    private Agreement() {
    }

    /**
     * Asserts |fast[i] − reference[i]| ≤ tolerance · max|reference| for every i, and that the reference is not all
     * zeros (comparing zeros proves nothing).
     */
    public static void assertClose(String what, float[] fast, float[] reference, double tolerance) {
        assertThat(fast).as(what + " length").hasSameSizeAs(reference);
        double largest = 0;
        for (float e : reference) {
            largest = Math.max(largest, Math.abs(e));
        }
        assertThat(largest).as("largest |%s| (comparing zeros proves nothing)", what).isGreaterThan(0);
        for (int i = 0; i < fast.length; i++) {
            assertThat((double) Math.abs(fast[i] - reference[i]))
                    .as("%s[%d]: fast %s, reference %s", what, i, fast[i], reference[i])
                    .isLessThanOrEqualTo(tolerance * largest);
        }
    }
}
