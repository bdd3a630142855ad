package io.github.lenet5j.model;

import java.util.List;

/**
 * One row of {@link ClassicLeNet5#layerTable()}: {@link LayerInfo} plus the paper's connection count.
 *
 * @param name the layer's name, e.g. {@code c3}
 * @param stage the stage of the 1998 paper ({@code C1}, {@code S2}, ..., {@code OUTPUT}), or empty
 * @param output the output shape without the batch dimension
 * @param params the number of trainable parameters
 * @param connections the number of input-to-unit connections, biases included, counted as the paper does:
 *     every use of a shared weight at another output position is another connection
 */
public record ClassicLayerInfo(String name, String stage, List<Integer> output, int params, int connections) {
}
