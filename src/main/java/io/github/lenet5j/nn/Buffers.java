package io.github.lenet5j.nn;

import io.github.lenet5j.tensor.Shapes;
import io.github.lenet5j.tensor.Tensor;

/** How layers keep their output and gradient buffers: allocated when the shape changes, reused otherwise. */
final class Buffers {
    private Buffers() {
    }

    /** {@code current} when it already has {@code shape}, else a new zero tensor of that shape. */
    static Tensor reuse(Tensor current, int... shape) {
        return current != null && current.hasShape(shape) ? current : new Tensor(shape);
    }

    /** {@link #reuse(Tensor, int...)} for rank 2, allocating nothing when the shape is unchanged. */
    static Tensor reuse(Tensor current, int d0, int d1) {
        boolean same = current != null && current.rank() == 2 && current.dim(0) == d0 && current.dim(1) == d1;
        return same ? current : new Tensor(d0, d1);
    }

    /** {@link #reuse(Tensor, int...)} for rank 4, allocating nothing when the shape is unchanged. */
    static Tensor reuse(Tensor current, int d0, int d1, int d2, int d3) {
        boolean same = current != null && current.rank() == 4 && current.dim(0) == d0 && current.dim(1) == d1
                && current.dim(2) == d2 && current.dim(3) == d3;
        return same ? current : new Tensor(d0, d1, d2, d3);
    }

    /** {@code current} when it already has the shape of {@code like}, else a new zero tensor of that shape. */
    static Tensor reuseLike(Tensor current, Tensor like) {
        return current != null && current.sameShape(like) ? current : new Tensor(like.shape());
    }

    /** Checks that backward's gradient matches the output that forward produced. */
    static void checkGradient(String layer, Tensor output, Tensor gradOutput) {
        if (output == null) {
            throw new IllegalStateException(layer + ": backward called before forward");
        }
        if (!gradOutput.sameShape(output)) {
            throw new IllegalArgumentException(layer + ": expected gradient of shape "
                    + Shapes.toString(output.shape()) + " but got "
                    + Shapes.toString(gradOutput.shape()));
        }
    }
}
