/**
 * The layers of LeNet-5, one class each, with {@code forward} and {@code backward} side by side:
 * {@link io.github.lenet5j.nn.Conv2d}, the poolings, {@link io.github.lenet5j.nn.Linear}, the activations,
 * {@link io.github.lenet5j.nn.Softmax}; a {@link io.github.lenet5j.nn.Parameter} holds a value and its
 * accumulated gradient under its PyTorch {@code state_dict} name. See {@code docs/math.md}.
 */
package io.github.lenet5j.nn;
