package io.github.lenet5j.nn;

import static io.github.lenet5j.nn.GradientCheck.random;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lenet5j.tensor.Tensor;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The RBF output layer and its fixed class codes. */
class EuclideanRbfTest {

    @Test
    void outputIsTheSquaredDistanceToEachCode() {
        EuclideanRbf rbf = new EuclideanRbf("rbf", new Tensor(new float[] {1, -1, -1, 1, -1, -1}, 3, 2));
        Tensor y = rbf.forward(new Tensor(new float[] {0.5f, -1, 1, 1}, 2, 2));
        // (0.5, −1) to (1, −1): 0.25 + 0;  to (−1, 1): 2.25 + 4;  to (−1, −1): 2.25 + 0;  then (1, 1): 4, 4, 8
        assertThat(y.shape()).containsExactly(2, 3);
        assertThat(y.data()).containsExactly(0.25f, 6.25f, 2.25f, 4f, 4f, 8f);
    }

    @Test
    void gradientMatchesFiniteDifferencesAndTheCodesHaveNone() {
        EuclideanRbf rbf = new EuclideanRbf("rbf", RbfBitmaps.forClasses(10));
        assertThat(rbf.parameters()).isEmpty();
        GradientCheck.check(rbf, random(1, -1.7f, 1.7f, 3, 84), 1e-2);
    }

    @Test
    void centersAreReadOnlyCopiesNamedRbfCenters() {
        Tensor codes = RbfBitmaps.forClasses(10);
        EuclideanRbf rbf = new EuclideanRbf("rbf", codes);
        codes.data()[0] = 42;
        rbf.centers().data()[1] = 42;
        assertThat(rbf.centers().data()).containsExactly(RbfBitmaps.forClasses(10).data());
        assertThat(rbf.centersName()).isEqualTo("rbf.centers");
    }

    @Test
    void wrongInputIsRejectedNamingTheLayer() {
        EuclideanRbf rbf = new EuclideanRbf("rbf", RbfBitmaps.forClasses(10));
        assertThatThrownBy(() -> rbf.forward(new Tensor(2, 120)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("rbf: expected input of shape [N, 84] but got [2, 120]");
    }

    @Test
    void theTenDigitBitmapsAre84PlusOrMinusOnesAndPairwiseDistinct() {
        Tensor digits = RbfBitmaps.forClasses(10);
        assertThat(digits.shape()).containsExactly(10, 84);
        for (float v : digits.data()) {
            assertThat(v).isIn(-1f, 1f);
        }
        assertDistinct(digits);
        assertThat(RbfBitmaps.toAscii(digits, 1)).startsWith(".......\n...#...\n..##...\n");
    }

    @ParameterizedTest(name = "{0} classes")
    @ValueSource(ints = {1, 2, 26, 47, 62})
    void generatedCodesAreDistinctDeterministicAndPrefixStable(int classes) {
        Tensor codes = RbfBitmaps.forClasses(classes);
        assertThat(codes.shape()).containsExactly(classes, 84);
        assertThat(codes.data()).containsExactly(RbfBitmaps.forClasses(classes).data());
        for (float v : codes.data()) {
            assertThat(v).isIn(-1f, 1f);
        }
        assertDistinct(codes);
        float[] first = Arrays.copyOf(RbfBitmaps.generated(100).data(), classes * 84);
        assertThat(codes.data()).containsExactly(first);
    }

    private static void assertDistinct(Tensor codes) {
        float[] v = codes.data();
        for (int a = 0; a < codes.dim(0); a++) {
            for (int b = 0; b < a; b++) {
                assertThat(Arrays.equals(v, a * 84, a * 84 + 84, v, b * 84, b * 84 + 84))
                        .as("codes %d and %d", a, b).isFalse();
            }
        }
    }
}
