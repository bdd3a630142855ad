package io.github.lenet5j.kernels;

import java.util.Arrays;

/**
 * The matrix product that Conv2d (after im2col) and Linear reduce to, C += A·B, with B and C held as arrays
 * of rows ({@code float[][]}) and A read in place from a flat array with strides, so that one method serves
 * A and Aᵀ:
 * <pre>
 * C[i] += Σ_p A(i,p) · B[p]     i &lt; m, p &lt; k, each row n values;   A(i,p) = a[aOff + i·rowStep + p·colStep]
 * </pre>
 * A row-major {@code [m×k]} is {@code rowStep = k, colStep = 1}; Aᵀ of an A stored {@code [k×m]} is
 * {@code rowStep = 1, colStep = m}. C += A·Bᵀ is not a loop of dot products, which are float reductions that
 * do not vectorise (measured 1.3 against 16 GMAC/s): either the layer lays B out transposed, or it keeps
 * per-element partial sums ({@link #multiplyTransposedPartial}) and adds them up once.
 *
 * <p>Why rows: the inner loop {@link #axpy} is SIMD only when every array in it is indexed by the same
 * expression. C2 (JDK 17) cannot prove that {@code c[cOff + j]} and {@code b[bOff + j]} never overlap, so with
 * two different offsets it keeps the loop scalar (3.3 GMAC/s measured); with separate row arrays both are
 * {@code [j]} and it vectorises (16 GMAC/s on this machine's AVX-512). Sums run in another order than the
 * naive loops, each product added to its sum by {@link #fma}, so results differ from theirs in the last bits.
 */
final class Gemm {
    /** Row workspaces are padded to a multiple of this many columns, so that the vector path's tiles are whole. */
    private static final int ROW_PADDING = Kernels.VECTOR ? VectorGemm.padding() : 1;

    private Gemm() {
    }

    /**
     * C[i] += Σ_p A(i,p)·B[p] for i &lt; m, p &lt; k; rows of B and C hold n values (and may be longer). On
     * {@link VectorGemm}'s tiles when the JVM has the Vector API, else {@link #multiplyAddRows}.
     */
    static void multiplyAdd(int m, int k, float[] a, int aOff, int rowStep, int colStep,
                            float[][] b, float[][] c, int n) {
        if (Kernels.VECTOR) {
            VectorGemm.multiplyAdd(m, k, a, aOff, rowStep, colStep, b, c, n);
            return;
        }
        multiplyAddRows(m, k, a, aOff, rowStep, colStep, b, c, n);
    }

    /**
     * C[i] = Σ_p A(i,p)·B[p]: {@link #multiplyAdd} on rows of C zeroed first (columns [0, n)), the same bits; the
     * vector kernels' six-row tiles start from zero instead of zeroing C in a pass of its own.
     */
    static void multiply(int m, int k, float[] a, int aOff, int rowStep, int colStep, float[][] b, float[][] c,
                         int n) {
        if (Kernels.VECTOR) {
            VectorGemm.multiply(m, k, a, aOff, rowStep, colStep, b, c, n);
            return;
        }
        for (int r = 0; r < m; r++) {
            Arrays.fill(c[r], 0, n, 0f);
        }
        multiplyAddRows(m, k, a, aOff, rowStep, colStep, b, c, n);
    }

    /**
     * C[i] = bias[i] + Σ_p A(i,p)·B[p]: {@link #multiplyAdd} on rows of C filled with the bias first (columns
     * [0, n)), the same bits. Without the Vector API the first four rows of B write C, the bias plus their four
     * products ({@link #axpy4From}), instead of adding to a row filled before: one pass over C fewer.
     */
    static void multiplyFromBias(int m, int k, float[] a, int aOff, int rowStep, int colStep, float[][] b,
                                 float[][] c, int n, float[] bias) {
        if (Kernels.VECTOR || k < 4) {
            for (int i = 0; i < m; i++) {
                Arrays.fill(c[i], 0, n, bias[i]);
            }
            multiplyAdd(m, k, a, aOff, rowStep, colStep, b, c, n);
            return;
        }
        for (int i = 0; i < m; i++) {
            int ai = aOff + i * rowStep;
            axpy4From(bias[i], a[ai], a[ai + colStep], a[ai + 2 * colStep], a[ai + 3 * colStep],
                    b[0], b[1], b[2], b[3], c[i], n);
        }
        multiplyAddRows(4, m, k, a, aOff, rowStep, colStep, b, c, n);
    }

    /**
     * {@link #multiplyAdd} on the auto-vectorised four-row kernel, the path without the Vector API: four rows
     * of B at a time ({@link #axpy4}), one load and one store of C per four products instead of per product.
     */
    static void multiplyAddRows(int m, int k, float[] a, int aOff, int rowStep, int colStep,
                                float[][] b, float[][] c, int n) {
        multiplyAddRows(0, m, k, a, aOff, rowStep, colStep, b, c, n);
    }

    /** {@link #multiplyAddRows} from row {@code first} of B on (a multiple of four). */
    private static void multiplyAddRows(int first, int m, int k, float[] a, int aOff, int rowStep, int colStep,
                                        float[][] b, float[][] c, int n) {
        int k4 = k & ~3;
        if (m <= k) {   // C is the smaller: its rows stay in L1 while each row of B is read once
            for (int p = first; p < k4; p += 4) {
                for (int i = 0; i < m; i++) {
                    int ai = aOff + i * rowStep + p * colStep;
                    axpy4(a[ai], a[ai + colStep], a[ai + 2 * colStep], a[ai + 3 * colStep],
                            b[p], b[p + 1], b[p + 2], b[p + 3], c[i], n);
                }
            }
            for (int p = k4; p < k; p++) {
                for (int i = 0; i < m; i++) {
                    axpy(a[aOff + i * rowStep + p * colStep], b[p], c[i], n);
                }
            }
        } else {        // B is the smaller: its rows stay in L1 while each row of C is finished at once
            for (int i = 0; i < m; i++) {
                float[] ci = c[i];
                for (int p = first; p < k4; p += 4) {
                    int ai = aOff + i * rowStep + p * colStep;
                    axpy4(a[ai], a[ai + colStep], a[ai + 2 * colStep], a[ai + 3 * colStep],
                            b[p], b[p + 1], b[p + 2], b[p + 3], ci, n);
                }
                for (int p = k4; p < k; p++) {
                    axpy(a[aOff + i * rowStep + p * colStep], b[p], ci, n);
                }
            }
        }
    }

    /**
     * Partial sums of C += A·Bᵀ, for a reduction too short per call or rows of C too short to vectorise:
     * sums[i·mb + j][p] += a[i][p]·b[j][p] for i &lt; ma, j &lt; mb, p &lt; n. After the last call,
     * C[i,j] += Σ_p sums[i·mb + j][p] ({@link #addRowSums}). Element-wise, so it vectorises like axpy.
     */
    static void multiplyTransposedPartial(int ma, int mb, float[][] a, float[][] b, float[][] sums, int n) {
        if (Kernels.VECTOR) {   // sums of one vector's width, see partialWidth
            VectorGemm.multiplyTransposedPartial(ma, mb, a, b, sums, n);
            return;
        }
        for (int i = 0; i < ma; i++) {
            float[] ai = a[i];
            for (int j = 0; j < mb; j++) {
                float[] bj = b[j], s = sums[i * mb + j];
                for (int p = 0; p < n; p++) {
                    s[p] = fma(ai[p], bj[p], s[p]);
                }
            }
        }
    }

    /**
     * {@return the length of a row of {@link #multiplyTransposedPartial}'s sums for products of n values}: n
     * (one sum per element), or on the vector path one vector (one sum per lane).
     */
    static int partialWidth(int n) {
        return Kernels.VECTOR ? VectorGemm.partialWidth() : n;
    }

    /**
     * {@link #multiplyTransposedPartial} for two pairs at once (two images; the scalar path): sums[i·mb + j][p] +=
     * a[i][p]·b[j][p] + a2[i][p]·b2[j][p]. One pass over the sums instead of two: they outgrow L1 (conv1's
     * are 150 rows of 784), so their loads and stores are what the single form waits for.
     */
    static void multiplyTransposedPartial2(int ma, int mb, float[][] a, float[][] b, float[][] a2, float[][] b2,
                                           float[][] sums, int n) {
        for (int i = 0; i < ma; i++) {
            float[] ai = a[i], ai2 = a2[i];
            for (int j = 0; j < mb; j++) {
                float[] bj = b[j], bj2 = b2[j], s = sums[i * mb + j];
                for (int p = 0; p < n; p++) {
                    s[p] = fma(ai2[p], bj2[p], fma(ai[p], bj[p], s[p]));
                }
            }
        }
    }

    /** c[cOff + r] += Σ_p rows[r][p] for every row r, and clears the rows for the next round. */
    static void addRowSums(float[][] rows, float[] c, int cOff) {
        for (int r = 0; r < rows.length; r++) {
            c[cOff + r] += sum(rows[r], 0, rows[r].length);
            Arrays.fill(rows[r], 0f);
        }
    }

    /**
     * Σ a[j] for from ≤ j &lt; to, as eight interleaved partial sums. One running sum is a chain of dependent
     * additions, each waiting ~4 cycles for the last (C2 keeps a float reduction in order, so it is not SIMD);
     * eight independent chains keep the adders busy: 0.75 → 0.16 ns a value (rows of 784, measured).
     */
    static float sum(float[] a, int from, int to) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        int j = from;
        for (; j + 8 <= to; j += 8) {
            s0 += a[j];
            s1 += a[j + 1];
            s2 += a[j + 2];
            s3 += a[j + 3];
            s4 += a[j + 4];
            s5 += a[j + 5];
            s6 += a[j + 6];
            s7 += a[j + 7];
        }
        for (; j < to; j++) {
            s0 += a[j];
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    /**
     * y += Σ_t a[aOff + t] · rows[pick[pickOff + t]] for t &lt; count, each row n values: a product whose rows of B
     * are picked by index (a max pooling's winners: {@code ConvKernel}'s gradients through it), four rows at a time
     * ({@link #axpy4}), in the order of t.
     */
    static void addPickedRows(float[] a, int aOff, int[] pick, int pickOff, int count, float[][] rows, float[] y,
                              int n) {
        int t = 0;
        for (; t + 4 <= count; t += 4) {
            int at = aOff + t, from = pickOff + t;
            axpy4(a[at], a[at + 1], a[at + 2], a[at + 3], rows[pick[from]], rows[pick[from + 1]],
                    rows[pick[from + 2]], rows[pick[from + 3]], y, n);
        }
        int at = aOff + t, from = pickOff + t;
        switch (count - t) {
            case 3 -> axpy3(a[at], a[at + 1], a[at + 2], rows[pick[from]], rows[pick[from + 1]], rows[pick[from + 2]],
                    y, n);
            case 2 -> axpy2(a[at], a[at + 1], rows[pick[from]], rows[pick[from + 1]], y, n);
            case 1 -> axpy(a[at], rows[pick[from]], y, n);
            default -> { }
        }
    }

    /** y[j] = bias + (a0·x0[j] + a1·x1[j] + a2·x2[j] + a3·x3[j]) for j &lt; n: {@link #axpy4} on y filled with bias. */
    private static void axpy4From(float bias, float a0, float a1, float a2, float a3,
                                  float[] x0, float[] x1, float[] x2, float[] x3, float[] y, int n) {
        for (int j = 0; j < n; j++) {
            y[j] = fma(a3, x3[j], fma(a2, x2[j], fma(a1, x1[j], fma(a0, x0[j], bias))));
        }
    }

    /** y[j] += a0·x0[j] + a1·x1[j] + a2·x2[j] for j &lt; n: {@link #axpy4}'s last three rows. */
    private static void axpy3(float a0, float a1, float a2, float[] x0, float[] x1, float[] x2, float[] y, int n) {
        for (int j = 0; j < n; j++) {
            y[j] = fma(a2, x2[j], fma(a1, x1[j], fma(a0, x0[j], y[j])));
        }
    }

    /** y[j] += a0·x0[j] + a1·x1[j] for j &lt; n. */
    private static void axpy2(float a0, float a1, float[] x0, float[] x1, float[] y, int n) {
        for (int j = 0; j < n; j++) {
            y[j] = fma(a1, x1[j], fma(a0, x0[j], y[j]));
        }
    }

    /**
     * y[j] += a0·x0[j] + a1·x1[j] + a2·x2[j] + a3·x3[j] for j &lt; n: SIMD, and 1.45–1.55× the rate of four
     * {@link #axpy} calls (KernelBench: 15.3–23.7 against 10.0–16.3 GMAC/s for rows of 100–892); eight rows at
     * once no longer vectorises (6 GMAC/s).
     */
    private static void axpy4(float a0, float a1, float a2, float a3,
                              float[] x0, float[] x1, float[] x2, float[] x3, float[] y, int n) {
        for (int j = 0; j < n; j++) {
            y[j] = fma(a3, x3[j], fma(a2, x2[j], fma(a1, x1[j], fma(a0, x0[j], y[j]))));
        }
    }

    /** y[j] += alpha·x[j] for j &lt; n. */
    private static void axpy(float alpha, float[] x, float[] y, int n) {
        for (int j = 0; j < n; j++) {
            y[j] = fma(alpha, x[j], y[j]);
        }
    }

    /**
     * a·b + c, rounded once ({@link Math#fma}) when {@link Kernels#FMA}, else twice. The choice is a constant to C2,
     * which vectorises the loops either way: with one rounding, one instruction for a product and its sum instead
     * of two, +12 – 15% at batch 1000 and +9 – 13% in training (docs/performance-rounds.md, round 25).
     */
    static float fma(float a, float b, float c) {
        return Kernels.FMA ? Math.fma(a, b, c) : a * b + c;
    }

    /**
     * The row workspace {@code current} if it is {@code [rows][n]}, else a new one. Rows may be longer than n
     * (padded for the vector path's whole tiles): callers use the first n values of a row.
     */
    static float[][] rows(float[][] current, int rows, int n) {
        int length = (n + ROW_PADDING - 1) / ROW_PADDING * ROW_PADDING;
        return current != null && current.length == rows && current[0].length == length
                ? current : new float[rows][length];
    }
}
