package io.github.lenet5j.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Both products behind {@link Gemm#multiplyAdd} against the plain triple loop: the auto-vectorised four-row
 * kernel (always) and the Vector API tiles (when this JVM has the module; surefire's default run does). The
 * shapes are the model's and awkward ones: rows of C not a multiple of four, columns not a multiple of the
 * vector length, A read transposed.
 */
class GemmTest {
    @ParameterizedTest(name = "m={0} k={1} n={2} transposedA={3}")
    @MethodSource("shapes")
    void fourRowKernelMatchesThePlainLoop(int m, int k, int n, boolean transposedA) {
        checkAgainstThePlainLoop(m, k, n, transposedA, Gemm::multiplyAddRows);
    }

    @ParameterizedTest(name = "m={0} k={1} n={2} transposedA={3}")
    @MethodSource("shapes")
    void vectorKernelMatchesThePlainLoop(int m, int k, int n, boolean transposedA) {
        assumeThat(Kernels.VECTOR).as("the Vector API kernels (JVM without jdk.incubator.vector)").isTrue();
        checkAgainstThePlainLoop(m, k, n, transposedA, VectorGemm::multiplyAdd);
    }

    static Stream<Arguments> shapes() {
        return Stream.of(
                Arguments.of(6, 25, 892, false),     // conv1 forward, one image on the input-wide grid
                Arguments.of(16, 150, 408, false),   // conv2 forward, three images
                Arguments.of(16, 100, 150, false),   // conv2 weight gradient (C += g · patches)
                Arguments.of(150, 16, 400, true),    // conv2 input gradient (C += wᵀ · g)
                Arguments.of(32, 400, 120, false),   // fc1 forward
                Arguments.of(120, 32, 400, true),    // fc1 weight gradient
                Arguments.of(1, 1, 1, false),
                Arguments.of(3, 5, 7, true),
                Arguments.of(5, 3, 33, false),
                Arguments.of(7, 9, 17, true));
    }

    /** The product's signature: C[i] += Σ_p A(i,p)·B[p]. */
    private interface Product {
        void multiplyAdd(int m, int k, float[] a, int aOff, int rowStep, int colStep, float[][] b, float[][] c, int n);
    }

    private static void checkAgainstThePlainLoop(int m, int k, int n, boolean transposedA, Product product) {
        Random random = new Random(m * 31L + k * 7L + n);
        float[] a = values(random, m * k + 3);
        int aOff = 3, rowStep = transposedA ? 1 : k, colStep = transposedA ? m : 1;
        float[][] b = rows(random, k, n, 0);
        float[][] c = rows(random, m, n, 0);
        double[][] bound = new double[m][n];
        float[][] expected = plain(m, k, a, aOff, rowStep, colStep, b, c, n, bound);
        float[][] result = copy(c, 0);
        product.multiplyAdd(m, k, a, aOff, rowStep, colStep, b, result, n);
        assertClose(result, expected, bound, n);
    }

    /**
     * The vector path's element order is the same in a lane, in the scalar tail and on padded rows, so a row's
     * result does not depend on how long the workspace rows are or how many rows of C a call has (a thread's
     * share of a layer's outputs computes the same bits as the whole layer).
     */
    @ParameterizedTest(name = "m={0} k={1} n={2}")
    @CsvSource({"6, 25, 892", "16, 150, 136", "5, 7, 41", "9, 3, 150", "150, 16, 100"})
    void vectorKernelGivesTheSameBitsWhateverTheRowsLengthAndTiling(int m, int k, int n) {
        assumeThat(Kernels.VECTOR).as("the Vector API kernels (JVM without jdk.incubator.vector)").isTrue();
        Random random = new Random(n);
        float[] a = values(random, m * k);
        float[][] b = rows(random, k, n, 0);
        float[][] c = rows(random, m, n, 0);
        int pad = VectorGemm.padding();

        float[][] exact = copy(c, 0);
        VectorGemm.multiplyAdd(m, k, a, 0, k, 1, b, exact, n);                       // tiles, then a scalar tail
        float[][] padded = copy(c, pad);
        VectorGemm.multiplyAdd(m, k, a, 0, k, 1, copy(b, pad), padded, n);           // whole tiles over the padding
        float[] aT = new float[k * m];
        for (int i = 0; i < m; i++) {
            for (int p = 0; p < k; p++) {
                aT[p * m + i] = a[i * k + p];
            }
        }
        float[][] transposedA = copy(c, 0);
        VectorGemm.multiplyAdd(m, k, aT, 0, 1, m, b, transposedA, n);                // A's rows neighbours in memory
        for (int i = 0; i < m; i++) {
            float[][] oneRow = {c[i].clone()};
            VectorGemm.multiplyAdd(1, k, a, i * k, k, 1, b, oneRow, n);              // the row alone
            for (int j = 0; j < n; j++) {
                assertThat(Float.floatToRawIntBits(padded[i][j])).as("padded rows, C[%d][%d]", i, j)
                        .isEqualTo(Float.floatToRawIntBits(exact[i][j]));
                assertThat(Float.floatToRawIntBits(oneRow[0][j])).as("the row alone, C[%d][%d]", i, j)
                        .isEqualTo(Float.floatToRawIntBits(exact[i][j]));
                assertThat(Float.floatToRawIntBits(transposedA[i][j])).as("A stored transposed, C[%d][%d]", i, j)
                        .isEqualTo(Float.floatToRawIntBits(exact[i][j]));
            }
        }
    }

    /**
     * C = A·B ({@link Gemm#multiply}, conv2's input gradient) writes what C += A·B writes on a C of zeros, to the
     * bit, whatever C held before: rows in six-row tiles and the rest, columns in whole tiles, over the padding
     * and in the scalar tail, and k = 0 (C all zero).
     */
    @ParameterizedTest(name = "m={0} k={1} n={2} padded={3}")
    @CsvSource({"150, 16, 400, true", "150, 16, 400, false", "9, 3, 41, true", "9, 3, 41, false", "5, 7, 17, false",
        "13, 0, 20, true"})
    void multiplyWritesWhatMultiplyAddAddsToZeros(int m, int k, int n, boolean padded) {
        Random random = new Random(m + 100L * n);
        int pad = padded ? Kernels.VECTOR ? VectorGemm.padding() : 1 : 0;
        float[] a = values(random, m * Math.max(k, 1));
        float[][] b = copy(rows(random, k, n, 0), pad);
        float[][] onZeros = copy(rows(random, m, n, 0), pad);
        for (float[] row : onZeros) {
            Arrays.fill(row, 0f);
        }
        float[][] overwritten = copy(rows(random, m, n, 0), pad);   // what C held: random values
        Gemm.multiplyAdd(m, k, a, 0, 1, m, b, onZeros, n);
        Gemm.multiply(m, k, a, 0, 1, m, b, overwritten, n);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                assertThat(Float.floatToRawIntBits(overwritten[i][j])).as("C[%d][%d]", i, j)
                        .isEqualTo(Float.floatToRawIntBits(onZeros[i][j]));
            }
        }
    }

    /**
     * C = bias + A·B ({@link Gemm#multiplyFromBias}, the convolutions' forward and the linear layers' transposed one)
     * writes what C += A·B writes on rows filled with the bias, to the bit, whatever C held before: k of four and
     * more (the first four rows of B write C) with every remainder, k below four, A stored transposed or not, and
     * columns past n left as they were.
     */
    @ParameterizedTest(name = "m={0} k={1} n={2} transposedA={3}")
    @CsvSource({"6, 25, 892, false", "16, 150, 136, false", "120, 400, 250, false", "5, 6, 41, true", "9, 7, 17, false",
        "3, 3, 20, true", "150, 16, 100, true", "4, 4, 1, false"})
    void multiplyFromBiasWritesWhatMultiplyAddAddsToTheBias(int m, int k, int n, boolean transposedA) {
        Random random = new Random(m * 7L + k * 1000L + n);
        float[] a = values(random, m * k), bias = values(random, m);
        float[][] b = rows(random, k, n, 0);
        float[][] onBias = rows(random, m, n, 3), overwritten = copy(onBias, 0);
        for (int i = 0; i < m; i++) {
            Arrays.fill(onBias[i], 0, n, bias[i]);
        }
        int rowStep = transposedA ? 1 : k, colStep = transposedA ? m : 1;
        Gemm.multiplyAdd(m, k, a, 0, rowStep, colStep, b, onBias, n);
        Gemm.multiplyFromBias(m, k, a, 0, rowStep, colStep, b, overwritten, n, bias);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n + 3; j++) {
                assertThat(Float.floatToRawIntBits(overwritten[i][j])).as("C[%d][%d]", i, j)
                        .isEqualTo(Float.floatToRawIntBits(onBias[i][j]));
            }
        }
    }

    /** The partial sums of C += A·Bᵀ (conv1's weight gradient), added up, against dot products in double. */
    @ParameterizedTest(name = "ma={0} mb={1} n={2}")
    @CsvSource({"6, 25, 784", "6, 25, 100", "4, 5, 37", "1, 1, 3", "7, 9, 16"})
    void partialSumsAddUpToTheDotProducts(int ma, int mb, int n) {
        Random random = new Random(ma * 1000L + mb * 10L + n);
        float[][] a = rows(random, ma, n, 0), b = rows(random, mb, n, 0);
        float[][] sums = Gemm.rows(null, ma * mb, Gemm.partialWidth(n));
        Gemm.multiplyTransposedPartial(ma, mb, a, b, sums, n);
        Gemm.multiplyTransposedPartial(ma, mb, a, b, sums, n);   // two calls accumulate, as two images do
        float[] c = new float[ma * mb];
        Gemm.addRowSums(sums, c, 0);
        for (int i = 0; i < ma; i++) {
            for (int j = 0; j < mb; j++) {
                double dot = 0, magnitude = 0;
                for (int p = 0; p < n; p++) {
                    dot += (double) a[i][p] * b[j][p];
                    magnitude += Math.abs((double) a[i][p] * b[j][p]);
                }
                assertThat((double) c[i * mb + j]).as("C[%d][%d]", i, j)
                        .isCloseTo(2 * dot, within(2 * (n + 1) * 0x1p-23 * magnitude));
            }
        }
        for (float[] row : sums) {
            assertThat(row).as("cleared for the next batch").containsOnly(0f);
        }
    }

    /**
     * The rows a product picks by index (max pooling's winners) add up to the plain sum, for every count of picks
     * left over after the groups of four (none to three), a row picked twice, and only the picked range of the
     * coefficients and indices read.
     */
    @ParameterizedTest(name = "{0} picks, rows of {1}")
    @CsvSource({"0, 150", "1, 150", "2, 150", "3, 150", "4, 150", "7, 150", "25, 150", "6, 17", "9, 1"})
    void pickedRowsAddUpToThePlainSum(int count, int n) {
        Random random = new Random(count * 100L + n);
        float[][] b = rows(random, 10, n, 0);
        float[] a = values(random, count + 5), y = values(random, n);
        int[] pick = new int[count + 3];
        for (int t = 0; t < pick.length; t++) {
            pick[t] = t == 4 ? pick[2] : random.nextInt(b.length);   // the fifth picks the third's row again
        }
        double[] expected = new double[n], magnitude = new double[n];
        for (int j = 0; j < n; j++) {
            expected[j] = y[j];
            magnitude[j] = Math.abs(y[j]);
            for (int t = 0; t < count; t++) {
                double term = (double) a[2 + t] * b[pick[1 + t]][j];
                expected[j] += term;
                magnitude[j] += Math.abs(term);
            }
        }
        Gemm.addPickedRows(a, 2, pick, 1, count, b, y, n);
        for (int j = 0; j < n; j++) {
            assertThat((double) y[j]).as("y[%d]", j)
                    .isCloseTo(expected[j], within((count + 1) * 0x1p-23 * magnitude[j]));
        }
    }

    /** C + A·B in double, and in {@code bound[i][j]} the float rounding a k-term sum may add: k·ε·Σ|terms|. */
    private static float[][] plain(int m, int k, float[] a, int aOff, int rowStep, int colStep,
                                   float[][] b, float[][] c, int n, double[][] bound) {
        float[][] out = copy(c, 0);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = out[i][j], magnitude = Math.abs(out[i][j]);
                for (int p = 0; p < k; p++) {
                    double term = (double) a[aOff + i * rowStep + p * colStep] * b[p][j];
                    s += term;
                    magnitude += Math.abs(term);
                }
                out[i][j] = (float) s;
                bound[i][j] = (k + 1) * 0x1p-23 * magnitude;
            }
        }
        return out;
    }

    private static void assertClose(float[][] actual, float[][] expected, double[][] bound, int n) {
        for (int i = 0; i < expected.length; i++) {
            for (int j = 0; j < n; j++) {
                assertThat((double) actual[i][j]).as("C[%d][%d]", i, j).isCloseTo(expected[i][j], within(bound[i][j]));
            }
        }
    }

    private static float[] values(Random random, int count) {
        float[] v = new float[count];
        for (int i = 0; i < count; i++) {
            v[i] = random.nextFloat() * 2 - 1;
        }
        return v;
    }

    private static float[][] rows(Random random, int count, int n, int extra) {
        float[][] r = new float[count][n + extra];
        for (float[] row : r) {
            for (int j = 0; j < n; j++) {
                row[j] = random.nextFloat() * 2 - 1;
            }
        }
        return r;
    }

    /** A copy with rows {@code extra} values longer (garbage past n, as a reused workspace may hold). */
    private static float[][] copy(float[][] from, int extra) {
        float[][] to = new float[from.length][];
        for (int i = 0; i < from.length; i++) {
            to[i] = Arrays.copyOf(from[i], from[i].length + extra);
            for (int j = from[i].length; j < to[i].length; j++) {
                to[i][j] = 1e30f;
            }
        }
        return to;
    }
}
