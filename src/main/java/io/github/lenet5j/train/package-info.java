/**
 * The training loop: {@link io.github.lenet5j.train.Trainer} runs seeded epochs of mini-batch gradient
 * descent on cross-entropy and evaluates a model ({@link io.github.lenet5j.train.Evaluation});
 * {@link io.github.lenet5j.train.TrainingListener} reports progress.
 */
package io.github.lenet5j.train;
