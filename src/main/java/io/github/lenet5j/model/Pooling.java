package io.github.lenet5j.model;

import io.github.lenet5j.nn.AvgPool2d;
import io.github.lenet5j.nn.Engine;
import io.github.lenet5j.nn.Layer;
import io.github.lenet5j.nn.MaxPool2d;
import io.github.lenet5j.nn.Subsampling;

/** The 2×2, stride-2 pooling of S2 and S4. */
public enum Pooling {
    /** Max pooling: the reference code's choice, and the default. */
    MAX,
    /** Average pooling. */
    AVG,
    /** LeNet-5's trainable subsampling: window sum × a coefficient + a bias, per map. */
    SUBSAMPLING;

    /** {@return the name used on the command line and in model files: {@code max}, {@code avg}, {@code subsampling}} */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The pooling with this {@link #id()}.
     *
     * @param id {@code max}, {@code avg} or {@code subsampling}
     * @return the pooling
     * @throws IllegalArgumentException naming the valid choices
     */
    public static Pooling parse(String id) {
        for (Pooling p : values()) {
            if (p.id().equals(id)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown pooling '" + id + "': expected max, avg or subsampling");
    }

    Layer create(String name, int channels, Engine engine) {
        return switch (this) {
            case MAX -> new MaxPool2d(name, engine);
            case AVG -> new AvgPool2d(name, engine);
            case SUBSAMPLING -> new Subsampling(name, channels, engine);
        };
    }
}
