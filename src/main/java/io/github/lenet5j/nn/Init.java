package io.github.lenet5j.nn;

import io.github.lenet5j.tensor.Tensor;
import java.util.Random;

/** Weight initialisation shared by the layers. */
final class Init {
    private Init() {
    }

    /** Fills {@code t} with values uniform in [−bound, bound), drawn in index order from {@code random}. */
    static void uniform(Tensor t, float bound, Random random) {
        float[] v = t.data();
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) ((2 * random.nextDouble() - 1) * bound);
        }
    }
}
