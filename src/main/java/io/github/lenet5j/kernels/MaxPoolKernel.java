package io.github.lenet5j.kernels;

/**
 * The fast engine's 2×2, stride-2 max pooling: forward finds each window's maximum without branches and keeps
 * where it was (a byte per output), so backward routes the gradient without reading the input again. The same
 * values and the same winner as the layer's reference loops (the first maximum in row-major order on ties).
 */
public final class MaxPoolKernel {
    private byte[] winner;   // per output value: where in its window the maximum was (0 to 3, row-major)

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
        int outH = height / 2, outW = width / 2;
        if (winner == null || winner.length != planes * outH * outW) {
            winner = new byte[planes * outH * outW];
        }
        for (int plane = 0; plane < planes; plane++) {
            forwardPlane(x, plane * height * width, width, y, plane * outH * outW, outH, outW);
        }
    }

    /**
     * The window's maximum as a running maximum {@code m}: conditional expressions that C2 compiles to
     * conditional moves (the if-statements they replaced were branches that random data mispredicts about half
     * the time). Once {@code m} is NaN no later value wins.
     */
    private void forwardPlane(float[] x, int xOff, int width, float[] y, int yOff, int outH, int outW) {
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
     * dx += g at each window's maximum of the last forward. Finding the maximum again here would read the whole
     * input a second time, long after forward had left it in cache.
     *
     * @param g dL/dy, the shape of the last forward's y
     * @param planes N·C
     * @param height the input's height
     * @param width the input's width
     * @param gx dL/dx, the shape of x, added to (the caller zeroes it)
     */
    public void backward(float[] g, int planes, int height, int width, float[] gx) {
        int outH = height / 2, outW = width / 2;
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
