package io.github.lenet5j.kernels;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Gemm#multiplyAdd}'s product with the Vector API, used when the JVM runs with
 * {@code --add-modules jdk.incubator.vector} ({@link Kernels} decides; this class is not loaded otherwise).
 *
 * <p>Register tiles: six (then four, two, one) rows of C by two vectors of columns stay in registers for the
 * whole sum over p, so each pair of vectors loaded from a row of B feeds twelve fused multiply-adds (the
 * auto-vectorised {@code axpy4} loads and stores its row of C once per four products). C2 in JDK 17 does not build such tiles
 * from plain loops: two stores to rows it cannot prove distinct keep a loop scalar (docs/performance.md).
 * <pre>
 * for each tile of rows i..i+5 and columns j..j+2L:   acc = C[i..i+5][j..j+2L]
 *     for p &lt; k:   acc[r] = fma(A(i+r, p), B[p][j..j+2L], acc[r])
 *     C[i..i+5][j..j+2L] = acc
 * </pre>
 * Every element of C is {@code c = fma(A(i,p), B[p][j], c)} for p = 0, 1, … in order, in a vector lane or in
 * the scalar tail alike, so the result does not depend on the tiling, the vector width or how a layer's rows
 * are split between threads. Columns past n are computed too when the rows are long enough ({@link #padding}):
 * whole vectors are faster than a scalar tail, and a layer never reads those columns.
 */
final class VectorGemm {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int L = SPECIES.length();

    private VectorGemm() {
    }

    /** {@return the column count rows are padded to a multiple of, so that every tile is whole: two vectors} */
    static int padding() {
        return 2 * L;
    }

    /**
     * C[i] += Σ_p A(i,p)·B[p], A(i,p) = a[aOff + i·rowStep + p·colStep], as {@link Gemm#multiplyAdd}. The rows of
     * B, and those of C, are all as long as their first (as {@link Gemm#rows} makes them).
     */
    static void multiplyAdd(int m, int k, float[] a, int aOff, int rowStep, int colStep,
                            float[][] b, float[][] c, int n) {
        product(m, k, a, aOff, rowStep, colStep, b, c, n, false);
    }

    /**
     * C[i] = Σ_p A(i,p)·B[p], as {@link #multiplyAdd} on a C of zeros, to the bit, without a pass that zeroes C
     * first: the six-row tiles start from zero instead of loading C; the rows and columns they leave are zeroed,
     * then added to.
     */
    static void multiply(int m, int k, float[] a, int aOff, int rowStep, int colStep, float[][] b, float[][] c, int n) {
        product(m, k, a, aOff, rowStep, colStep, b, c, n, true);
    }

    private static void product(int m, int k, float[] a, int aOff, int rowStep, int colStep,
                                float[][] b, float[][] c, int n, boolean overwrite) {
        if (m == 0 || n == 0) {
            return;
        }
        int whole = (n + 2 * L - 1) / (2 * L) * (2 * L);   // the columns the tiles cover, padding included
        if ((k > 0 && whole > b[0].length) || whole > c[0].length) {
            whole = n / (2 * L) * (2 * L);                 // rows not padded: whole tiles only, then the tail
        }
        int six = k == 0 ? 0 : m / 6 * 6;   // the rows of six-row tiles
        if (overwrite) {
            for (int r = 0; r < m; r++) {
                Arrays.fill(c[r], r < six ? whole : 0, Math.max(whole, n), 0f);
            }
        }
        if (k == 0) {
            return;
        }
        int i = 0;
        for (; i < six; i += 6) {
            if (rowStep == 1) {
                rows6Adjacent(aOff + i, colStep, k, a, b, c, i, whole, overwrite);
            } else {
                rows6(aOff + i * rowStep, rowStep, colStep, k, a, b, c, i, whole, overwrite);
            }
        }
        for (; i + 4 <= m; i += 4) {
            rows4(aOff + i * rowStep, rowStep, colStep, k, a, b, c[i], c[i + 1], c[i + 2], c[i + 3], whole);
        }
        for (; i + 2 <= m; i += 2) {
            rows2(aOff + i * rowStep, rowStep, colStep, k, a, b, c[i], c[i + 1], whole);
        }
        for (; i < m; i++) {
            rows1(aOff + i * rowStep, colStep, k, a, b, c[i], whole);
        }
        if (whole < n) {
            for (int r = 0; r < m; r++) {
                tail(aOff + r * rowStep, colStep, k, a, b, c[r], whole, n);
            }
        }
    }

    /**
     * Six rows of C, columns [0, whole) in tiles of two vectors: twelve sums in registers, each pair of vectors
     * loaded from a row of B feeds twelve multiply-adds (conv1's six output maps in one pass over B).
     */
    private static void rows6(int a0, int rowStep, int colStep, int k, float[] a, float[][] b, float[][] c, int i,
                              int whole, boolean overwrite) {
        float[] c0 = c[i], c1 = c[i + 1], c2 = c[i + 2], c3 = c[i + 3], c4 = c[i + 4], c5 = c[i + 5];
        int a1 = a0 + rowStep, a2 = a1 + rowStep, a3 = a2 + rowStep, a4 = a3 + rowStep, a5 = a4 + rowStep;
        FloatVector zero = FloatVector.zero(SPECIES);
        for (int j = 0; j < whole; j += 2 * L) {
            FloatVector l0 = overwrite ? zero : FloatVector.fromArray(SPECIES, c0, j);
            FloatVector h0 = overwrite ? zero : FloatVector.fromArray(SPECIES, c0, j + L);
            FloatVector l1 = overwrite ? zero : FloatVector.fromArray(SPECIES, c1, j);
            FloatVector h1 = overwrite ? zero : FloatVector.fromArray(SPECIES, c1, j + L);
            FloatVector l2 = overwrite ? zero : FloatVector.fromArray(SPECIES, c2, j);
            FloatVector h2 = overwrite ? zero : FloatVector.fromArray(SPECIES, c2, j + L);
            FloatVector l3 = overwrite ? zero : FloatVector.fromArray(SPECIES, c3, j);
            FloatVector h3 = overwrite ? zero : FloatVector.fromArray(SPECIES, c3, j + L);
            FloatVector l4 = overwrite ? zero : FloatVector.fromArray(SPECIES, c4, j);
            FloatVector h4 = overwrite ? zero : FloatVector.fromArray(SPECIES, c4, j + L);
            FloatVector l5 = overwrite ? zero : FloatVector.fromArray(SPECIES, c5, j);
            FloatVector h5 = overwrite ? zero : FloatVector.fromArray(SPECIES, c5, j + L);
            for (int p = 0, q = 0; p < k; p++, q += colStep) {
                float[] bp = b[p];
                FloatVector lo = FloatVector.fromArray(SPECIES, bp, j), hi = FloatVector.fromArray(SPECIES, bp, j + L);
                FloatVector x = FloatVector.broadcast(SPECIES, a[a0 + q]);
                l0 = x.fma(lo, l0);
                h0 = x.fma(hi, h0);
                x = FloatVector.broadcast(SPECIES, a[a1 + q]);
                l1 = x.fma(lo, l1);
                h1 = x.fma(hi, h1);
                x = FloatVector.broadcast(SPECIES, a[a2 + q]);
                l2 = x.fma(lo, l2);
                h2 = x.fma(hi, h2);
                x = FloatVector.broadcast(SPECIES, a[a3 + q]);
                l3 = x.fma(lo, l3);
                h3 = x.fma(hi, h3);
                x = FloatVector.broadcast(SPECIES, a[a4 + q]);
                l4 = x.fma(lo, l4);
                h4 = x.fma(hi, h4);
                x = FloatVector.broadcast(SPECIES, a[a5 + q]);
                l5 = x.fma(lo, l5);
                h5 = x.fma(hi, h5);
            }
            l0.intoArray(c0, j);
            h0.intoArray(c0, j + L);
            l1.intoArray(c1, j);
            h1.intoArray(c1, j + L);
            l2.intoArray(c2, j);
            h2.intoArray(c2, j + L);
            l3.intoArray(c3, j);
            h3.intoArray(c3, j + L);
            l4.intoArray(c4, j);
            h4.intoArray(c4, j + L);
            l5.intoArray(c5, j);
            h5.intoArray(c5, j + L);
        }
    }

    /**
     * {@link #rows6} for rows of A that are neighbours in memory (rowStep 1: Aᵀ stored, as conv2's input gradient
     * and the linear layers' weight gradient read it): the six values of A a step reads sit at constant offsets
     * from one index (one address, and likely one bounds check instead of six), 39 → 48 GMAC/s on conv2's input
     * gradient on an Intel Xeon. The same sums in the same order. A copy of rows6's loop because only constant
     * offsets get this code (docs/performance-rounds.md, round 16).
     */
    private static void rows6Adjacent(int a0, int colStep, int k, float[] a, float[][] b, float[][] c, int i,
                                      int whole, boolean overwrite) {
        float[] c0 = c[i], c1 = c[i + 1], c2 = c[i + 2], c3 = c[i + 3], c4 = c[i + 4], c5 = c[i + 5];
        FloatVector zero = FloatVector.zero(SPECIES);
        for (int j = 0; j < whole; j += 2 * L) {
            FloatVector l0 = overwrite ? zero : FloatVector.fromArray(SPECIES, c0, j);
            FloatVector h0 = overwrite ? zero : FloatVector.fromArray(SPECIES, c0, j + L);
            FloatVector l1 = overwrite ? zero : FloatVector.fromArray(SPECIES, c1, j);
            FloatVector h1 = overwrite ? zero : FloatVector.fromArray(SPECIES, c1, j + L);
            FloatVector l2 = overwrite ? zero : FloatVector.fromArray(SPECIES, c2, j);
            FloatVector h2 = overwrite ? zero : FloatVector.fromArray(SPECIES, c2, j + L);
            FloatVector l3 = overwrite ? zero : FloatVector.fromArray(SPECIES, c3, j);
            FloatVector h3 = overwrite ? zero : FloatVector.fromArray(SPECIES, c3, j + L);
            FloatVector l4 = overwrite ? zero : FloatVector.fromArray(SPECIES, c4, j);
            FloatVector h4 = overwrite ? zero : FloatVector.fromArray(SPECIES, c4, j + L);
            FloatVector l5 = overwrite ? zero : FloatVector.fromArray(SPECIES, c5, j);
            FloatVector h5 = overwrite ? zero : FloatVector.fromArray(SPECIES, c5, j + L);
            for (int p = 0, q = a0; p < k; p++, q += colStep) {
                float[] bp = b[p];
                FloatVector lo = FloatVector.fromArray(SPECIES, bp, j), hi = FloatVector.fromArray(SPECIES, bp, j + L);
                FloatVector x = FloatVector.broadcast(SPECIES, a[q]);
                l0 = x.fma(lo, l0);
                h0 = x.fma(hi, h0);
                x = FloatVector.broadcast(SPECIES, a[q + 1]);
                l1 = x.fma(lo, l1);
                h1 = x.fma(hi, h1);
                x = FloatVector.broadcast(SPECIES, a[q + 2]);
                l2 = x.fma(lo, l2);
                h2 = x.fma(hi, h2);
                x = FloatVector.broadcast(SPECIES, a[q + 3]);
                l3 = x.fma(lo, l3);
                h3 = x.fma(hi, h3);
                x = FloatVector.broadcast(SPECIES, a[q + 4]);
                l4 = x.fma(lo, l4);
                h4 = x.fma(hi, h4);
                x = FloatVector.broadcast(SPECIES, a[q + 5]);
                l5 = x.fma(lo, l5);
                h5 = x.fma(hi, h5);
            }
            l0.intoArray(c0, j);
            h0.intoArray(c0, j + L);
            l1.intoArray(c1, j);
            h1.intoArray(c1, j + L);
            l2.intoArray(c2, j);
            h2.intoArray(c2, j + L);
            l3.intoArray(c3, j);
            h3.intoArray(c3, j + L);
            l4.intoArray(c4, j);
            h4.intoArray(c4, j + L);
            l5.intoArray(c5, j);
            h5.intoArray(c5, j + L);
        }
    }

    /** Four rows of C, columns [0, whole) in tiles of two vectors. */
    private static void rows4(int a0, int rowStep, int colStep, int k, float[] a, float[][] b,
                              float[] c0, float[] c1, float[] c2, float[] c3, int whole) {
        int a1 = a0 + rowStep, a2 = a1 + rowStep, a3 = a2 + rowStep;
        for (int j = 0; j < whole; j += 2 * L) {
            FloatVector l0 = FloatVector.fromArray(SPECIES, c0, j), h0 = FloatVector.fromArray(SPECIES, c0, j + L);
            FloatVector l1 = FloatVector.fromArray(SPECIES, c1, j), h1 = FloatVector.fromArray(SPECIES, c1, j + L);
            FloatVector l2 = FloatVector.fromArray(SPECIES, c2, j), h2 = FloatVector.fromArray(SPECIES, c2, j + L);
            FloatVector l3 = FloatVector.fromArray(SPECIES, c3, j), h3 = FloatVector.fromArray(SPECIES, c3, j + L);
            for (int p = 0, q = 0; p < k; p++, q += colStep) {
                float[] bp = b[p];
                FloatVector lo = FloatVector.fromArray(SPECIES, bp, j), hi = FloatVector.fromArray(SPECIES, bp, j + L);
                FloatVector x0 = FloatVector.broadcast(SPECIES, a[a0 + q]), x1 = FloatVector.broadcast(SPECIES, a[a1 + q]);
                FloatVector x2 = FloatVector.broadcast(SPECIES, a[a2 + q]), x3 = FloatVector.broadcast(SPECIES, a[a3 + q]);
                l0 = x0.fma(lo, l0);
                h0 = x0.fma(hi, h0);
                l1 = x1.fma(lo, l1);
                h1 = x1.fma(hi, h1);
                l2 = x2.fma(lo, l2);
                h2 = x2.fma(hi, h2);
                l3 = x3.fma(lo, l3);
                h3 = x3.fma(hi, h3);
            }
            l0.intoArray(c0, j);
            h0.intoArray(c0, j + L);
            l1.intoArray(c1, j);
            h1.intoArray(c1, j + L);
            l2.intoArray(c2, j);
            h2.intoArray(c2, j + L);
            l3.intoArray(c3, j);
            h3.intoArray(c3, j + L);
        }
    }

    /** Two rows of C (of the last m mod 4), columns [0, whole) in tiles of two vectors. */
    private static void rows2(int a0, int rowStep, int colStep, int k, float[] a, float[][] b,
                              float[] c0, float[] c1, int whole) {
        int a1 = a0 + rowStep;
        for (int j = 0; j < whole; j += 2 * L) {
            FloatVector l0 = FloatVector.fromArray(SPECIES, c0, j), h0 = FloatVector.fromArray(SPECIES, c0, j + L);
            FloatVector l1 = FloatVector.fromArray(SPECIES, c1, j), h1 = FloatVector.fromArray(SPECIES, c1, j + L);
            for (int p = 0, q = 0; p < k; p++, q += colStep) {
                float[] bp = b[p];
                FloatVector lo = FloatVector.fromArray(SPECIES, bp, j), hi = FloatVector.fromArray(SPECIES, bp, j + L);
                FloatVector x0 = FloatVector.broadcast(SPECIES, a[a0 + q]), x1 = FloatVector.broadcast(SPECIES, a[a1 + q]);
                l0 = x0.fma(lo, l0);
                h0 = x0.fma(hi, h0);
                l1 = x1.fma(lo, l1);
                h1 = x1.fma(hi, h1);
            }
            l0.intoArray(c0, j);
            h0.intoArray(c0, j + L);
            l1.intoArray(c1, j);
            h1.intoArray(c1, j + L);
        }
    }

    /**
     * One row of C (the last m mod 2; a linear layer on one image), columns [0, whole) in tiles of eight vectors,
     * then four, then two: eight chains of multiply-adds keep both FMA units busy where two wait for each other.
     */
    private static void rows1(int a0, int colStep, int k, float[] a, float[][] b, float[] c0, int whole) {
        int j = 0;
        for (; j + 8 * L <= whole; j += 8 * L) {
            FloatVector s0 = FloatVector.fromArray(SPECIES, c0, j), s1 = FloatVector.fromArray(SPECIES, c0, j + L);
            FloatVector s2 = FloatVector.fromArray(SPECIES, c0, j + 2 * L);
            FloatVector s3 = FloatVector.fromArray(SPECIES, c0, j + 3 * L);
            FloatVector s4 = FloatVector.fromArray(SPECIES, c0, j + 4 * L);
            FloatVector s5 = FloatVector.fromArray(SPECIES, c0, j + 5 * L);
            FloatVector s6 = FloatVector.fromArray(SPECIES, c0, j + 6 * L);
            FloatVector s7 = FloatVector.fromArray(SPECIES, c0, j + 7 * L);
            for (int p = 0, q = 0; p < k; p++, q += colStep) {
                float[] bp = b[p];
                FloatVector x0 = FloatVector.broadcast(SPECIES, a[a0 + q]);
                s0 = x0.fma(FloatVector.fromArray(SPECIES, bp, j), s0);
                s1 = x0.fma(FloatVector.fromArray(SPECIES, bp, j + L), s1);
                s2 = x0.fma(FloatVector.fromArray(SPECIES, bp, j + 2 * L), s2);
                s3 = x0.fma(FloatVector.fromArray(SPECIES, bp, j + 3 * L), s3);
                s4 = x0.fma(FloatVector.fromArray(SPECIES, bp, j + 4 * L), s4);
                s5 = x0.fma(FloatVector.fromArray(SPECIES, bp, j + 5 * L), s5);
                s6 = x0.fma(FloatVector.fromArray(SPECIES, bp, j + 6 * L), s6);
                s7 = x0.fma(FloatVector.fromArray(SPECIES, bp, j + 7 * L), s7);
            }
            s0.intoArray(c0, j);
            s1.intoArray(c0, j + L);
            s2.intoArray(c0, j + 2 * L);
            s3.intoArray(c0, j + 3 * L);
            s4.intoArray(c0, j + 4 * L);
            s5.intoArray(c0, j + 5 * L);
            s6.intoArray(c0, j + 6 * L);
            s7.intoArray(c0, j + 7 * L);
        }
        for (; j + 4 * L <= whole; j += 4 * L) {
            FloatVector s0 = FloatVector.fromArray(SPECIES, c0, j), s1 = FloatVector.fromArray(SPECIES, c0, j + L);
            FloatVector s2 = FloatVector.fromArray(SPECIES, c0, j + 2 * L);
            FloatVector s3 = FloatVector.fromArray(SPECIES, c0, j + 3 * L);
            for (int p = 0, q = 0; p < k; p++, q += colStep) {
                float[] bp = b[p];
                FloatVector x0 = FloatVector.broadcast(SPECIES, a[a0 + q]);
                s0 = x0.fma(FloatVector.fromArray(SPECIES, bp, j), s0);
                s1 = x0.fma(FloatVector.fromArray(SPECIES, bp, j + L), s1);
                s2 = x0.fma(FloatVector.fromArray(SPECIES, bp, j + 2 * L), s2);
                s3 = x0.fma(FloatVector.fromArray(SPECIES, bp, j + 3 * L), s3);
            }
            s0.intoArray(c0, j);
            s1.intoArray(c0, j + L);
            s2.intoArray(c0, j + 2 * L);
            s3.intoArray(c0, j + 3 * L);
        }
        for (; j < whole; j += 2 * L) {
            FloatVector l0 = FloatVector.fromArray(SPECIES, c0, j), h0 = FloatVector.fromArray(SPECIES, c0, j + L);
            for (int p = 0, q = 0; p < k; p++, q += colStep) {
                float[] bp = b[p];
                FloatVector x0 = FloatVector.broadcast(SPECIES, a[a0 + q]);
                l0 = x0.fma(FloatVector.fromArray(SPECIES, bp, j), l0);
                h0 = x0.fma(FloatVector.fromArray(SPECIES, bp, j + L), h0);
            }
            l0.intoArray(c0, j);
            h0.intoArray(c0, j + L);
        }
    }

    /**
     * Partial sums of C += A·Bᵀ as vectors: sums[i·mb + j][l] += Σ_{p ≡ l (mod L)} a[i][p]·b[j][p] for i &lt; ma,
     * j &lt; mb, p &lt; n, where L is the vector length ({@link #partialWidth}); the last n mod L products go to
     * lanes 0, 1, …. After the last call C[i,j] += Σ_l sums[i·mb + j][l] ({@link Gemm#addRowSums}): each sum
     * in a fixed order, unlike {@code reduceLanes}, whose order may change with the JIT. Tiles of two rows of A
     * by five of B (LeNet-5's 6×25 and 16×150 divide into them): seven loads feed ten multiply-adds.
     */
    static void multiplyTransposedPartial(int ma, int mb, float[][] a, float[][] b, float[][] sums, int n) {
        int whole = n / L * L, i = 0;
        for (; i + 2 <= ma; i += 2) {
            int j = 0;
            for (; j + 5 <= mb; j += 5) {
                dots2x5(a[i], a[i + 1], b, j, sums, i * mb + j, mb, whole);
            }
            for (; j < mb; j++) {
                dot(a[i], b[j], sums[i * mb + j], whole);
                dot(a[i + 1], b[j], sums[(i + 1) * mb + j], whole);
            }
        }
        for (; i < ma; i++) {
            for (int j = 0; j < mb; j++) {
                dot(a[i], b[j], sums[i * mb + j], whole);
            }
        }
        for (int r = 0; r < ma; r++) {
            for (int j = 0; j < mb; j++) {
                float[] ar = a[r], bj = b[j], s = sums[r * mb + j];
                for (int p = whole; p < n; p++) {
                    s[p - whole] = Math.fma(ar[p], bj[p], s[p - whole]);
                }
            }
        }
    }

    /** Ten dot products at once, as vectors, added into sums[first + r·mb + c] for r &lt; 2, c &lt; 5. */
    private static void dots2x5(float[] a0, float[] a1, float[][] b, int j, float[][] sums, int first, int mb,
                                int whole) {
        float[] b0 = b[j], b1 = b[j + 1], b2 = b[j + 2], b3 = b[j + 3], b4 = b[j + 4];
        float[] r00 = sums[first], r01 = sums[first + 1], r02 = sums[first + 2], r03 = sums[first + 3];
        float[] r04 = sums[first + 4], r10 = sums[first + mb], r11 = sums[first + mb + 1];
        float[] r12 = sums[first + mb + 2], r13 = sums[first + mb + 3], r14 = sums[first + mb + 4];
        FloatVector s00 = FloatVector.fromArray(SPECIES, r00, 0), s01 = FloatVector.fromArray(SPECIES, r01, 0);
        FloatVector s02 = FloatVector.fromArray(SPECIES, r02, 0), s03 = FloatVector.fromArray(SPECIES, r03, 0);
        FloatVector s04 = FloatVector.fromArray(SPECIES, r04, 0), s10 = FloatVector.fromArray(SPECIES, r10, 0);
        FloatVector s11 = FloatVector.fromArray(SPECIES, r11, 0), s12 = FloatVector.fromArray(SPECIES, r12, 0);
        FloatVector s13 = FloatVector.fromArray(SPECIES, r13, 0), s14 = FloatVector.fromArray(SPECIES, r14, 0);
        for (int p = 0; p < whole; p += L) {
            FloatVector x0 = FloatVector.fromArray(SPECIES, a0, p), x1 = FloatVector.fromArray(SPECIES, a1, p);
            FloatVector y0 = FloatVector.fromArray(SPECIES, b0, p), y1 = FloatVector.fromArray(SPECIES, b1, p);
            FloatVector y2 = FloatVector.fromArray(SPECIES, b2, p), y3 = FloatVector.fromArray(SPECIES, b3, p);
            FloatVector y4 = FloatVector.fromArray(SPECIES, b4, p);
            s00 = x0.fma(y0, s00);
            s01 = x0.fma(y1, s01);
            s02 = x0.fma(y2, s02);
            s03 = x0.fma(y3, s03);
            s04 = x0.fma(y4, s04);
            s10 = x1.fma(y0, s10);
            s11 = x1.fma(y1, s11);
            s12 = x1.fma(y2, s12);
            s13 = x1.fma(y3, s13);
            s14 = x1.fma(y4, s14);
        }
        s00.intoArray(r00, 0);
        s01.intoArray(r01, 0);
        s02.intoArray(r02, 0);
        s03.intoArray(r03, 0);
        s04.intoArray(r04, 0);
        s10.intoArray(r10, 0);
        s11.intoArray(r11, 0);
        s12.intoArray(r12, 0);
        s13.intoArray(r13, 0);
        s14.intoArray(r14, 0);
    }

    /** One dot product of the first {@code whole} values, lane by lane, added into {@code sums}. */
    private static void dot(float[] a, float[] b, float[] sums, int whole) {
        FloatVector s = FloatVector.fromArray(SPECIES, sums, 0);
        for (int p = 0; p < whole; p += L) {
            s = FloatVector.fromArray(SPECIES, a, p).fma(FloatVector.fromArray(SPECIES, b, p), s);
        }
        s.intoArray(sums, 0);
    }

    /** {@return the length of a row of {@link #multiplyTransposedPartial}'s sums: one vector} */
    static int partialWidth() {
        return L;
    }

    /** Columns [from, n) of one row of C, one element at a time, in the tiles' order of operations. */
    private static void tail(int a0, int colStep, int k, float[] a, float[][] b, float[] c0, int from, int n) {
        for (int j = from; j < n; j++) {
            float s = c0[j];
            for (int p = 0, q = 0; p < k; p++, q += colStep) {
                s = Math.fma(a[a0 + q], b[p][j], s);
            }
            c0[j] = s;
        }
    }
}
