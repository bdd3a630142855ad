package io.github.lenet5j.nn;

import static io.github.lenet5j.tensor.Shapes.ANY;

import io.github.lenet5j.tensor.Shapes;
import io.github.lenet5j.tensor.Tensor;

/**
 * LeNet-5's output layer: one Euclidean radial basis function unit per class, the squared distance between
 * the input and the class's fixed code, {@code y[n,k] = Σ_j (x[n,j] − w[k,j])²}. Input {@code [N, F]},
 * output {@code [N, K]}; the smallest distance wins. The codes {@code [K, F]} are not trained: no
 * parameters, no parameter gradient; saved as {@code <name>.centers}. Plain loops on both engines.
 */
public final class EuclideanRbf implements Layer {
    private final String name;
    private final Tensor centers;   // (K, F), never written after construction
    private Tensor input;           // (N, F)
    private Tensor output;          // (N, K)
    private Tensor gradInput;       // (N, F)

    /**
     * An RBF layer with a copy of {@code centers}, {@code [numClasses, inFeatures]}, e.g. {@link RbfBitmaps#forClasses}.
     *
     * @param name the layer's name, also the prefix of its saved centers
     * @param centers the fixed codes, one row per class; copied
     * @throws IllegalArgumentException if {@code centers} is not two-dimensional
     */
    public EuclideanRbf(String name, Tensor centers) {
        Shapes.check(name + " centers", centers, ANY, ANY);
        this.name = name;
        this.centers = centers.copy();
    }

    @Override
    public String name() {
        return name;
    }

    /** {@return the name under which the centers are saved: {@code <name>.centers}} */
    public String centersName() {
        return name + ".centers";
    }

    /** {@return a copy of the fixed codes, {@code [numClasses, inFeatures]}} */
    public Tensor centers() {
        return centers.copy();
    }

    /** {@return K, the number of units (one per class)} */
    public int numClasses() {
        return centers.dim(0);
    }

    /** {@return F, the length of the input and of each code} */
    public int inFeatures() {
        return centers.dim(1);
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        Shapes.check(name, inputShape, ANY, inFeatures());
        return new int[] {inputShape[0], numClasses()};
    }

    /** N·K distances of F squared differences each. */
    @Override
    public long multiplyAdds(int[] inputShape) {
        return (long) outputShape(inputShape)[0] * numClasses() * inFeatures();
    }

    // Each output is the squared distance between the input and one class's code:
    //   y[n,k] = Σ_j (x[n,j] − w[k,j])²                                                 docs/math.md#euclideanrbf
    @Override
    public Tensor forward(Tensor input) {
        Shapes.check(name, input, ANY, inFeatures());
        int n = input.dim(0), f = inFeatures(), k = numClasses();
        this.input = input;
        output = Buffers.reuse(output, n, k);
        float[] x = input.data();    // (N, F)
        float[] w = centers.data();  // (K, F)
        float[] y = output.data();   // (N, K)
        for (int s = 0; s < n; s++) {
            for (int c = 0; c < k; c++) {
                float sum = 0;
                for (int j = 0; j < f; j++) {
                    float d = x[s * f + j] - w[c * f + j];
                    sum += d * d;
                }
                y[s * k + c] = sum;
            }
        }
        return output;
    }

    // ∂(x − w)²/∂x = 2(x − w); the codes are fixed, so there is no parameter gradient:
    //   dx[n,j] = Σ_k g[n,k] · 2(x[n,j] − w[k,j])                                       docs/math.md#euclideanrbf
    @Override
    public Tensor backward(Tensor gradOutput) {
        Buffers.checkGradient(name, output, gradOutput);
        int n = input.dim(0), f = inFeatures(), k = numClasses();
        gradInput = Buffers.reuseLike(gradInput, input);
        gradInput.zero();
        float[] x = input.data(), gx = gradInput.data();   // (N, F)
        float[] w = centers.data();                        // (K, F)
        float[] g = gradOutput.data();                     // (N, K)
        for (int s = 0; s < n; s++) {
            for (int c = 0; c < k; c++) {
                float twoG = 2 * g[s * k + c];
                for (int j = 0; j < f; j++) {
                    gx[s * f + j] += twoG * (x[s * f + j] - w[c * f + j]);
                }
            }
        }
        return gradInput;
    }

    /** A copy with the same centers and its own buffers. */
    @Override
    public EuclideanRbf replica() {
        return new EuclideanRbf(name, centers);
    }
}
