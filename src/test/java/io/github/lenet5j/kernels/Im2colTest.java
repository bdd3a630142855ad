package io.github.lenet5j.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Im2col's transposed copy and its adjoint: what one copies out of the input, the other adds back. */
class Im2colTest {
    /**
     * col2imTransposed is the adjoint of im2colTransposed: ⟨im2colᵀ(x), P⟩ = ⟨x, col2imᵀ(P)⟩ for random x and P,
     * on the 5×5 form (stride 1, no padding, an even output width: two pixels a step), an odd output width and a
     * stride with padding (the general loops); nothing is added before the image's offset in gx.
     */
    @ParameterizedTest(name = "{0} channels, kernel {1}, stride {2}, padding {3}, input {4}x{5}")
    @CsvSource({"6, 5, 1, 0, 14, 14", "3, 5, 1, 0, 12, 13", "2, 3, 2, 1, 9, 9"})
    void col2imTransposedIsTheAdjointOfIm2colTransposed(int channels, int kernel, int stride, int padding,
                                                        int height, int width) {
        Im2col unroll = new Im2col(channels, kernel, stride, padding);
        int outH = (height + 2 * padding - kernel) / stride + 1, outW = (width + 2 * padding - kernel) / stride + 1;
        int pixels = outH * outW, rows = channels * kernel * kernel, base = 3;
        Random random = new Random(channels * 31 + width);
        float[] x = new float[base + channels * height * width];
        for (int i = base; i < x.length; i++) {
            x[i] = random.nextFloat() * 2 - 1;
        }
        float[][] patches = new float[pixels][rows];
        float[][] gradPatches = new float[pixels][rows];
        unroll.im2colTransposed(x, base, height, width, outW, pixels, patches);
        double copied = 0;
        for (int pixel = 0; pixel < pixels; pixel++) {
            for (int k = 0; k < rows; k++) {
                gradPatches[pixel][k] = random.nextFloat() * 2 - 1;
                copied += (double) patches[pixel][k] * gradPatches[pixel][k];
            }
        }
        float[] gx = new float[x.length];
        unroll.col2imTransposed(gradPatches, height, width, outW, pixels, gx, base);
        double added = 0;
        for (int i = 0; i < x.length; i++) {
            added += (double) x[i] * gx[i];
        }
        assertThat(added).isCloseTo(copied, within(1e-3));
        assertThat(new float[] {gx[0], gx[1], gx[2]}).containsOnly(0f);
    }
}
