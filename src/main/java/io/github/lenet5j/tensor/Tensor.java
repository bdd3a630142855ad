package io.github.lenet5j.tensor;

import java.util.Arrays;

/**
 * A dense float32 tensor: one {@code float[]} of values and a shape, stored row-major
 * (the last index varies fastest). Images are NCHW, as in PyTorch.
 *
 * <p>A tensor is a thin, mutable box around its array: layers read and write {@link #data()}
 * directly in their loops. The shape is fixed at construction.
 */
public final class Tensor {
    private final float[] data;
    private final int[] shape;

    /**
     * A zero-filled tensor of the given shape; every dimension must be at least 1.
     *
     * @param shape the dimensions, e.g. {@code 1, 1, 32, 32}
     */
    public Tensor(int... shape) {
        this(new float[Shapes.size(shape)], shape);
    }

    /**
     * A tensor that wraps {@code data} (no copy) with the given shape.
     *
     * @param data the values, row-major
     * @param shape the dimensions
     * @throws IllegalArgumentException if {@code data.length} is not the product of the shape
     */
    public Tensor(float[] data, int... shape) {
        int size = Shapes.size(shape);
        if (data.length != size) {
            throw new IllegalArgumentException("data has " + data.length + " values but shape "
                    + Shapes.toString(shape) + " needs " + size);
        }
        this.data = data;
        this.shape = shape.clone();
    }

    /** {@return the values, row-major} Writing to the array changes the tensor. */
    public float[] data() {
        return data;
    }

    /** {@return a copy of the shape} */
    public int[] shape() {
        return shape.clone();
    }

    /** {@return the number of dimensions} */
    public int rank() {
        return shape.length;
    }

    /**
     * The size of dimension {@code i}.
     *
     * @param i the dimension, from 0
     * @return its size
     */
    public int dim(int i) {
        return shape[i];
    }

    /** {@return the number of values: the product of the shape} */
    public int size() {
        return data.length;
    }

    /**
     * True when this tensor's shape equals {@code other}.
     *
     * @param other the dimensions
     * @return whether the shape equals them
     */
    public boolean hasShape(int... other) {
        return Arrays.equals(shape, other);
    }

    /**
     * True when both tensors have the same shape.
     *
     * @param other the other tensor
     * @return whether the shapes are equal
     */
    public boolean sameShape(Tensor other) {
        return Arrays.equals(shape, other.shape);
    }

    /** {@return a deep copy: new array, same shape} */
    public Tensor copy() {
        return new Tensor(data.clone(), shape);
    }

    /**
     * A tensor sharing this one's values with another shape of the same size.
     *
     * @param newShape the dimensions, whose product is {@link #size()}
     * @return a view of the same values
     */
    public Tensor reshape(int... newShape) {
        return new Tensor(data, newShape);
    }

    /**
     * The value at a full index, e.g. {@code get(n, c, h, w)}; for tests and examples, not hot loops.
     *
     * @param index one index per dimension
     * @return the value
     */
    public float get(int... index) {
        return data[offset(index)];
    }

    /**
     * Sets the value at a full index; for tests and examples, not hot loops.
     *
     * @param value the new value
     * @param index one index per dimension
     */
    public void set(float value, int... index) {
        data[offset(index)] = value;
    }

    private int offset(int[] index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("index of rank " + index.length + " into a tensor of shape "
                    + Shapes.toString(shape));
        }
        int offset = 0;
        for (int i = 0; i < shape.length; i++) {
            if (index[i] < 0 || index[i] >= shape[i]) {
                throw new IndexOutOfBoundsException("index " + Arrays.toString(index) + " out of shape "
                        + Shapes.toString(shape));
            }
            offset = offset * shape[i] + index[i];
        }
        return offset;
    }

    /** Sets every value to zero. */
    public void zero() {
        Arrays.fill(data, 0f);
    }

    @Override
    public String toString() {
        return "Tensor" + Shapes.toString(shape);
    }
}
