/**
 * The layers of LeNet-5, one class each, with {@code forward} and {@code backward} side by side:
 * {@link io.github.lenet5j.nn.Conv2d}, {@link io.github.lenet5j.nn.SparseConv2d}, the poolings,
 * {@link io.github.lenet5j.nn.Linear}, the activations, {@link io.github.lenet5j.nn.Softmax},
 * {@link io.github.lenet5j.nn.EuclideanRbf}; a {@link io.github.lenet5j.nn.Parameter} holds a value and its
 * accumulated gradient under its PyTorch {@code state_dict} name.
 *
 * <p>Each layer's {@code forward} and {@code backward} are its reference: plain loops over {@code float[]}, a
 * screen each, with the formula and a link to its section of {@code docs/math.md}. A layer built on
 * {@link io.github.lenet5j.nn.Engine#FAST} (the default) hands the batch to its fast kernel in package
 * {@code io.github.lenet5j.kernels} instead, in one line at the top of the loops; the tests prove both equal.
 */
package io.github.lenet5j.nn;
