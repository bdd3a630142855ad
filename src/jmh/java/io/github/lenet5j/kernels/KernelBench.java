package io.github.lenet5j.kernels;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The inner loops the kernel choices of docs/performance.md rest on, each against the alternative it was
 * chosen over, on rows of LeNet-5's lengths (100: conv2's output plane; 136: conv2 on the input-wide grid;
 * 400: a block of images; 892: conv1 on the input-wide grid). The three products each do C[2×n] += A[2×12]·B[12×n],
 * 24·n multiply-adds: GMAC/s = 24·n / (ns per operation). The loops over values take 8·n of them.
 *
 * <ul>
 *   <li>{@code axpyOneRowAtATime} vs {@code axpy4}: one row of B per pass over a row of C, or four
 *       ({@link Gemm#multiplyAdd});
 *   <li>{@code twoByThree}: two rows of C from three rows of B, measured and not used (docs: fragile);
 *   <li>{@code sumOneChain} vs {@link Gemm#sum}: one running float sum, or eight;
 *   <li>{@code sigmoidExp} vs {@code sigmoidRational}: {@code 1/(1 + Math.exp(−x))} in double, or {@link RationalTanh};
 *   <li>{@code reluBackwardBranch} vs {@code reluBackwardMin}: {@code x > 0 ? g : 0} on random signs, or
 *       ReLU's {@code g·min(1, y·2¹²⁶·2¹²⁶)}.
 * </ul>
 * In package {@code kernels} (source root src/jmh) to call the package-private kernels.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class KernelBench {
    @Param({"100", "136", "400", "892"})
    public int n;

    private float[][] b;        // [12][n]
    private float[][] cd;       // [2][n]
    private float[] x;          // 8·n values in [−6, 6)
    private float[] positive;   // max(0, x): a ReLU's output
    private float[] y;
    private float[] g;

    @Setup
    public void setup() {
        Random random = new Random(1);
        b = new float[12][n];
        for (float[] row : b) {
            for (int j = 0; j < n; j++) {
                row[j] = random.nextFloat() * 1e-3f;   // small: the sums must not overflow in a long run
            }
        }
        cd = new float[2][n];
        x = new float[8 * n];
        positive = new float[8 * n];
        g = new float[8 * n];
        y = new float[8 * n];
        for (int j = 0; j < x.length; j++) {
            x[j] = random.nextFloat() * 12 - 6;
            positive[j] = Math.max(0f, x[j]);
            g[j] = random.nextFloat() - 0.5f;
        }
    }

    @Benchmark
    public float[][] axpyOneRowAtATime() {
        for (int i = 0; i < 2; i++) {
            float[] c = cd[i];
            for (int p = 0; p < 12; p++) {
                float a = A[i * 12 + p];
                float[] row = b[p];
                for (int j = 0; j < n; j++) {
                    c[j] += a * row[j];
                }
            }
        }
        return cd;
    }

    @Benchmark
    public float[][] axpy4() {
        Gemm.multiplyAdd(2, 12, A, 0, 12, 1, b, cd, n);
        return cd;
    }

    @Benchmark
    public float[][] twoByThree() {
        for (int p = 0; p < 12; p += 3) {
            twoByThree(A[p], A[p + 1], A[p + 2], A[12 + p], A[13 + p], A[14 + p], b[p], b[p + 1], b[p + 2], cd[0], cd[1], n);
        }
        return cd;
    }

    private static void twoByThree(float a0, float a1, float a2, float e0, float e1, float e2,
                                   float[] b0, float[] b1, float[] b2, float[] c, float[] d, int n) {
        for (int j = 0; j < n; j++) {
            float x0 = b0[j], x1 = b1[j], x2 = b2[j];
            c[j] += a0 * x0 + a1 * x1 + a2 * x2;
            d[j] += e0 * x0 + e1 * x1 + e2 * x2;
        }
    }

    @Benchmark
    public float sumOneChain() {
        float sum = 0;
        for (int j = 0; j < 8 * n; j++) {
            sum += x[j];
        }
        return sum;
    }

    @Benchmark
    public float sumEightChains() {
        return Gemm.sum(x, 0, 8 * n);
    }

    @Benchmark
    public float[] sigmoidExp() {
        for (int j = 0; j < 8 * n; j++) {
            y[j] = (float) (1 / (1 + Math.exp(-x[j])));
        }
        return y;
    }

    @Benchmark
    public float[] sigmoidRational() {
        RationalTanh.apply(x, 0.5f, 0.5f, 0.5f, y);
        return y;
    }

    @Benchmark
    public float[] reluBackwardBranch() {
        for (int j = 0; j < 8 * n; j++) {
            y[j] = x[j] > 0 ? g[j] : 0f;
        }
        return y;
    }

    @Benchmark
    public float[] reluBackwardMin() {
        ActivationKernels.reluBackward(positive, g, y);
        return y;
    }

    private static final float[] A = new float[24];

    static {
        for (int i = 0; i < A.length; i++) {
            A[i] = 0.01f * (i + 1);
        }
    }
}
