/**
 * {@link io.github.lenet5j.model.LeNet5}, the network composed from the layers of {@code nn}, its
 * architecture ({@link io.github.lenet5j.model.LeNet5Config}: channels, classes, activation, pooling), and
 * {@link io.github.lenet5j.model.ModelFile}, which saves and loads it as safetensors.
 */
package io.github.lenet5j.model;
