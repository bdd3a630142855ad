/**
 * Data that comes with lenet5j for tutorials and trials, outside the library jar: the Fashion-MNIST sample
 * ({@link io.github.lenet5j.datasets.FashionMnistSample}) and a model trained on all of Fashion-MNIST
 * ({@link io.github.lenet5j.datasets.PretrainedModels}).
 */
package io.github.lenet5j.datasets;
