package io.github.lenet5j.nn;

import io.github.lenet5j.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A convolution, a tanh and a 2×2 trainable subsampling, run as one layer: what {@code ClassicLeNet5} runs on the
 * fast engine for its C1 → f → S2, the three layers being the model's own (their parameters, names and table rows
 * stay theirs). Forward is the three layers' forwards. As a network's first layer, backward needs no input
 * gradient, and on the vector kernels the convolution then takes the gradient back through the subsampling and
 * the tanh itself, image by image, into the rows its weight gradient reads: the same values without the two
 * layers' input gradients of the whole batch (docs/performance-rounds.md, round 18). Elsewhere it is the three
 * backwards.
 */
public final class ConvTanhSubsampling implements Layer {
    private final Conv2d conv;
    private final Tanh tanh;
    private final Subsampling subsampling;
    private final String name;

    /**
     * The convolution, then the tanh, then the subsampling.
     *
     * @param conv the convolution
     * @param tanh the tanh after it
     * @param subsampling the subsampling after the tanh
     * @throws IllegalArgumentException if the subsampling's channels are not the convolution's output channels
     */
    public ConvTanhSubsampling(Conv2d conv, Tanh tanh, Subsampling subsampling) {
        if (subsampling.weight().size() != conv.outChannels()) {
            throw new IllegalArgumentException(subsampling.name() + ": expected " + conv.outChannels()
                    + " channels, the output channels of " + conv.name() + ", but got " + subsampling.weight().size());
        }
        this.conv = conv;
        this.tanh = tanh;
        this.subsampling = subsampling;
        this.name = conv.name() + "+" + tanh.name() + "+" + subsampling.name();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>(conv.parameters());
        all.addAll(subsampling.parameters());
        return all;
    }

    @Override
    public void initialize(Random random) {
        conv.initialize(random);
        subsampling.initialize(random);
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        return subsampling.outputShape(tanh.outputShape(conv.outputShape(inputShape)));
    }

    @Override
    public long multiplyAdds(int[] inputShape) {
        return conv.multiplyAdds(inputShape);
    }

    // y = subsampling(tanh(conv(x))): the three layers' forwards (docs/math.md)
    @Override
    public Tensor forward(Tensor input) {
        return subsampling.forward(tanh.forward(conv.forward(input)));
    }

    // the chain rule through all three: dx = conv.backward(tanh.backward(subsampling.backward(g)))
    @Override
    public Tensor backward(Tensor gradOutput) {
        return conv.backward(tanh.backward(subsampling.backward(gradOutput)));
    }

    // the same without dx (a first layer); on the vector kernels the convolution's kernels take g back through the
    // subsampling and the tanh themselves, and add the subsampling's parameter gradients on the way
    @Override
    public void backwardParameters(Tensor gradOutput) {
        if (conv.routesThroughSubsampling()) {
            subsampling.checkGradient(gradOutput);
            conv.backwardParametersThroughTanhSubsampling(tanh.output(), gradOutput, subsampling, tanh.slope(),
                    tanh.amplitude());
        } else {
            conv.backwardParameters(tanh.backward(subsampling.backward(gradOutput)));
        }
    }

    @Override
    public ConvTanhSubsampling replica() {
        return new ConvTanhSubsampling(conv.replica(), tanh.replica(), subsampling.replica());
    }
}
