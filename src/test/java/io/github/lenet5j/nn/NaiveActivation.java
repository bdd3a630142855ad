package io.github.lenet5j.nn;

import io.github.lenet5j.tensor.Tensor;

// The reference loop: Sigmoid, Tanh and ReLU as they were before each got its own loops, one formula per
// element (Math.tanh included), kept as the oracle that FastKernelsMatchNaiveTest compares them with.
/** An element-wise activation computed value by value: sigmoid, (scaled) tanh or ReLU. */
final class NaiveActivation implements Layer {
    private final String name;
    private final String kind;
    private final float amplitude;
    private final float slope;
    private Tensor input;
    private Tensor output;
    private Tensor gradInput;

    private NaiveActivation(String name, String kind, float amplitude, float slope) {
        this.name = name;
        this.kind = kind;
        this.amplitude = amplitude;
        this.slope = slope;
    }

    static NaiveActivation sigmoid(String name) {
        return new NaiveActivation(name, "sigmoid", 1, 1);
    }

    static NaiveActivation tanh(String name, boolean scaled) {
        return new NaiveActivation(name, "tanh", scaled ? Tanh.LECUN_AMPLITUDE : 1f, scaled ? Tanh.LECUN_SLOPE : 1f);
    }

    static NaiveActivation relu(String name) {
        return new NaiveActivation(name, "relu", 1, 1);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        return inputShape.clone();
    }

    private float apply(float x) {
        return switch (kind) {
            case "sigmoid" -> (float) (1 / (1 + Math.exp(-x)));
            case "tanh" -> amplitude * (float) Math.tanh(slope * x);
            default -> Math.max(0f, x);
        };
    }

    private float derivative(float x, float y) {
        return switch (kind) {
            case "sigmoid" -> y * (1 - y);
            case "tanh" -> slope * (amplitude - y * y / amplitude);
            default -> x > 0 ? 1f : 0f;
        };
    }

    @Override
    public Tensor forward(Tensor input) {
        this.input = input;
        output = Buffers.reuseLike(output, input);
        float[] x = input.data(), y = output.data();
        for (int i = 0; i < x.length; i++) {
            y[i] = apply(x[i]);
        }
        return output;
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        Buffers.checkGradient(name, output, gradOutput);
        gradInput = Buffers.reuseLike(gradInput, input);
        float[] x = input.data(), y = output.data(), g = gradOutput.data(), gx = gradInput.data();
        for (int i = 0; i < x.length; i++) {
            gx[i] = g[i] * derivative(x[i], y[i]);
        }
        return gradInput;
    }

    @Override
    public Layer replica() {
        return new NaiveActivation(name, kind, amplitude, slope);
    }
}
