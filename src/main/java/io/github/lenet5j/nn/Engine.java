package io.github.lenet5j.nn;

import io.github.lenet5j.kernels.Kernels;
import java.util.Locale;

/**
 * Which code a layer runs. Both engines compute the same function with the same parameters, save and load the
 * same files, and train to the same accuracy; their results agree to float rounding, not to the bit.
 * <ul>
 *   <li>{@link #REFERENCE}: every layer on its own plain loops over {@code float[]}, written to be read beside
 *       docs/math.md: the code a learner reads, and what the tests prove against finite differences.</li>
 *   <li>{@link #FAST}: the layers that have one call a fast kernel from {@code io.github.lenet5j.kernels}
 *       instead (convolutions as matrix products, Vector API tiles, rational tanh, ...), proven equal to the reference
 *       loops by the tests. The default.</li>
 * </ul>
 * Layers without a fast kernel (AvgPool2d, Subsampling, Softmax, Flatten, EuclideanRbf) run their reference
 * loops on both engines.
 */
public enum Engine {
    /** The plain loops of each layer. */
    REFERENCE,
    /** The fast kernels, where a layer has them; the default. */
    FAST;

    /** The system property that turns the fast engine's vector kernels off: {@code -Dlenet5j.kernels=scalar}. */
    public static final String KERNELS_PROPERTY = Kernels.PROPERTY;
    /** The JDK module of the Vector API, which the fast engine's vector kernels need ({@code --add-modules}). */
    public static final String VECTOR_MODULE = Kernels.VECTOR_MODULE;

    /** {@return the name used on the command line and in reports: {@code reference} or {@code fast}} */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The engine with this {@link #id()}.
     *
     * @param id {@code reference} or {@code fast}
     * @return the engine
     * @throws IllegalArgumentException naming the valid choices
     */
    public static Engine parse(String id) {
        for (Engine e : values()) {
            if (e.id().equals(id)) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown engine '" + id + "': expected reference or fast");
    }

    /**
     * {@return the product kernels this engine runs in this JVM: for {@link #FAST} {@code vector} (the Vector API,
     * when the JVM was started with {@code --add-modules} {@link #VECTOR_MODULE}), else {@code scalar-fma} (plain
     * loops whose products use {@link Math#fma}, where HotSpot compiles it to an instruction) or {@code scalar}
     * (the same loops rounding each product, elsewhere or with {@code -Dlenet5j.fma=false}); {@code loops} for
     * {@link #REFERENCE}} The system property {@link #KERNELS_PROPERTY}{@code =scalar} turns the vector kernels off.
     * The same seed and thread count give the same weights on the same kernels, on any machine.
     */
    public String kernels() {
        return this == FAST ? Kernels.active() : "loops";
    }

    /** {@return the engine and its kernels, e.g. {@code fast (vector kernels)} or {@code reference (plain loops)}} */
    public String describe() {
        return this == FAST ? "fast (" + kernels() + " kernels)" : "reference (plain loops)";
    }
}
