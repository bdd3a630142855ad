/**
 * The fast engine: the kernels that the layers (package {@code nn}) call, in one line each, when a model runs on
 * {@code Engine.FAST}. They compute the same sums as the layers' reference loops, in another order
 * and on other data layouts: convolutions as matrix products over im2col ({@link io.github.lenet5j.kernels.ConvKernel},
 * {@link io.github.lenet5j.kernels.SparseConvKernel}), linear layers as products on row workspaces
 * ({@link io.github.lenet5j.kernels.LinearKernel}), branch-free max pooling that remembers its winners
 * ({@link io.github.lenet5j.kernels.MaxPoolKernel}), and rational tanh and sigmoid
 * ({@link io.github.lenet5j.kernels.ActivationKernels}). The product has a plain and a Vector API implementation;
 * {@link io.github.lenet5j.kernels.Kernels} says which one runs.
 *
 * <p>This package depends on nothing but the JDK (plain {@code float[]} in, plain {@code float[]} out), and
 * nothing in it is needed to use the library: {@code nn.Engine} chooses the engine and says which kernels run.
 * docs/performance.md explains how each kernel computes its sums.
 */
package io.github.lenet5j.kernels;
