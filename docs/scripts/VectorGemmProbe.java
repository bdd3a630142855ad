/*
 * What register blocking with the Vector API would buy lenet5j's products, on this machine, as a single-file
 * program (not part of the library: jdk.incubator.vector is an incubator module). Run from the repository root:
 *
 *   java --add-modules jdk.incubator.vector docs/scripts/VectorGemmProbe.java
 *
 * It times C[16×n] += A[16×150]·B[150×n] (conv2's forward: 16 kernels of 150 weights) two ways, for n = 136
 * (conv2 on the input-wide grid, one image) and 400 (a block of images):
 *   - rows:   the library's loop, four rows of B per pass over a row of C (Gemm.axpy4), which C2 auto-vectorises;
 *   - vector: eight rows of C × two vectors of columns kept in registers over the whole sum (FloatVector.fma),
 *             so each load of B feeds eight multiply-adds. Its last n mod 16 columns run as scalar code here:
 *             a real kernel would mask them or pad the rows.
 * Prints the best of 200 repetitions as µs and GMAC/s. docs/performance.md quotes a run of it.
 */
import java.util.Random;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

public class VectorGemmProbe {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_256;

    static void rows(float[] a, float[][] b, float[][] c, int m, int k, int n) {
        for (int p = 0; p + 3 < k; p += 4) {
            for (int i = 0; i < m; i++) {
                float a0 = a[i * k + p], a1 = a[i * k + p + 1], a2 = a[i * k + p + 2], a3 = a[i * k + p + 3];
                float[] b0 = b[p], b1 = b[p + 1], b2 = b[p + 2], b3 = b[p + 3], ci = c[i];
                for (int j = 0; j < n; j++) {
                    ci[j] += a0 * b0[j] + a1 * b1[j] + a2 * b2[j] + a3 * b3[j];
                }
            }
        }
        for (int p = k & ~3; p < k; p++) {
            for (int i = 0; i < m; i++) {
                float ai = a[i * k + p];
                float[] bp = b[p], ci = c[i];
                for (int j = 0; j < n; j++) {
                    ci[j] += ai * bp[j];
                }
            }
        }
    }

    static void vector(float[] a, float[][] b, float[][] c, int m, int k, int n) {
        int w = S.length();
        for (int i = 0; i < m; i += 8) {
            int j = 0;
            for (; j + 2 * w <= n; j += 2 * w) {
                float[] c0 = c[i], c1 = c[i + 1], c2 = c[i + 2], c3 = c[i + 3];
                float[] c4 = c[i + 4], c5 = c[i + 5], c6 = c[i + 6], c7 = c[i + 7];
                FloatVector l0 = FloatVector.fromArray(S, c0, j), l1 = FloatVector.fromArray(S, c1, j);
                FloatVector l2 = FloatVector.fromArray(S, c2, j), l3 = FloatVector.fromArray(S, c3, j);
                FloatVector l4 = FloatVector.fromArray(S, c4, j), l5 = FloatVector.fromArray(S, c5, j);
                FloatVector l6 = FloatVector.fromArray(S, c6, j), l7 = FloatVector.fromArray(S, c7, j);
                FloatVector h0 = FloatVector.fromArray(S, c0, j + w), h1 = FloatVector.fromArray(S, c1, j + w);
                FloatVector h2 = FloatVector.fromArray(S, c2, j + w), h3 = FloatVector.fromArray(S, c3, j + w);
                FloatVector h4 = FloatVector.fromArray(S, c4, j + w), h5 = FloatVector.fromArray(S, c5, j + w);
                FloatVector h6 = FloatVector.fromArray(S, c6, j + w), h7 = FloatVector.fromArray(S, c7, j + w);
                for (int p = 0; p < k; p++) {
                    FloatVector bl = FloatVector.fromArray(S, b[p], j), bh = FloatVector.fromArray(S, b[p], j + w);
                    FloatVector x0 = FloatVector.broadcast(S, a[i * k + p]), x1 = FloatVector.broadcast(S, a[(i + 1) * k + p]);
                    FloatVector x2 = FloatVector.broadcast(S, a[(i + 2) * k + p]), x3 = FloatVector.broadcast(S, a[(i + 3) * k + p]);
                    FloatVector x4 = FloatVector.broadcast(S, a[(i + 4) * k + p]), x5 = FloatVector.broadcast(S, a[(i + 5) * k + p]);
                    FloatVector x6 = FloatVector.broadcast(S, a[(i + 6) * k + p]), x7 = FloatVector.broadcast(S, a[(i + 7) * k + p]);
                    l0 = bl.fma(x0, l0); l1 = bl.fma(x1, l1); l2 = bl.fma(x2, l2); l3 = bl.fma(x3, l3);
                    l4 = bl.fma(x4, l4); l5 = bl.fma(x5, l5); l6 = bl.fma(x6, l6); l7 = bl.fma(x7, l7);
                    h0 = bh.fma(x0, h0); h1 = bh.fma(x1, h1); h2 = bh.fma(x2, h2); h3 = bh.fma(x3, h3);
                    h4 = bh.fma(x4, h4); h5 = bh.fma(x5, h5); h6 = bh.fma(x6, h6); h7 = bh.fma(x7, h7);
                }
                l0.intoArray(c0, j); l1.intoArray(c1, j); l2.intoArray(c2, j); l3.intoArray(c3, j);
                l4.intoArray(c4, j); l5.intoArray(c5, j); l6.intoArray(c6, j); l7.intoArray(c7, j);
                h0.intoArray(c0, j + w); h1.intoArray(c1, j + w); h2.intoArray(c2, j + w); h3.intoArray(c3, j + w);
                h4.intoArray(c4, j + w); h5.intoArray(c5, j + w); h6.intoArray(c6, j + w); h7.intoArray(c7, j + w);
            }
            for (; j < n; j++) {   // the scalar tail
                for (int r = 0; r < 8; r++) {
                    float s = c[i + r][j];
                    for (int p = 0; p < k; p++) {
                        s += a[(i + r) * k + p] * b[p][j];
                    }
                    c[i + r][j] = s;
                }
            }
        }
    }

    public static void main(String[] args) {
        int m = 16, k = 150;
        for (int n : new int[] {136, 400}) {
            Random random = new Random(1);
            float[] a = new float[m * k];
            float[][] b = new float[k][n], c = new float[m][n];
            for (int i = 0; i < a.length; i++) {
                a[i] = random.nextFloat() * 1e-3f;
            }
            for (float[] row : b) {
                for (int j = 0; j < n; j++) {
                    row[j] = random.nextFloat();
                }
            }
            for (String kernel : new String[] {"rows", "vector"}) {
                double best = Double.MAX_VALUE;
                for (int round = 0; round < 200; round++) {
                    long t0 = System.nanoTime();
                    for (int rep = 0; rep < 20; rep++) {
                        if (kernel.equals("rows")) {
                            rows(a, b, c, m, k, n);
                        } else {
                            vector(a, b, c, m, k, n);
                        }
                    }
                    best = Math.min(best, (System.nanoTime() - t0) / 20.0);
                }
                System.out.printf("n=%d %-6s %7.1f us %6.1f GMAC/s%n", n, kernel, best / 1e3, (double) m * k * n / best);
            }
        }
    }
}
