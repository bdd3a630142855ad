package io.github.lenet5j.kernels;

/**
 * The fast engine's 2×2, stride-2 max pooling: forward finds each window's maximum without branches and keeps
 * where it was (a byte per output, the winner), so backward routes the gradient without reading the input
 * again. The same values and the same winners as the layer's reference loops (the first maximum in row-major
 * order on ties).
 *
 * <p>The winners are kept once a backward has run: a kernel used only for inference never writes them, and then
 * takes the maxima alone, with the Vector API when the JVM has it ({@code VectorMaxPool}); the first backward of
 * a training run finds the winners again from the input with forward's steps, so the gradient does not depend
 * on which forward kept them.
 */
public final class MaxPoolKernel {
    private byte[] winner;         // per output value: where in its window the maximum was (0 to 3, row-major)
    private boolean keepWinners;   // a backward has run: every forward keeps the winners from now on, so they
                                   // are the last forward's whenever this is true

    /**
     * y = the maximum of each 2×2 window, over every plane of an NCHW tensor (an odd last row or column is dropped).
     *
     * @param x the input, {@code planes} planes of {@code height × width}
     * @param planes N·C
     * @param height the input's height
     * @param width the input's width
     * @param y the output, {@code planes} planes of {@code height/2 × width/2}, overwritten
     */
    public void forward(float[] x, int planes, int height, int width, float[] y) {
        if (keepWinners) {
            withWinners(x, planes, height, width, y);
        } else {
            maxima(x, planes, height, width, y);
        }
    }

    /**
     * The maxima and their winners, each window's maximum as a running maximum {@code m}: conditional expressions
     * that C2 compiles to conditional moves (the if-statements they replaced were branches that random data
     * mispredicts about half the time). Once {@code m} is NaN no later value wins.
     */
    private void withWinners(float[] x, int planes, int height, int width, float[] y) {
        int outH = height / 2, outW = width / 2;
        if (winner == null || winner.length != planes * outH * outW) {
            winner = new byte[planes * outH * outW];
        }
        for (int plane = 0; plane < planes; plane++) {
            int xOff = plane * height * width, yOff = plane * outH * outW;
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
    }

    /** The maxima alone: the vector kernel's rows, then the rest one window at a time. */
    private static void maxima(float[] x, int planes, int height, int width, float[] y) {
        int outH = height / 2, outW = width / 2;
        int done = Kernels.VECTOR ? VectorMaxPool.maxima(x, planes, height, width, y) : 0;   // output rows
        for (int r = done; r < planes * outH; r++) {
            int top = (r / outH) * height * width + 2 * (r % outH) * width, out = r * outW;
            for (int j = 0; j < outW; j++) {
                int at = top + 2 * j;
                y[out + j] = Math.max(Math.max(Math.max(x[at], x[at + 1]), x[at + width]), x[at + width + 1]);
            }
        }
    }

    /**
     * dx += g at each window's maximum of the last forward. Finding the maximum again here would read the whole
     * input a second time, long after forward had left it in cache: only the first backward does (the last
     * forward did not keep the winners).
     *
     * @param x the input of the last forward (read only if that forward did not keep the winners)
     * @param g dL/dy, the shape of the last forward's y
     * @param planes N·C
     * @param height the input's height
     * @param width the input's width
     * @param gx dL/dx, the shape of x, added to (the caller zeroes it)
     */
    public void backward(float[] x, float[] g, int planes, int height, int width, float[] gx) {
        int outH = height / 2, outW = width / 2;
        if (!keepWinners) {   // the first backward: from now on forward keeps them
            withWinners(x, planes, height, width, new float[planes * outH * outW]);
            keepWinners = true;
        }
        for (int plane = 0; plane < planes; plane++) {
            int xOff = plane * height * width, gOff = plane * outH * outW;
            for (int i = 0; i < outH; i++) {
                for (int j = 0; j < outW; j++) {
                    int best = winner[gOff + i * outW + j];
                    gx[xOff + (2 * i + (best >> 1)) * width + 2 * j + (best & 1)] += g[gOff + i * outW + j];
                }
            }
        }
    }
}
