package io.github.lenet5j.model;

import io.github.lenet5j.nn.Parameter;
import java.util.List;

/** Copies parameter values between two models of the same architecture (a snapshot, another engine). */
final class Weights {
    private Weights() {
    }

    /** Copies each value of {@code from} into the parameter at the same place in {@code to}; the gradients stay. */
    static void copy(List<Parameter> from, List<Parameter> to) {
        for (int i = 0; i < from.size(); i++) {
            float[] values = from.get(i).value().data();
            System.arraycopy(values, 0, to.get(i).value().data(), 0, values.length);
        }
    }
}
