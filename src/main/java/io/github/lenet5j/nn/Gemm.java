package io.github.lenet5j.nn;

/**
 * The matrix products that Conv2d (after im2col) and Linear reduce to, each adding to C:
 * <pre>
 * ab:  C[m×n] += A[m×k] · B[k×n]      forward (conv), input gradients
 * atb: C[m×n] += Aᵀ · B[k×n], A[k×m]   weight gradient (linear), column gradient (conv)
 * abt: C[m×n] += A[m×k] · Bᵀ, B[n×k]   forward (linear), weight gradient (conv)
 * </pre>
 * Matrices are row-major {@code float[]} slices starting at an offset, rows packed (row length = column
 * count). Sums run in a different order from the naive loops, so results differ in the last bits.
 *
 * <p>Why these loops are fast: {@code ab} and {@code atb} run their inner loop along a row of B and a row of C,
 * contiguous, which the JIT compiles to SIMD; each pass over a C row adds four rows of B, so C is loaded
 * and stored once per four products. {@code abt} is a dot product along rows of A and B; it keeps four
 * sums in registers (four rows of B against one of A), the only reuse scalar code gets.
 */
final class Gemm {
    private Gemm() {
    }

    /** C[m×n] += A[m×k] · B[k×n]. */
    static void ab(int m, int n, int k, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff) {
        axpyRows(m, n, k, a, aOff, k, 1, b, bOff, c, cOff);
    }

    /** C[m×n] += Aᵀ · B[k×n], where A is stored as [k×m]. */
    static void atb(int m, int n, int k, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff) {
        axpyRows(m, n, k, a, aOff, 1, m, b, bOff, c, cOff);
    }

    /** C[i,:] += Σ_p A(i,p) · B[p,:], with A(i,p) = a[aOff + i·rowStep + p·colStep]. */
    private static void axpyRows(int m, int n, int k, float[] a, int aOff, int rowStep, int colStep,
                                 float[] b, int bOff, float[] c, int cOff) {
        for (int i = 0; i < m; i++) {
            int cRow = cOff + i * n, aRow = aOff + i * rowStep;
            int p = 0;
            for (; p + 3 < k; p += 4) {
                float a0 = a[aRow + p * colStep], a1 = a[aRow + (p + 1) * colStep];
                float a2 = a[aRow + (p + 2) * colStep], a3 = a[aRow + (p + 3) * colStep];
                int b0 = bOff + p * n, b1 = b0 + n, b2 = b1 + n, b3 = b2 + n;
                for (int j = 0; j < n; j++) {
                    c[cRow + j] += a0 * b[b0 + j] + a1 * b[b1 + j] + a2 * b[b2 + j] + a3 * b[b3 + j];
                }
            }
            for (; p < k; p++) {
                float ap = a[aRow + p * colStep];
                int bRow = bOff + p * n;
                for (int j = 0; j < n; j++) {
                    c[cRow + j] += ap * b[bRow + j];
                }
            }
        }
    }

    /** C[m×n] += A[m×k] · Bᵀ, where B is stored as [n×k]: C[i,j] += Σ_p A[i,p]·B[j,p]. */
    static void abt(int m, int n, int k, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff) {
        for (int i = 0; i < m; i++) {
            int aRow = aOff + i * k, cRow = cOff + i * n;
            int j = 0;
            for (; j + 3 < n; j += 4) {
                int b0 = bOff + j * k, b1 = b0 + k, b2 = b1 + k, b3 = b2 + k;
                float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                for (int p = 0; p < k; p++) {
                    float ap = a[aRow + p];
                    s0 += ap * b[b0 + p];
                    s1 += ap * b[b1 + p];
                    s2 += ap * b[b2 + p];
                    s3 += ap * b[b3 + p];
                }
                c[cRow + j] += s0;
                c[cRow + j + 1] += s1;
                c[cRow + j + 2] += s2;
                c[cRow + j + 3] += s3;
            }
            for (; j < n; j++) {
                int bRow = bOff + j * k;
                float s = 0;
                for (int p = 0; p < k; p++) {
                    s += a[aRow + p] * b[bRow + p];
                }
                c[cRow + j] += s;
            }
        }
    }
}
