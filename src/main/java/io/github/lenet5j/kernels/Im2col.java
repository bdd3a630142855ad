package io.github.lenet5j.kernels;

import java.util.Arrays;

/**
 * The copies that turn a convolution into a matrix product, for one layer's geometry: im2col (an image's
 * patches as the rows of B, one row per weight (c, p, q)), its transpose (one row per output pixel), the
 * input-wide form for stride 1 and no padding, and col2im, the adjoint that adds a gradient back to the pixels
 * it came from. {@link ConvKernel} keeps the workspaces; these methods only fill or read them.
 *
 * @param inChannels input channels
 * @param kernel the kernel's height and width
 * @param stride the step between windows
 * @param padding the zeros on each side
 */
record Im2col(int inChannels, int kernel, int stride, int padding) {
    /**
     * Unrolls one image's patches: col[(c·k + p)·k + q][colOff + i·outW + j] = x[c, i·s+p−pad, j·s+q−pad], or 0
     * in the padding. Row (c,p,q) of col holds what weight w[o,c,p,q] multiplies at every output pixel.
     */
    void im2col(float[] x, int xBase, int height, int width, int outH, int outW, float[][] col, int colOff) {
        int row = 0;
        for (int c = 0; c < inChannels; c++) {
            for (int p = 0; p < kernel; p++) {
                for (int q = 0; q < kernel; q++, row++) {
                    int iLo = firstValid(p, outH), iHi = lastValid(p, height, outH);
                    int jLo = firstValid(q, outW), jHi = lastValid(q, width, outW);
                    float[] dst = col[row];
                    if (iHi - iLo < outH || jHi - jLo < outW) {   // some of the window is padding (never in LeNet-5)
                        Arrays.fill(dst, colOff, colOff + outH * outW, 0f);
                    }
                    for (int i = iLo; i < iHi; i++) {
                        int src = xBase + (c * height + i * stride + p - padding) * width + q - padding;
                        int to = colOff + i * outW;
                        if (stride == 1) {
                            System.arraycopy(x, src + jLo, dst, to + jLo, jHi - jLo);
                        } else {
                            for (int j = jLo; j < jHi; j++) {
                                dst[to + j] = x[src + j * stride];
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * im2col transposed: patches[i·outW + j][(c·k + p)·k + q] = x[c, i·s+p−pad, j·s+q−pad], or 0 in the padding.
     * Row i·outW + j is the input patch that output pixel (i, j) sees.
     */
    void im2colTransposed(float[] x, int xBase, int height, int width, int outW, int pixels, float[][] patches) {
        if (kernel == 5 && stride == 1 && padding == 0) {
            im2colTransposed5(x, xBase, height, width, outW, pixels, patches);
            return;
        }
        for (int pixel = 0; pixel < pixels; pixel++) {
            float[] dst = patches[pixel];
            int i0 = (pixel / outW) * stride - padding, j0 = (pixel % outW) * stride - padding, k = 0;
            for (int c = 0; c < inChannels; c++) {
                for (int p = 0; p < kernel; p++) {
                    int row = i0 + p, src = xBase + (c * height + row) * width + j0;
                    if (row >= 0 && row < height && j0 >= 0 && j0 + kernel <= width) {   // no padding in this row
                        for (int q = 0; q < kernel; q++, k++) {
                            dst[k] = x[src + q];
                        }
                        continue;
                    }
                    for (int q = 0; q < kernel; q++, k++) {
                        boolean inside = row >= 0 && row < height && j0 + q >= 0 && j0 + q < width;
                        dst[k] = inside ? x[src + q] : 0f;
                    }
                }
            }
        }
    }

    /**
     * {@link #im2colTransposed} for LeNet-5's 5×5 windows, stride 1, no padding: each window row is five
     * values written one by one, not a loop of five (whose loop overhead C2 does not remove for a trip count it
     * cannot see; conv2's weight gradient went from 28.7 to 22.5 µs an image).
     */
    private void im2colTransposed5(float[] x, int xBase, int height, int width, int outW, int pixels,
                                   float[][] patches) {
        for (int pixel = 0; pixel < pixels; pixel++) {
            float[] dst = patches[pixel];
            int k = 0, corner = xBase + (pixel / outW) * width + pixel % outW;
            for (int c = 0; c < inChannels; c++) {
                for (int p = 0; p < 5; p++, k += 5) {
                    int src = corner + (c * height + p) * width;
                    dst[k] = x[src];
                    dst[k + 1] = x[src + 1];
                    dst[k + 2] = x[src + 2];
                    dst[k + 3] = x[src + 3];
                    dst[k + 4] = x[src + 4];
                }
            }
        }
    }

    /**
     * The adjoint of {@link #im2colTransposed}: gx[c, i·s+p−pad, j·s+q−pad] += patches[i·outW + j][(c·k + p)·k + q]
     * for every pixel and every value of its patch inside the image.
     */
    void col2imTransposed(float[][] patches, int height, int width, int outW, int pixels, float[] gx, int xBase) {
        if (kernel == 5 && stride == 1 && padding == 0 && outW % 2 == 0) {
            col2imTransposed5(patches, height, width, outW, pixels, gx, xBase);
            return;
        }
        for (int pixel = 0; pixel < pixels; pixel++) {
            float[] src = patches[pixel];
            int i0 = (pixel / outW) * stride - padding, j0 = (pixel % outW) * stride - padding, k = 0;
            for (int c = 0; c < inChannels; c++) {
                for (int p = 0; p < kernel; p++) {
                    int row = i0 + p, dst = xBase + (c * height + row) * width + j0;
                    for (int q = 0; q < kernel; q++, k++) {
                        if (row >= 0 && row < height && j0 + q >= 0 && j0 + q < width) {
                            gx[dst + q] += src[k];
                        }
                    }
                }
            }
        }
    }

    /**
     * {@link #col2imTransposed} for 5×5 windows, stride 1, no padding and an even output width, two neighbouring
     * pixels of an output row at a time: their window rows overlap in four input pixels, so each of those adds the
     * two values in one step (six additions to gx for ten values, each a load and a store that the next pixel's
     * wait for: +4 – 5% a training step, docs/performance-rounds.md, round 21).
     */
    private void col2imTransposed5(float[][] patches, int height, int width, int outW, int pixels, float[] gx,
                                   int xBase) {
        for (int pixel = 0; pixel < pixels; pixel += 2) {
            float[] a = patches[pixel], b = patches[pixel + 1];   // b: the pixel to a's right
            int k = 0, corner = xBase + (pixel / outW) * width + pixel % outW;
            for (int c = 0; c < inChannels; c++) {
                for (int p = 0; p < 5; p++, k += 5) {
                    int dst = corner + (c * height + p) * width;
                    gx[dst] += a[k];
                    gx[dst + 1] += a[k + 1] + b[k];
                    gx[dst + 2] += a[k + 2] + b[k + 1];
                    gx[dst + 3] += a[k + 3] + b[k + 2];
                    gx[dst + 4] += a[k + 4] + b[k + 3];
                    gx[dst + 5] += b[k + 4];
                }
            }
        }
    }

    /**
     * im2col on an input-wide grid, for stride 1 and no padding: col[(c·k + p)·k + q][colOff + u] =
     * x[c, p, q + u] for u &lt; span, reading each input channel as one flat row. Output pixel (i, j) is
     * u = i·width + j; the u with j ≥ outW wrap into the next input row and their results are dropped. Each row
     * of col is then one contiguous copy of x instead of outH short ones: at conv2's 10 values a row, the copies
     * had cost more than the product they feed.
     */
    void im2colWide(float[] x, int xBase, int height, int width, int span, float[][] col, int colOff) {
        int row = 0;
        for (int c = 0; c < inChannels; c++) {
            for (int p = 0; p < kernel; p++) {
                for (int q = 0; q < kernel; q++, row++) {
                    System.arraycopy(x, xBase + (c * height + p) * width + q, col[row], colOff, span);
                }
            }
        }
    }

    /**
     * One image split into its four phases, for stride 1 and no padding, each phase as many times as the kernel has
     * shifts of its columns (k div 2 + 1): the pixels of even or odd rows and even or odd columns, from column s on,
     * each plane hp = ⌈height/2⌉ rows of poolW values:
     * phases[phaseBase + (((c·2 + a)·2 + b)·shifts + s)·hp·poolW + r·poolW + j] = x[c, 2r + a, 2(j + s) + b]. The
     * output pixels of one corner of every 2×2 pooling window then read their inputs as rows of these planes
     * ({@link #phaseRows}), the pooled pixels side by side. Past the input's last row or column (an odd height or
     * width, an even kernel) the plane repeats it: values no corner reads.
     */
    void phases(float[] x, int xBase, int height, int width, int poolW, float[] phases, int phaseBase) {
        int hp = (height + 1) / 2, shifts = kernel / 2 + 1, plane = hp * poolW, ab = shifts * plane;
        for (int c = 0; c < inChannels; c++) {
            int top = phaseBase + c * 4 * ab;   // plane (c, a, b, s) at top + (a·2 + b)·ab + s·plane
            for (int r = 0; r < hp; r++) {      // input rows 2r and 2r + 1 in one loop
                int even = xBase + (c * height + 2 * r) * width, odd = xBase + (c * height + Math.min(2 * r + 1,
                        height - 1)) * width;
                for (int s = 0; s < shifts; s++) {
                    int to = top + s * plane + r * poolW, src = 2 * s;
                    int inside = Math.max(0, Math.min(poolW, (width - 2) / 2 - s + 1));   // 2(j + s) + 1 < width
                    for (int j = 0; j < inside; j++) {
                        phases[to + j] = x[even + src + 2 * j];
                        phases[to + ab + j] = x[even + src + 2 * j + 1];
                        phases[to + 2 * ab + j] = x[odd + src + 2 * j];
                        phases[to + 3 * ab + j] = x[odd + src + 2 * j + 1];
                    }
                    for (int j = inside; j < poolW; j++) {
                        int left = Math.min(src + 2 * j, width - 1), right = Math.min(src + 2 * j + 1, width - 1);
                        phases[to + j] = x[even + left];
                        phases[to + ab + j] = x[even + right];
                        phases[to + 2 * ab + j] = x[odd + left];
                        phases[to + 3 * ab + j] = x[odd + right];
                    }
                }
            }
        }
    }

    /**
     * The rows im2col gives the output pixels (2i + pr, 2j + pc), the corner (pr, pc) of every 2×2 pooling window,
     * for all four corners at once, on the planes of {@link #phases}: the row that weight (c, p, q) multiplies at
     * corner (pr, pc) depends on (pr + p, pc + q) alone, so the four corners share (k + 1)² rows a channel:
     * rows[(c·(k + 1) + u)·(k + 1) + v][colOff + i·poolW + j] = phase (c, u mod 2, v mod 2) shifted v div 2 columns,
     * at row i + u div 2 and column j, for i &lt; poolH, j &lt; poolW: poolH rows of its plane, one copy. Every value
     * read lies inside its plane. {@link #cornerRows} lists a corner's rows in im2col's order.
     */
    void phaseRows(float[] phases, int phaseBase, int hp, int poolH, int poolW, float[][] rows, int colOff) {
        int k1 = kernel + 1, shifts = kernel / 2 + 1, plane = hp * poolW;
        for (int c = 0; c < inChannels; c++) {
            for (int u = 0; u < k1; u++) {
                for (int v = 0; v < k1; v++) {
                    int from = phaseBase + (((c * 2 + (u & 1)) * 2 + (v & 1)) * shifts + (v >> 1)) * plane
                            + (u >> 1) * poolW;
                    System.arraycopy(phases, from, rows[(c * k1 + u) * k1 + v], colOff, poolH * poolW);
                }
            }
        }
    }

    /** corner[(c·k + p)·k + q] = the row of {@link #phaseRows} that weight (c, p, q) multiplies at corner (pr, pc). */
    void cornerRows(float[][] rows, int pr, int pc, float[][] corner) {
        int k1 = kernel + 1, row = 0;
        for (int c = 0; c < inChannels; c++) {
            for (int p = 0; p < kernel; p++) {
                for (int q = 0; q < kernel; q++, row++) {
                    corner[row] = rows[(c * k1 + pr + p) * k1 + pc + q];
                }
            }
        }
    }

    /** The adjoint of im2col: adds each column value back to the input pixel it was copied from. */
    void col2im(float[][] col, int colOff, int height, int width, int outH, int outW, float[] gx, int xBase) {
        if (kernel == 5 && stride == 1 && padding == 0) {
            col2im5(col, colOff, height, width, outH, outW, gx, xBase);
            return;
        }
        int row = 0;
        for (int c = 0; c < inChannels; c++) {
            for (int p = 0; p < kernel; p++) {
                for (int q = 0; q < kernel; q++, row++) {
                    int iLo = firstValid(p, outH), iHi = lastValid(p, height, outH);
                    int jLo = firstValid(q, outW), jHi = lastValid(q, width, outW);
                    float[] src = col[row];
                    for (int i = iLo; i < iHi; i++) {
                        int dst = xBase + (c * height + i * stride + p - padding) * width + q - padding;
                        if (stride == 1) {
                            addRow(src, colOff + i * outW + jLo, gx, dst + jLo, jHi - jLo);
                        } else {
                            for (int j = jLo; j < jHi; j++) {
                                gx[dst + j * stride] += src[colOff + i * outW + j];
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * {@link #col2im} for 5×5 windows, stride 1, no padding: the five rows (c, p, 0..4) of col at once, each
     * column value added to its five neighbours x … x+4 of input row i+p, instead of a call of outW additions
     * per (c, p, q, i) (conv2: 1,500 calls of 10 an image; its input gradient went from 23.8 to 19.4 µs an
     * image). Summing the five into a register per pixel instead measured slower (23.5).
     */
    private void col2im5(float[][] col, int colOff, int height, int width, int outH, int outW, float[] gx, int xBase) {
        for (int c = 0; c < inChannels; c++) {
            for (int p = 0; p < 5; p++) {
                int row = (c * 5 + p) * 5;
                float[] r0 = col[row], r1 = col[row + 1], r2 = col[row + 2], r3 = col[row + 3], r4 = col[row + 4];
                for (int i = 0; i < outH; i++) {
                    int from = colOff + i * outW, to = xBase + (c * height + i + p) * width;
                    for (int j = 0; j < outW; j++) {
                        int s = from + j, d = to + j;
                        gx[d] += r0[s];
                        gx[d + 1] += r1[s];
                        gx[d + 2] += r2[s];
                        gx[d + 3] += r3[s];
                        gx[d + 4] += r4[s];
                    }
                }
            }
        }
    }

    /** to[toOff + j] += from[fromOff + j] for j &lt; n. */
    private static void addRow(float[] from, int fromOff, float[] to, int toOff, int n) {
        for (int j = 0; j < n; j++) {
            to[toOff + j] += from[fromOff + j];
        }
    }

    /** The first output index i whose input row i·stride+p−padding is inside the image (≥ 0). */
    private int firstValid(int p, int outSize) {
        if (padding == 0) {   // every window starts inside (and an integer division costs ~15 cycles)
            return 0;
        }
        return Math.min(outSize, Math.max(0, -Math.floorDiv(p - padding, stride)));
    }

    /** One past the last output index i whose input row i·stride+p−padding is < size. */
    private int lastValid(int p, int size, int outSize) {
        if (padding == 0 && stride == 1) {   // every window ends inside
            return outSize;
        }
        return Math.max(0, Math.min(outSize, Math.floorDiv(size - 1 + padding - p, stride) + 1));
    }
}
