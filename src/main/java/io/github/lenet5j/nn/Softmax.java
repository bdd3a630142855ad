package io.github.lenet5j.nn;

import static io.github.lenet5j.tensor.Shapes.ANY;

import io.github.lenet5j.tensor.Shapes;
import io.github.lenet5j.tensor.Tensor;

/**
 * Softmax over the last dimension of {@code [N, K]}: {@code p[k] = e^(x[k] − m) / Σ_j e^(x[j] − m)} with
 * m the row's maximum, so huge logits cannot overflow. Backward: {@code dL/dx = p ⊙ (g − Σ_k g[k]·p[k])}.
 * Plain loops on both engines.
 */
public final class Softmax implements Layer {
    private final String name;
    private Tensor output;     // (N, K)
    private Tensor gradInput;  // (N, K)

    /**
     * A softmax layer with the given name.
     *
     * @param name the layer's name
     */
    public Softmax(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        Shapes.check(name, inputShape, ANY, ANY);
        return inputShape.clone();
    }

    // Subtracting the row's maximum m changes nothing (e^(−m) cancels) and keeps every exponent ≤ 0:
    //   p[n,k] = e^(x[n,k] − m) / Σ_j e^(x[n,j] − m),   m = max_j x[n,j]                docs/math.md#softmax
    @Override
    public Tensor forward(Tensor input) {
        Shapes.check(name, input, ANY, ANY);
        int n = input.dim(0), k = input.dim(1);
        output = Buffers.reuseLike(output, input);
        float[] x = input.data();   // (N, K) logits
        float[] p = output.data();  // (N, K) probabilities
        for (int s = 0; s < n; s++) {
            int row = s * k;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < k; j++) {
                max = Math.max(max, x[row + j]);
            }
            double sum = 0;
            for (int j = 0; j < k; j++) {
                p[row + j] = (float) Math.exp(x[row + j] - max);
                sum += p[row + j];
            }
            float scale = (float) (1 / sum);
            for (int j = 0; j < k; j++) {
                p[row + j] *= scale;
            }
        }
        return output;
    }

    // The Jacobian ∂p[k]/∂x[j] = p[k]·(δ[k,j] − p[j]), applied to g without building it:
    //   dx[n,j] = p[n,j] · (g[n,j] − Σ_k g[n,k]·p[n,k])                                 docs/math.md#softmax
    @Override
    public Tensor backward(Tensor gradOutput) {
        Buffers.checkGradient(name, output, gradOutput);
        int n = output.dim(0), k = output.dim(1);
        gradInput = Buffers.reuseLike(gradInput, output);
        float[] p = output.data();                              // (N, K)
        float[] g = gradOutput.data(), gx = gradInput.data();   // (N, K)
        for (int s = 0; s < n; s++) {
            int row = s * k;
            float dot = 0;
            for (int j = 0; j < k; j++) {
                dot += g[row + j] * p[row + j];
            }
            for (int j = 0; j < k; j++) {
                gx[row + j] = p[row + j] * (g[row + j] - dot);
            }
        }
        return gradInput;
    }

    @Override
    public Softmax replica() {
        return new Softmax(name);
    }
}
