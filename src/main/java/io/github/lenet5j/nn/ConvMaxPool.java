package io.github.lenet5j.nn;

import io.github.lenet5j.tensor.Tensor;
import java.util.List;
import java.util.Random;

/**
 * A convolution followed by 2×2 max pooling, run as one layer: what {@code LeNet5} runs on the fast engine for
 * conv1 → s2 and conv2 → s4, the two layers being the model's own (their parameters, names and table rows stay
 * theirs). Until the first backward, forward is inference's: where the fast engine's kernels can, the convolution's
 * output is pooled while in cache and the full output is not kept ({@code ConvKernel.forwardMaxPooled},
 * docs/performance.md); elsewhere it is the two layers' forwards. A backward needs that output (the pooling routes
 * the gradient to each window's maximum), so the first one runs the training forward again on the same input,
 * which gives the same values, and from then on (training) forward keeps what backward needs: the two layers one
 * after the other, or on the vector kernels one pass that pools the output while in cache and keeps it, on the
 * scalar kernels one pass by the pooling windows' corners that keeps each window's winner instead; either way the
 * backward then routes the gradient in the convolution's kernels (on the scalar kernels over the winners alone
 * where K = inChannels·kernel² ≥ 64, conv2).
 */
public final class ConvMaxPool implements Layer {
    private final Conv2d conv;
    private final MaxPool2d pool;
    private final String name;
    private Tensor input;         // the last forward's input, for the forwards a backward runs again
    private boolean pooledOnly;   // the last forward kept only the pooled output
    private boolean training;     // a backward has run: forward keeps what backward needs

    /**
     * The convolution, then the pooling.
     *
     * @param conv the convolution
     * @param pool the max pooling after it
     */
    public ConvMaxPool(Conv2d conv, MaxPool2d pool) {
        this.conv = conv;
        this.pool = pool;
        this.name = conv.name() + "+" + pool.name();
    }

    @Override
    public String name() {
        return name;
    }

    /** {@return the convolution} */
    public Conv2d conv() {
        return conv;
    }

    /** {@return the pooling} */
    public MaxPool2d pool() {
        return pool;
    }

    @Override
    public List<Parameter> parameters() {
        return conv.parameters();
    }

    @Override
    public void initialize(Random random) {
        conv.initialize(random);
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        return pool.outputShape(conv.outputShape(inputShape));
    }

    @Override
    public long multiplyAdds(int[] inputShape) {
        return conv.multiplyAdds(inputShape);
    }

    // y = maxpool(conv(x)): the two layers' forwards (docs/math.md#conv2d, docs/math.md#maxpool2d)
    @Override
    public Tensor forward(Tensor input) {
        this.input = input;
        pooledOnly = !training && conv.poolsInPlace(input);
        return pooledOnly ? conv.forwardMaxPooled(input, pool.name()) : trainingForward(input);
    }

    /**
     * The two forwards, keeping what backward needs; on the fast engine in one pass where the kernels can (the vector
     * kernels pool the output while in cache and keep it for backward: docs/performance-rounds.md, round 17; the scalar
     * kernels pool by the windows' corners and keep the winners: round 21).
     */
    private Tensor trainingForward(Tensor input) {
        if (conv.poolsKeepingOutput(input)) {
            Tensor pooled = conv.forwardKeepingMaxPooled(input, pool.name());
            pool.adopt(conv.output(), pooled);
            return pooled;
        }
        return pool.forward(conv.forward(input));
    }

    // the chain rule through both: dx = conv.backward(pool.backward(g)); on the fast engine the convolution's kernels
    // route g to the windows' winners themselves where they can (docs/performance-rounds.md, rounds 17, 20 and 21)
    @Override
    public Tensor backward(Tensor gradOutput) {
        keepForTraining();
        if (conv.routesThroughMaxPool(true)) {
            pool.checkGradient(gradOutput);
            return conv.backwardThroughMaxPool(gradOutput);
        }
        return conv.backward(pool.backward(gradOutput));
    }

    // the same, when dx is not needed (a first layer)
    @Override
    public void backwardParameters(Tensor gradOutput) {
        keepForTraining();
        if (conv.routesThroughMaxPool(false)) {
            pool.checkGradient(gradOutput);
            conv.backwardParametersThroughMaxPool(gradOutput);
        } else {
            conv.backwardParameters(pool.backward(gradOutput));
        }
    }

    /** From now on forward keeps what backward needs; after an inference forward, the training forward again. */
    private void keepForTraining() {
        training = true;
        if (pooledOnly) {
            trainingForward(input);
            pooledOnly = false;
        }
    }

    @Override
    public ConvMaxPool replica() {
        return new ConvMaxPool(conv.replica(), pool.replica());
    }
}
