package io.github.lenet5j.nn;

/**
 * 2×2 max pooling with stride 2: {@code y[i,j] = max(x[2i,2j], x[2i,2j+1], x[2i+1,2j], x[2i+1,2j+1])}.
 * The gradient flows only to the maximum (the first one in row-major order on ties, as PyTorch).
 */
public final class MaxPool2d extends Pool2x2 {
    private byte[] winner;   // per output value: where in its window the maximum was (0 to 3, row-major)

    /**
     * A max-pooling layer with the given name.
     *
     * @param name the layer's name
     */
    public MaxPool2d(String name) {
        super(name);
    }

    @Override
    void prepare(int outputSize) {
        if (winner == null || winner.length != outputSize) {
            winner = new byte[outputSize];
        }
    }

    /**
     * y = the window's maximum, found as a running maximum {@code m}: conditional expressions that C2 compiles
     * to conditional moves (the if-statements they replaced were branches that random data mispredicts about
     * half the time). Once {@code m} is NaN no later value wins. The winner's place in the window (0 to 3,
     * row-major) is kept for backward.
     */
    @Override
    void forwardPlane(int channel, float[] x, int xOff, int width, float[] y, int yOff, int outH, int outW) {
        for (int i = 0; i < outH; i++) {
            for (int j = 0; j < outW; j++) {
                int top = xOff + 2 * i * width + 2 * j, bottom = top + width, best = 0;
                float a = x[top], b = x[top + 1], c = x[bottom], d = x[bottom + 1];
                float m = Math.max(a, b);
                best = b > a ? 1 : best;
                best = c > m ? 2 : best;
                m = Math.max(m, c);
                best = d > m ? 3 : best;
                y[yOff + i * outW + j] = Math.max(m, d);
                winner[yOff + i * outW + j] = (byte) best;
            }
        }
    }

    /**
     * dL/dx = g at the window's maximum, 0 elsewhere. The maximum's place comes from forward: finding it again
     * here meant reading the whole input a second time, long after forward had left it in cache (8.2 against
     * 4.1 µs an image for S2 in a training step, where a separate benchmark had shown the loop itself is fast).
     */
    @Override
    void backwardPlane(int channel, float[] x, float[] gx, int xOff, int width,
                       float[] g, int gOff, int outH, int outW) {
        for (int i = 0; i < outH; i++) {
            for (int j = 0; j < outW; j++) {
                int best = winner[gOff + i * outW + j];
                gx[xOff + (2 * i + (best >> 1)) * width + 2 * j + (best & 1)] += g[gOff + i * outW + j];
            }
        }
    }

    @Override
    public MaxPool2d replica() {
        return new MaxPool2d(name());
    }
}
