package io.github.lenet5j.nn;

import static io.github.lenet5j.tensor.Shapes.ANY;

import io.github.lenet5j.tensor.Shapes;
import io.github.lenet5j.tensor.Tensor;

/**
 * The shape rule of the three 2×2, stride-2 pooling layers: {@code (N, C, H, W) → (N, C, H/2, W/2)}, an odd last
 * row or column dropped, as PyTorch's floor mode does.
 */
final class Pool2x2 {
    private Pool2x2() {
    }

    /**
     * {@return the output shape for an input shape}
     *
     * @param layer the layer's name, for the error
     * @param inputShape {@code (N, C, H, W)}
     * @param channels the channel count the layer requires, or {@link Shapes#ANY}
     * @throws IllegalArgumentException naming the layer, if the shape is wrong or smaller than 2×2
     */
    static int[] outputShape(String layer, int[] inputShape, int channels) {
        Shapes.check(layer, inputShape, ANY, channels, ANY, ANY);
        checkSize(layer, inputShape[2], inputShape[3]);
        return new int[] {inputShape[0], inputShape[1], inputShape[2] / 2, inputShape[3] / 2};
    }

    /**
     * Checks a forward's input, as {@link #outputShape} does, allocating nothing.
     *
     * @param layer the layer's name, for the error
     * @param input {@code (N, C, H, W)}
     * @param channels the channel count the layer requires, or {@link Shapes#ANY}
     * @throws IllegalArgumentException naming the layer, if the shape is wrong or smaller than 2×2
     */
    static void check(String layer, Tensor input, int channels) {
        Shapes.check(layer, input, ANY, channels, ANY, ANY);
        checkSize(layer, input.dim(2), input.dim(3));
    }

    static void checkSize(String layer, int height, int width) {
        if (height < 2 || width < 2) {
            throw new IllegalArgumentException(layer + ": expected input of at least 2x2 pixels but got "
                    + height + "x" + width);
        }
    }
}
