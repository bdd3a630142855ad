package io.github.lenet5j.nn;

import io.github.lenet5j.tensor.Tensor;

/**
 * A trainable tensor with a PyTorch-style name ({@code conv1.weight}) and the gradient that
 * backward passes accumulate into it ({@code grad += ...}; {@link #zeroGrad()} clears it).
 * Value and gradient have the same shape and layout.
 */
public final class Parameter {
    private final String name;
    private final Tensor value;
    private final Tensor grad;

    /**
     * A zero-filled parameter of the given shape.
     *
     * @param name the name, as in PyTorch's {@code state_dict}
     * @param shape the shape
     */
    public Parameter(String name, int... shape) {
        this(name, new Tensor(shape), new Tensor(shape));
    }

    private Parameter(String name, Tensor value, Tensor grad) {
        this.name = name;
        this.value = value;
        this.grad = grad;
    }

    /** {@return the name, as in PyTorch's {@code state_dict}} */
    public String name() {
        return name;
    }

    /** {@return the values} */
    public Tensor value() {
        return value;
    }

    /** {@return the accumulated gradient of the loss with respect to the values} */
    public Tensor grad() {
        return grad;
    }

    /** {@return the number of values} */
    public int size() {
        return value.size();
    }

    /** Clears the gradient. */
    public void zeroGrad() {
        grad.zero();
    }

    /**
     * A parameter that shares this one's values but has its own gradient: what a data-parallel
     * worker uses, so that workers never write the same gradient array.
     *
     * @return the parameter
     */
    public Parameter withOwnGradient() {
        return new Parameter(name, value, new Tensor(value.shape()));
    }

    @Override
    public String toString() {
        return name + value;
    }
}
