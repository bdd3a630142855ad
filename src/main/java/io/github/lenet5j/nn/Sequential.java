package io.github.lenet5j.nn;

import io.github.lenet5j.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Layers applied one after another: forward in order, backward in reverse order. */
public final class Sequential implements Layer {
    private final String name;
    private final List<Layer> layers;
    private final List<Parameter> parameters;

    /**
     * A sequence of layers.
     *
     * @param name the name of the sequence
     * @param layers the layers, in forward order
     * @throws IllegalArgumentException if there are no layers or two share a name
     */
    public Sequential(String name, List<? extends Layer> layers) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException(name + ": a Sequential needs at least one layer");
        }
        this.name = name;
        this.layers = List.copyOf(layers);
        List<Parameter> all = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Layer layer : this.layers) {
            if (names.contains(layer.name())) {
                throw new IllegalArgumentException(name + ": two layers are named " + layer.name());
            }
            names.add(layer.name());
            all.addAll(layer.parameters());
        }
        this.parameters = List.copyOf(all);
    }

    @Override
    public String name() {
        return name;
    }

    /** {@return the layers, in forward order} */
    public List<Layer> layers() {
        return layers;
    }

    @Override
    public List<Parameter> parameters() {
        return parameters;
    }

    /** Initialises every layer in order from one random source, so one seed fixes all weights. */
    @Override
    public void initialize(Random random) {
        for (Layer layer : layers) {
            layer.initialize(random);
        }
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        int[] shape = inputShape;
        for (Layer layer : layers) {
            shape = layer.outputShape(shape);
        }
        return shape;
    }

    /** The layers' multiply-adds, each for the shape the layers before it produce. */
    @Override
    public long multiplyAdds(int[] inputShape) {
        long total = 0;
        int[] shape = inputShape;
        for (Layer layer : layers) {
            total += layer.multiplyAdds(shape);
            shape = layer.outputShape(shape);
        }
        return total;
    }

    @Override
    public Tensor forward(Tensor input) {
        Tensor x = input;
        for (int i = 0; i < layers.size(); i++) {
            x = layers.get(i).forward(x);
        }
        return x;
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        Tensor g = gradOutput;
        for (int i = layers.size() - 1; i >= 0; i--) {
            g = layers.get(i).backward(g);
        }
        return g;
    }

    /** As {@link #backward}, but the first layer skips its input gradient (see {@link Layer#backwardParameters}). */
    @Override
    public void backwardParameters(Tensor gradOutput) {
        Tensor g = gradOutput;
        for (int i = layers.size() - 1; i > 0; i--) {
            g = layers.get(i).backward(g);
        }
        layers.get(0).backwardParameters(g);
    }

    @Override
    public Sequential replica() {
        List<Layer> copies = new ArrayList<>();
        for (Layer layer : layers) {
            copies.add(layer.replica());
        }
        return new Sequential(name, copies);
    }
}
