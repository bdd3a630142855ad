package io.github.lenet5j.kernels;

import java.util.Arrays;

/**
 * A copy of the weight that a kernel last made something from (a transposed or re-laid-out copy of it), to tell
 * whether the weight changed since: training changes it at every step, inference never. Comparing is a vectorised
 * scan of two arrays ({@link Arrays#equals}) that stops at the first difference, far cheaper than remaking the
 * copy, and unlike a version counter it cannot miss a write. Used by {@link ConvKernel} and {@link LinearKernel}.
 */
final class LastWeight {
    private float[] seen;   // the weight at the last call that found it changed; null before the first call

    /**
     * {@return whether w differs from the weight of the last call (true at the first)} If it does, w is from now
     * on the weight seen, and the caller remakes what it made from it.
     */
    boolean changed(float[] w) {
        if (seen != null && Arrays.equals(w, seen)) {
            return false;
        }
        if (seen == null || seen.length != w.length) {
            seen = new float[w.length];
        }
        System.arraycopy(w, 0, seen, 0, w.length);
        return true;
    }
}
