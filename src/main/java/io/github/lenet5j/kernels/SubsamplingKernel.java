package io.github.lenet5j.kernels;

/**
 * The fast engine's trainable 2×2 subsampling (LeNet-5's S2 and S4): {@code y = a[c]·s + b[c]}, s the sum of a
 * window. On the vector kernels {@code VectorSubsampling} does whole planes, L/2 windows a vector; the planes it
 * leaves (the last ones, whose vectors would reach past the arrays) and every plane on the scalar kernels take the
 * loops below. Forward gives the reference's bits (the same order of additions); backward's input gradient too
 * (dx = a·g), while its parameter gradients add a plane's terms in another order on the vector kernels.
 */
public final class SubsamplingKernel {
    private static final float[] QUARTER = {0.25f};
    private static final float[] MINUS_ZERO = {-0f};   // s/4 + (−0) = s/4 for every s, −0 included

    private SubsamplingKernel() {
    }

    /**
     * The fast engine's 2×2 average pooling, y = s·1/4: forward with a = 1/4 and b = −0 on one channel, so the same
     * bits as the average-pooling layer's loops.
     *
     * @param x the input, {@code planes} planes of {@code height × width}
     * @param planes N·C
     * @param height the input's height
     * @param width the input's width
     * @param y the output, {@code planes} planes of {@code height/2 × width/2}, overwritten
     */
    public static void average(float[] x, int planes, int height, int width, float[] y) {
        forward(x, planes, 1, height, width, QUARTER, MINUS_ZERO, y);
    }

    /**
     * The gradient of {@link #average}: dx = g/4 at the four inputs of each window (0 on an odd last row or column).
     *
     * @param g dL/dy, {@code planes} planes of {@code height/2 × width/2}
     * @param planes N·C
     * @param height the input's height
     * @param width the input's width
     * @param gx dL/dx, {@code planes} planes of {@code height × width}, overwritten
     */
    public static void averageBackward(float[] g, int planes, int height, int width, float[] gx) {
        int outH = height / 2, outW = width / 2;
        int done = Kernels.VECTOR ? VectorSubsampling.spread(g, planes, height, width, 0.25f, gx) : 0;
        for (int p = done; p < planes; p++) {
            for (int i = 0; i < outH; i++) {
                int row = (p * height + 2 * i) * width, out = (p * outH + i) * outW;
                for (int j = 0; j < outW; j++) {
                    int at = row + 2 * j;
                    gx[at] = gx[at + 1] = gx[at + width] = gx[at + width + 1] = g[out + j] * 0.25f;
                }
            }
        }
        MaxPoolKernel.zeroUncovered(planes, height, width, gx);
    }

    /**
     * y[p,i,j] = a[c]·(x[p,2i,2j] + x[p,2i,2j+1] + x[p,2i+1,2j] + x[p,2i+1,2j+1]) + b[c], c = p mod channels.
     *
     * @param x the input, {@code planes} planes of {@code height × width}
     * @param planes N·C
     * @param channels C: plane p belongs to channel p mod C
     * @param height the input's height
     * @param width the input's width
     * @param a the coefficient per channel
     * @param b the bias per channel
     * @param y the output, {@code planes} planes of {@code height/2 × width/2}, overwritten
     */
    public static void forward(float[] x, int planes, int channels, int height, int width, float[] a, float[] b,
                               float[] y) {
        int outH = height / 2, outW = width / 2;
        int done = Kernels.VECTOR ? VectorSubsampling.forward(x, planes, channels, height, width, a, b, y) : 0;
        for (int p = done; p < planes; p++) {
            int c = p % channels;
            for (int i = 0; i < outH; i++) {
                for (int j = 0; j < outW; j++) {
                    int top = (p * height + 2 * i) * width + 2 * j, bottom = top + width;
                    y[(p * outH + i) * outW + j] = a[c] * (x[top] + x[top + 1] + x[bottom] + x[bottom + 1]) + b[c];
                }
            }
        }
    }

    /**
     * dx = a[c]·g at the four inputs of each window (0 on an odd last row or column, in no window);
     * da[c] += Σ g·s and db[c] += Σ g over the planes of channel c.
     *
     * @param x the input of the forward pass
     * @param g dL/dy, {@code planes} planes of {@code height/2 × width/2}
     * @param planes N·C
     * @param channels C
     * @param height the input's height
     * @param width the input's width
     * @param a the coefficient per channel
     * @param ga dL/da, added to
     * @param gb dL/db, added to
     * @param gx dL/dx, the shape of x, overwritten; or null for the parameter gradients alone
     */
    public static void backward(float[] x, float[] g, int planes, int channels, int height, int width, float[] a,
                                float[] ga, float[] gb, float[] gx) {
        int done = Kernels.VECTOR
                ? VectorSubsampling.backward(x, g, planes, channels, height, width, a, ga, gb, gx) : 0;
        backwardPlanes(x, g, done, planes, channels, height, width, a, ga, gb, gx);
        if (gx != null) {
            MaxPoolKernel.zeroUncovered(planes, height, width, gx);
        }
    }

    /** {@link #backward} of planes [from, planes), in the reference's loops; gx not zeroed where no window covers it. */
    static void backwardPlanes(float[] x, float[] g, int from, int planes, int channels, int height, int width,
                               float[] a, float[] ga, float[] gb, float[] gx) {
        int outH = height / 2, outW = width / 2;
        for (int p = from; p < planes; p++) {   // each plane's sums added once, as the reference's
            int c = p % channels;
            float gradA = 0, gradB = 0;
            for (int i = 0; i < outH; i++) {
                int row = (p * height + 2 * i) * width, out = (p * outH + i) * outW;
                for (int j = 0; j < outW; j++) {
                    int at = row + 2 * j;
                    float gy = g[out + j];
                    gradA += gy * (x[at] + x[at + 1] + x[at + width] + x[at + width + 1]);
                    gradB += gy;
                    if (gx != null) {
                        gx[at] = gx[at + 1] = gx[at + width] = gx[at + width + 1] = a[c] * gy;
                    }
                }
            }
            ga[c] += gradA;
            gb[c] += gradB;
        }
    }
}
