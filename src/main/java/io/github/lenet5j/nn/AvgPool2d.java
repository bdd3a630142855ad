package io.github.lenet5j.nn;

import static io.github.lenet5j.tensor.Shapes.ANY;

import io.github.lenet5j.kernels.SubsamplingKernel;
import io.github.lenet5j.tensor.Tensor;

/**
 * 2×2 average pooling with stride 2: {@code y[i,j] = (x[2i,2j] + x[2i,2j+1] + x[2i+1,2j] + x[2i+1,2j+1]) / 4};
 * each of the four inputs receives a quarter of the output's gradient. {@link #forward} and {@link #backward} are the
 * reference loops of docs/math.md; on {@link Engine#FAST} they hand the batch to {@code kernels.SubsamplingKernel}
 * (trainable subsampling's kernel with the coefficient 1/4) instead.
 */
public final class AvgPool2d implements Layer {
    private final String name;
    private final Engine engine;
    private Tensor input;      // (N, C, H, W), kept for backward
    private Tensor output;     // (N, C, H/2, W/2)
    private Tensor gradInput;  // (N, C, H, W)

    /**
     * An average-pooling layer on the fast engine.
     *
     * @param name the layer's name
     */
    public AvgPool2d(String name) {
        this(name, Engine.FAST);
    }

    /**
     * An average-pooling layer on the given engine.
     *
     * @param name the layer's name
     * @param engine the reference loops or the fast kernels
     */
    public AvgPool2d(String name, Engine engine) {
        this.name = name;
        this.engine = engine;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        return Pool2x2.outputShape(name, inputShape, ANY);
    }

    // Each output is the mean of its 2×2 window (plane = n·C + c is one H×W map):
    //   y[n,c,i,j] = (x[n,c,2i,2j] + x[n,c,2i,2j+1] + x[n,c,2i+1,2j] + x[n,c,2i+1,2j+1]) / 4   docs/math.md#avgpool2d
    @Override
    public Tensor forward(Tensor input) {
        Pool2x2.check(name, input, ANY);
        int planes = input.dim(0) * input.dim(1), height = input.dim(2), width = input.dim(3);
        int outH = height / 2, outW = width / 2;
        this.input = input;
        output = Buffers.reuse(output, input.dim(0), input.dim(1), outH, outW);
        float[] x = input.data();    // (N, C, H, W)
        float[] y = output.data();   // (N, C, H/2, W/2)
        if (engine == Engine.FAST) { SubsamplingKernel.average(x, planes, height, width, y); return output; }
        for (int plane = 0; plane < planes; plane++) {
            for (int i = 0; i < outH; i++) {
                for (int j = 0; j < outW; j++) {
                    int top = (plane * height + 2 * i) * width + 2 * j, bottom = top + width;
                    y[(plane * outH + i) * outW + j] = (x[top] + x[top + 1] + x[bottom] + x[bottom + 1]) * 0.25f;
                }
            }
        }
        return output;
    }

    // Each input of a window has ∂y/∂x = 1/4:
    //   dx[n,c,2i+p,2j+q] += g[n,c,i,j] / 4   for p, q ∈ {0, 1}                         docs/math.md#avgpool2d
    @Override
    public Tensor backward(Tensor gradOutput) {
        Buffers.checkGradient(name, output, gradOutput);
        int planes = input.dim(0) * input.dim(1), height = input.dim(2), width = input.dim(3);
        int outH = height / 2, outW = width / 2;
        gradInput = Buffers.reuseLike(gradInput, input);
        float[] gx = gradInput.data();   // (N, C, H, W)
        float[] g = gradOutput.data();   // (N, C, H/2, W/2)
        if (engine == Engine.FAST) {   // writes all of gx
            SubsamplingKernel.averageBackward(g, planes, height, width, gx);
            return gradInput;
        }
        gradInput.zero();
        for (int plane = 0; plane < planes; plane++) {
            for (int i = 0; i < outH; i++) {
                for (int j = 0; j < outW; j++) {
                    int top = (plane * height + 2 * i) * width + 2 * j, bottom = top + width;
                    float quarter = g[(plane * outH + i) * outW + j] * 0.25f;
                    gx[top] += quarter;
                    gx[top + 1] += quarter;
                    gx[bottom] += quarter;
                    gx[bottom + 1] += quarter;
                }
            }
        }
        return gradInput;
    }

    @Override
    public AvgPool2d replica() {
        return new AvgPool2d(name, engine);
    }
}
