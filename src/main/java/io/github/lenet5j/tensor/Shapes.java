package io.github.lenet5j.tensor;

/** Shape arithmetic and the shape checks every layer makes on its input. */
public final class Shapes {
    private Shapes() {
    }

    /** Any size is accepted in this dimension of an expected shape (used for the batch). */
    public static final int ANY = -1;

    /**
     * The number of values in a tensor of this shape.
     *
     * @param shape the dimensions
     * @return their product
     * @throws IllegalArgumentException if a dimension is below 1 or the product overflows an int
     */
    public static int size(int... shape) {
        long size = 1;
        for (int d : shape) {
            if (d < 1) {
                throw new IllegalArgumentException("invalid shape " + toString(shape) + ": every dimension must be >= 1");
            }
            size *= d;
            if (size > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("shape " + toString(shape) + " has too many values for one array");
            }
        }
        return (int) size;
    }

    /**
     * {@code [2, 1, 32, 32]}; {@link #ANY} prints as {@code N}.
     *
     * @param shape the dimensions
     * @return the shape as text
     */
    public static String toString(int... shape) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < shape.length; i++) {
            s.append(i > 0 ? ", " : "").append(shape[i] == ANY ? "N" : String.valueOf(shape[i]));
        }
        return s.append(']').toString();
    }

    /**
     * Checks that {@code input} has the expected shape, where {@link #ANY} matches any size.
     *
     * @param layer the name of the layer that checks, for the message
     * @param input the tensor to check
     * @param expected the shape, with {@link #ANY} for any size
     * @throws IllegalArgumentException naming the layer, the expected and the actual shape
     */
    public static void check(String layer, Tensor input, int... expected) {
        boolean ok = input.rank() == expected.length;
        for (int i = 0; ok && i < expected.length; i++) {
            ok = expected[i] == ANY || expected[i] == input.dim(i);
        }
        if (!ok) {
            throw mismatch(layer, expected, input.shape());
        }
    }

    /**
     * {@link #check(String, Tensor, int...)} for rank 2, without the varargs array (layers call it per batch).
     *
     * @param layer the name of the layer that checks, for the message
     * @param input the tensor to check
     * @param d0 the expected first dimension, or {@link #ANY}
     * @param d1 the expected second dimension, or {@link #ANY}
     */
    public static void check(String layer, Tensor input, int d0, int d1) {
        if (input.rank() != 2 || !fits(d0, input.dim(0)) || !fits(d1, input.dim(1))) {
            throw mismatch(layer, new int[] {d0, d1}, input.shape());
        }
    }

    /**
     * {@link #check(String, Tensor, int...)} for rank 4, without the varargs array (layers call it per batch).
     *
     * @param layer the name of the layer that checks, for the message
     * @param input the tensor to check
     * @param d0 the expected batch size, or {@link #ANY}
     * @param d1 the expected channels, or {@link #ANY}
     * @param d2 the expected height, or {@link #ANY}
     * @param d3 the expected width, or {@link #ANY}
     */
    public static void check(String layer, Tensor input, int d0, int d1, int d2, int d3) {
        if (input.rank() != 4 || !fits(d0, input.dim(0)) || !fits(d1, input.dim(1))
                || !fits(d2, input.dim(2)) || !fits(d3, input.dim(3))) {
            throw mismatch(layer, new int[] {d0, d1, d2, d3}, input.shape());
        }
    }

    private static boolean fits(int expected, int actual) {
        return expected == ANY || expected == actual;
    }

    /**
     * {@link #check(String, Tensor, int...)} for a shape without a tensor.
     *
     * @param layer the name of the layer that checks, for the message
     * @param actual the shape to check
     * @param expected the shape, with {@link #ANY} for any size
     */
    public static void check(String layer, int[] actual, int... expected) {
        boolean ok = actual.length == expected.length;
        for (int i = 0; ok && i < expected.length; i++) {
            ok = expected[i] == ANY || expected[i] == actual[i];
        }
        if (!ok) {
            throw mismatch(layer, expected, actual);
        }
    }

    private static IllegalArgumentException mismatch(String layer, int[] expected, int[] actual) {
        return new IllegalArgumentException(layer + ": expected input of shape " + toString(expected)
                + " but got " + toString(actual));
    }
}
