/**
 * Optimizers that update {@link io.github.lenet5j.nn.Parameter}s in place, matching {@code torch.optim}:
 * {@link io.github.lenet5j.optim.SGD} (momentum, Nesterov, weight decay) and
 * {@link io.github.lenet5j.optim.Adam}, with their configurations and learning-rate schedules.
 */
package io.github.lenet5j.optim;
