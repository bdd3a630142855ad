package io.github.lenet5j.loss;

import io.github.lenet5j.tensor.Shapes;
import io.github.lenet5j.tensor.Tensor;

/**
 * The mean squared error over all elements: PyTorch's {@code nn.MSELoss()} ({@code reduction='mean'}),
 * without broadcasting (prediction and target must have the same shape).
 *
 * <p>The differences are float32, as in PyTorch; the sum of squares is accumulated in double
 * (PyTorch sums in float, so the last bit of the loss may differ). {@link #backward()} returns a
 * buffer that this object owns and overwrites on the next call (allocated once per shape).
 */
public final class MSELoss {
    private static final String NAME = "MSELoss";

    private Tensor diff;
    private Tensor grad;
    private double loss = Double.NaN;

    /** A mean-squared-error loss. */
    public MSELoss() {
    }

    /**
     * The mean of {@code (prediction − target)²}; keeps the differences for {@link #backward()}.
     *
     * @param prediction the model's output
     * @param target the wanted output, of the same shape
     * @return the mean squared difference
     * @throws IllegalArgumentException naming this loss, if the shapes differ
     */
    // loss = (1/numel) Σ_i (p_i − t_i)²
    public float forward(Tensor prediction, Tensor target) {
        if (!prediction.hasShape(target.shape())) {
            throw new IllegalArgumentException(NAME + ": prediction of shape " + Shapes.toString(prediction.shape())
                    + " and target of shape " + Shapes.toString(target.shape()) + " differ");
        }
        if (diff == null || !diff.hasShape(prediction.shape())) {
            diff = new Tensor(prediction.shape());
            grad = new Tensor(prediction.shape());
        }
        float[] p = prediction.data();
        float[] t = target.data();
        float[] d = diff.data();
        double sum = 0;
        for (int i = 0; i < d.length; i++) {
            d[i] = p[i] - t[i];
            sum += (double) d[i] * d[i];
        }
        loss = sum / d.length;
        return (float) loss;
    }

    /**
     * The gradient of the last {@link #forward} result with respect to the prediction.
     *
     * @return the gradient with respect to the prediction, of its shape
     * @throws IllegalStateException if no forward came first
     */
    // dL/dp_i = 2 (p_i − t_i) / numel   (PyTorch: (float) (2.0 / numel) · (p − t))
    public Tensor backward() {
        if (diff == null) {
            throw new IllegalStateException(NAME + ": backward() called before forward()");
        }
        float[] d = diff.data();
        float[] g = grad.data();
        float norm = (float) (2.0 / d.length);
        for (int i = 0; i < d.length; i++) {
            g[i] = norm * d[i];
        }
        return grad;
    }

    /** The last loss before rounding to float, for precise gradient checks. */
    double lastLoss() {
        return loss;
    }
}
