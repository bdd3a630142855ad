package io.github.lenet5j.kernels;

import java.util.Arrays;

/**
 * The fast engine's sparse convolution (LeNet-5's C3): it runs as the dense convolution whose unconnected
 * kernels are zero, on {@link ConvKernel}. Forward writes the stored kernels into a dense weight
 * {@code (out, in, k, k)}; backward takes the dense weight gradient and adds the connected kernels' parts to
 * the stored ones. The dense products do 16·6 kernels' work for C3's 60, and still run several times faster
 * than direct loops over the 60 (docs/performance.md), but the input gradient's product skips the zero kernels
 * ({@link ConvKernel#skipZeroKernels}): 60 of 96 (docs/performance-rounds.md, round 26).
 */
public final class SparseConvKernel {
    private final int inChannels;
    private final int[][] table;     // table[o] = the input maps output map o reads, ascending
    private final int[] start;       // start[o] = index of output map o's first kernel in the stored weight
    private final int area;          // kernel²
    private final ConvKernel dense;
    private final float[] denseWeight;   // (out, in, k, k): the stored kernels, zeros elsewhere
    private final float[] denseGrad;     // (out, in, k, k): dL/d(denseWeight) of one backward

    /**
     * The kernels for one sparse convolution (stride 1, no padding).
     *
     * @param inChannels the number of input maps
     * @param table row o lists the input maps output map o reads, ascending (not copied: the caller's, never written)
     * @param kernel the kernels' height and width
     */
    public SparseConvKernel(int inChannels, int[][] table, int kernel) {
        this.inChannels = inChannels;
        this.table = table;
        this.area = kernel * kernel;
        this.start = new int[table.length];
        for (int o = 1; o < table.length; o++) {
            start[o] = start[o - 1] + table[o - 1].length;
        }
        this.dense = new ConvKernel(inChannels, table.length, kernel, 1, 0);
        int[][] readers = new int[inChannels][];   // readers[c] = the output maps that read input map c, ascending
        for (int c = 0; c < inChannels; c++) {
            int count = 0;
            for (int[] row : table) {
                count += Arrays.binarySearch(row, c) >= 0 ? 1 : 0;
            }
            readers[c] = new int[count];
            for (int o = 0, t = 0; o < table.length; o++) {
                if (Arrays.binarySearch(table[o], c) >= 0) {
                    readers[c][t++] = o;
                }
            }
        }
        dense.skipZeroKernels(readers);
        this.denseWeight = new float[table.length * inChannels * area];
        this.denseGrad = new float[denseWeight.length];
    }

    /**
     * y = the sparse convolution of x, plus b.
     *
     * @param x the input, {@code (n, inChannels, height, width)}
     * @param n the batch size
     * @param height the input's height
     * @param width the input's width
     * @param w the stored kernels, {@code (P, kernel, kernel)} ordered by output map, then input map
     * @param b the bias, {@code (outChannels)}
     * @param y the output, {@code (n, outChannels, outH, outW)}, overwritten
     */
    public void forward(float[] x, int n, int height, int width, float[] w, float[] b, float[] y) {
        for (int o = 0; o < table.length; o++) {   // the unconnected kernels are never written: they stay zero
            for (int t = 0; t < table[o].length; t++) {
                System.arraycopy(w, (start[o] + t) * area, denseWeight, (o * inChannels + table[o][t]) * area, area);
            }
        }
        dense.forward(x, n, height, width, denseWeight, b, y);
    }

    /**
     * Back-propagates a batch: gw += dL/dw for the stored kernels, gb += dL/db, gx += dL/dx. Unconnected input
     * maps get nothing from an output map: its dense kernels for them are zero.
     *
     * @param x the input of the forward pass, {@code (n, inChannels, height, width)}
     * @param n the batch size
     * @param height the input's height
     * @param width the input's width
     * @param g dL/dy, {@code (n, outChannels, outH, outW)}
     * @param gw the stored kernels' gradient, added to
     * @param gb the bias's gradient, added to
     * @param gx dL/dx, the shape of x, added to (the caller zeroes it)
     */
    public void backward(float[] x, int n, int height, int width, float[] g, float[] gw, float[] gb, float[] gx) {
        Arrays.fill(denseGrad, 0f);
        dense.backward(x, n, height, width, denseWeight, g, denseGrad, gb, gx);
        for (int o = 0; o < table.length; o++) {
            for (int t = 0; t < table[o].length; t++) {
                int from = (o * inChannels + table[o][t]) * area, to = (start[o] + t) * area;
                for (int i = 0; i < area; i++) {
                    gw[to + i] += denseGrad[from + i];
                }
            }
        }
    }
}
