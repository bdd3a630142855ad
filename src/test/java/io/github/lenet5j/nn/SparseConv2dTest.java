package io.github.lenet5j.nn;

import static io.github.lenet5j.nn.GradientCheck.random;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.lenet5j.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** LeNet-5's C3: Table I as data, the parameter count, equivalence with a masked Conv2d, gradients. */
class SparseConv2dTest {

    /** Table I of the paper as printed in docs/lenet5.md: row = S2 map, column = C3 map. */
    private static final String[] TABLE_I = {
        "X   XXX  XXXX XX",
        "XX   XXX  XXXX X",
        "XXX   XXX  X XXX",
        " XXX  XXXX  X XX",
        "  XXX  XXXX XX X",
        "   XXX  XXXX XXX"};

    @Test
    void c3ReadsExactlyTheS2MapsOfTableI() {
        SparseConv2d c3 = SparseConv2d.lenet5C3("c3");
        for (int in = 0; in < 6; in++) {
            for (int out = 0; out < 16; out++) {
                assertThat(c3.kernelIndex(out, in) >= 0).as("S2 map %d → C3 map %d", in, out)
                        .isEqualTo(TABLE_I[in].charAt(out) == 'X');
            }
        }
    }

    @Test
    void c3Has60KernelsAnd1516Parameters() {
        SparseConv2d c3 = SparseConv2d.lenet5C3("c3");
        assertThat(c3.weight().name()).isEqualTo("c3.weight");
        assertThat(c3.weight().value().shape()).containsExactly(60, 5, 5);
        assertThat(c3.bias().value().shape()).containsExactly(16);
        assertThat(c3.weight().size() + c3.bias().size()).isEqualTo(1_516);
        // kernels by output map, then input map: map 0 reads 0,1,2 (kernels 0-2), map 5 reads 0,1,5 (15-17)
        assertThat(c3.kernelIndex(0, 2)).isEqualTo(2);
        assertThat(c3.kernelIndex(5, 5)).isEqualTo(17);
        assertThat(c3.kernelIndex(15, 0)).isEqualTo(54);
    }

    @Test
    void changingAnUnconnectedInputMapLeavesTheOutputMapUnchanged() {
        SparseConv2d c3 = SparseConv2d.lenet5C3("c3");
        c3.initialize(new Random(1));
        Tensor x = random(2, -1, 1, 1, 6, 14, 14);
        float[] before = c3.forward(x).data().clone();
        for (int in = 0; in < 6; in++) {
            Tensor changed = x.copy();
            for (int k = 0; k < 14 * 14; k++) {
                changed.data()[in * 196 + k] += 1f + k % 3;
            }
            float[] after = c3.forward(changed).data();
            for (int out = 0; out < 16; out++) {
                boolean differs = false;
                for (int k = 0; k < 100; k++) {
                    differs |= after[out * 100 + k] != before[out * 100 + k];
                }
                assertThat(differs).as("changing S2 map %d changes C3 map %d", in, out)
                        .isEqualTo(c3.kernelIndex(out, in) >= 0);
            }
        }
    }

    @Test
    void equalsAConv2dWhoseUnconnectedKernelsAreZero() {
        SparseConv2d c3 = SparseConv2d.lenet5C3("c3");
        c3.initialize(new Random(3));
        Conv2d dense = new Conv2d("dense", 6, 16, 5);
        System.arraycopy(c3.denseWeight().data(), 0, dense.weight().value().data(), 0, 16 * 6 * 25);
        System.arraycopy(c3.bias().value().data(), 0, dense.bias().value().data(), 0, 16);
        Tensor x = random(4, -1, 1, 2, 6, 14, 14);
        float[] expected = dense.forward(x).data();
        float[] actual = c3.forward(x).data();
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).isCloseTo(expected[i], within(1e-5f));
        }
    }

    @Test
    void referenceGradientsMatchFiniteDifferences() {
        SparseConv2d c3 = SparseConv2d.lenet5C3("c3", Engine.REFERENCE);
        c3.initialize(new Random(5));
        GradientCheck.check(c3, random(6, -1, 1, 2, 6, 9, 8), 1e-2);
    }

    @Test
    void initialisationIsUniformInPlusMinus2Point4OverEachMapsFanIn() {
        SparseConv2d c3 = SparseConv2d.lenet5C3("c3");
        c3.initialize(new Random(7));
        float[] w = c3.weight().value().data();
        int[][] table = c3.table();
        for (int out = 0; out < 16; out++) {
            float bound = 2.4f / (table[out].length * 25);
            float largest = 0;
            for (int in : table[out]) {
                for (int k = 0; k < 25; k++) {
                    largest = Math.max(largest, Math.abs(w[c3.kernelIndex(out, in) * 25 + k]));
                }
            }
            assertThat(largest).as("map %d", out).isBetween(0.8f * bound, bound);
            assertThat(Math.abs(c3.bias().value().data()[out])).isLessThanOrEqualTo(bound);
        }
    }

    @Test
    void malformedTablesAndShapesAreRejectedNamingTheLayer() {
        assertThatThrownBy(() -> new SparseConv2d("c3", 6, new int[][] {{0, 6}}, 5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("c3: output map 0 reads [0, 6]; expected distinct ascending input maps in [0, 6)");
        assertThatThrownBy(() -> new SparseConv2d("c3", 6, new int[][] {{2, 1}}, 5)).hasMessageContaining("ascending");
        assertThatThrownBy(() -> new SparseConv2d("c3", 6, new int[][] {{}}, 5)).hasMessageContaining("reads no input");
        assertThatThrownBy(() -> SparseConv2d.lenet5C3("c3").forward(new Tensor(1, 16, 14, 14)))
                .hasMessage("c3: expected input of shape [N, 6, N, N] but got [1, 16, 14, 14]");
    }

    @Test
    void replicaSharesWeightsButNotGradients() {
        SparseConv2d c3 = SparseConv2d.lenet5C3("c3");
        SparseConv2d copy = c3.replica();
        assertThat(copy.weight().value()).isSameAs(c3.weight().value());
        assertThat(copy.weight().grad()).isNotSameAs(c3.weight().grad());
    }
}
