package io.github.lenet5j.nn;

/**
 * 2×2 max pooling with stride 2: {@code y[i,j] = max(x[2i,2j], x[2i,2j+1], x[2i+1,2j], x[2i+1,2j+1])}.
 * The gradient flows only to the maximum (the first one in row-major order on ties, as PyTorch).
 */
public final class MaxPool2d extends Pool2x2 {
    /**
     * A max-pooling layer with the given name.
     *
     * @param name the layer's name
     */
    public MaxPool2d(String name) {
        super(name);
    }

    @Override
    void forwardPlane(int channel, float[] x, int xOff, int width, float[] y, int yOff, int outH, int outW) {
        for (int i = 0; i < outH; i++) {
            for (int j = 0; j < outW; j++) {
                int top = xOff + 2 * i * width + 2 * j, bottom = top + width;
                y[yOff + i * outW + j] = Math.max(Math.max(x[top], x[top + 1]), Math.max(x[bottom], x[bottom + 1]));
            }
        }
    }

    /**
     * dL/dx = g at the position of the window's maximum, 0 elsewhere (found again from the input).
     * Written as a running maximum {@code m} with conditional expressions: C2 compiles these to conditional
     * moves, where the if-statements it replaced compiled to branches that random data mispredicts about
     * half the time (measured 12.5 → 3.1 ns a window). Once {@code m} is NaN no later value wins.
     */
    @Override
    void backwardPlane(int channel, float[] x, float[] gx, int xOff, int width,
                       float[] g, int gOff, int outH, int outW) {
        for (int i = 0; i < outH; i++) {
            for (int j = 0; j < outW; j++) {
                int top = xOff + 2 * i * width + 2 * j, bottom = top + width;
                int best = top;
                float m = x[top];
                best = x[top + 1] > m ? top + 1 : best;
                m = Math.max(m, x[top + 1]);
                best = x[bottom] > m ? bottom : best;
                m = Math.max(m, x[bottom]);
                best = x[bottom + 1] > m ? bottom + 1 : best;
                gx[best] += g[gOff + i * outW + j];
            }
        }
    }

    @Override
    public MaxPool2d replica() {
        return new MaxPool2d(name());
    }
}
