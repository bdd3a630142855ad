/**
 * Loss functions with their gradients: {@link io.github.lenet5j.loss.CrossEntropyLoss} (fused with
 * log-softmax, optional label smoothing) and {@link io.github.lenet5j.loss.MSELoss}, matching PyTorch.
 */
package io.github.lenet5j.loss;
