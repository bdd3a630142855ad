package io.github.lenet5j.nn;

/**
 * 2×2 average pooling with stride 2: {@code y[i,j] = (x[2i,2j] + x[2i,2j+1] + x[2i+1,2j] + x[2i+1,2j+1]) / 4};
 * each of the four inputs receives a quarter of the output's gradient.
 */
public final class AvgPool2d extends Pool2x2 {
    /**
     * An average-pooling layer with the given name.
     *
     * @param name the layer's name
     */
    public AvgPool2d(String name) {
        super(name);
    }

    @Override
    void forwardPlane(int channel, float[] x, int xOff, int width, float[] y, int yOff, int outH, int outW) {
        for (int i = 0; i < outH; i++) {
            for (int j = 0; j < outW; j++) {
                int top = xOff + 2 * i * width + 2 * j, bottom = top + width;
                y[yOff + i * outW + j] = (x[top] + x[top + 1] + x[bottom] + x[bottom + 1]) * 0.25f;
            }
        }
    }

    /** dL/dx = g/4 for each of the window's four inputs. */
    @Override
    void backwardPlane(int channel, float[] x, float[] gx, int xOff, int width,
                       float[] g, int gOff, int outH, int outW) {
        for (int i = 0; i < outH; i++) {
            for (int j = 0; j < outW; j++) {
                int top = xOff + 2 * i * width + 2 * j, bottom = top + width;
                float quarter = g[gOff + i * outW + j] * 0.25f;
                gx[top] += quarter;
                gx[top + 1] += quarter;
                gx[bottom] += quarter;
                gx[bottom + 1] += quarter;
            }
        }
    }

    @Override
    public AvgPool2d replica() {
        return new AvgPool2d(name());
    }
}
