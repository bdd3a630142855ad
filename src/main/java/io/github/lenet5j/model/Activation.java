package io.github.lenet5j.model;

import io.github.lenet5j.nn.Engine;
import io.github.lenet5j.nn.Layer;
import io.github.lenet5j.nn.ReLU;
import io.github.lenet5j.nn.Sigmoid;
import io.github.lenet5j.nn.Tanh;

/** The non-linearity after conv1, conv2, fc1 and fc2. */
public enum Activation {
    /** σ(x) = 1/(1+e^−x): what the classic tutorial's text names, and the default. */
    SIGMOID,
    /** max(0, x). */
    RELU,
    /** tanh(x). */
    TANH;

    /** {@return the name used on the command line and in model files: {@code sigmoid}, {@code relu}, {@code tanh}} */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The activation with this {@link #id()}.
     *
     * @param id {@code sigmoid}, {@code relu} or {@code tanh}
     * @return the activation
     * @throws IllegalArgumentException naming the valid choices
     */
    public static Activation parse(String id) {
        for (Activation a : values()) {
            if (a.id().equals(id)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown activation '" + id + "': expected sigmoid, relu or tanh");
    }

    Layer create(String name, Engine engine) {
        return switch (this) {
            case SIGMOID -> new Sigmoid(name, engine);
            case RELU -> new ReLU(name, engine);
            case TANH -> new Tanh(name, false, engine);
        };
    }
}
