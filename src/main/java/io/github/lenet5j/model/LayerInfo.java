package io.github.lenet5j.model;

import java.util.List;

/**
 * One row of the model's layer table.
 *
 * @param name the layer's name, e.g. {@code conv1}
 * @param stage the stage of the 1998 paper it implements ({@code C1}, {@code S2}, ..., {@code OUTPUT}), or empty
 * @param output the output shape without the batch dimension
 * @param params the number of trainable parameters
 */
public record LayerInfo(String name, String stage, List<Integer> output, int params) {
}
