/**
 * {@link io.github.lenet5j.tensor.Tensor}: one {@code float[]} and a shape, row-major, NCHW for images;
 * {@link io.github.lenet5j.tensor.Shapes}: sizes and shape checks whose errors name the layer. The
 * package depends on nothing else in lenet5j.
 */
package io.github.lenet5j.tensor;
