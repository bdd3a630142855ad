package io.github.lenet5j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.lenet5j.nn.Engine;
import io.github.lenet5j.nn.GradientCheck;
import io.github.lenet5j.nn.Parameter;
import io.github.lenet5j.nn.RbfBitmaps;
import io.github.lenet5j.tensor.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClassicLeNet5Test {

    @Test
    void parametersAndConnectionsPerLayerAreThePapers() {
        ClassicLeNet5 model = new ClassicLeNet5(10, 0);
        Map<String, List<Integer>> counts = new LinkedHashMap<>();
        int connections = 0;
        for (ClassicLayerInfo row : model.layerTable()) {
            if (!row.stage().isEmpty()) {
                counts.put(row.stage(), List.of(row.params(), row.connections()));
            }
            connections += row.connections();
        }
        assertThat(counts).containsExactly(
                Map.entry("C1", List.of(156, 122_304)), Map.entry("S2", List.of(12, 5_880)),
                Map.entry("C3", List.of(1_516, 151_600)), Map.entry("S4", List.of(32, 2_000)),
                Map.entry("C5", List.of(48_120, 48_120)), Map.entry("F6", List.of(10_164, 10_164)),
                Map.entry("OUTPUT", List.of(0, 840)));
        assertThat(model.numParameters()).isEqualTo(60_000);
        assertThat(connections).isEqualTo(340_908);   // the paper's total
    }

    @ParameterizedTest(name = "{0} channels, {1} classes")
    @CsvSource({"1, 10", "3, 26", "1, 47"})
    void everyStageHasThePapersOutputShape(int channels, int classes) {
        ClassicLeNet5 model = new ClassicLeNet5(channels, classes, 1);
        Map<String, List<Integer>> shapes = new LinkedHashMap<>();
        model.layerTable().forEach(row -> shapes.put(row.name(), row.output()));
        assertThat(shapes).containsEntry("c1", List.of(6, 28, 28)).containsEntry("s2", List.of(6, 14, 14))
                .containsEntry("c3", List.of(16, 10, 10)).containsEntry("s4", List.of(16, 5, 5))
                .containsEntry("c5", List.of(120, 1, 1)).containsEntry("flatten", List.of(120))
                .containsEntry("f6", List.of(84)).containsEntry("rbf", List.of(classes));
        assertThat(model.forward(GradientCheck.random(2, -0.1f, 1.175f, 3, channels, 32, 32)).shape())
                .containsExactly(3, classes);
        assertThat(model.parameter("c1.weight").value().shape()).containsExactly(6, channels, 5, 5);
        assertThat(model.buffers().get("rbf.centers").data()).containsExactly(RbfBitmaps.forClasses(classes).data());
    }

    @Test
    void parameterNamesAndShapes() {
        Map<String, List<Integer>> shapes = new LinkedHashMap<>();
        for (Parameter p : new ClassicLeNet5(10, 0).parameters()) {
            shapes.put(p.name(), Arrays.stream(p.value().shape()).boxed().toList());
        }
        assertThat(shapes).containsExactly(
                Map.entry("c1.weight", List.of(6, 1, 5, 5)), Map.entry("c1.bias", List.of(6)),
                Map.entry("s2.weight", List.of(6)), Map.entry("s2.bias", List.of(6)),
                Map.entry("c3.weight", List.of(60, 5, 5)), Map.entry("c3.bias", List.of(16)),
                Map.entry("s4.weight", List.of(16)), Map.entry("s4.bias", List.of(16)),
                Map.entry("c5.weight", List.of(120, 16, 5, 5)), Map.entry("c5.bias", List.of(120)),
                Map.entry("f6.weight", List.of(84, 120)), Map.entry("f6.bias", List.of(84)));
    }

    @Test
    void initialisationIsUniformInPlusMinus2Point4OverTheFanInAndSeeded() {
        ClassicLeNet5 a = new ClassicLeNet5(3, 10, 42), b = new ClassicLeNet5(3, 10, 42), c = new ClassicLeNet5(3, 10, 43);
        Map<String, Integer> fanIn = Map.of("c1", 75, "s2", 4, "s4", 4, "c5", 400, "f6", 120);
        for (Parameter p : a.parameters()) {
            assertThat(p.value().data()).as(p.name()).containsExactly(b.parameter(p.name()).value().data());
            assertThat(p.value().data()).as(p.name()).isNotEqualTo(c.parameter(p.name()).value().data());
            String layer = p.name().substring(0, 2);
            if (fanIn.containsKey(layer)) {
                float bound = 2.4f / fanIn.get(layer), largest = 0;
                for (float v : p.value().data()) {
                    largest = Math.max(largest, Math.abs(v));
                }
                assertThat(largest).as(p.name()).isLessThanOrEqualTo(bound);
                if (p.size() >= 100) {
                    assertThat(largest).as(p.name()).isGreaterThan(0.95f * bound);
                }
            }
        }
    }

    /**
     * The float model's backward on the reference engine against central differences of a double-precision twin
     * of its forward. The fast engine equals the reference engine (EnginesAgreeTest).
     */
    @ParameterizedTest(name = "{0} channels, {1} classes")
    @CsvSource({"1, 10", "2, 5"})
    void wholeModelGradientsMatchFiniteDifferencesInDoublePrecision(int channels, int classes) {
        ClassicLeNet5 model = new ClassicLeNet5(channels, classes, 7, Engine.REFERENCE);
        Tensor input = GradientCheck.random(8, -0.1f, 1.175f, 2, channels, 32, 32);
        Tensor projection = GradientCheck.random(9, -1, 1, 2, classes);
        model.forward(input);
        model.zeroGrad();
        float[] gradInput = model.backward(projection).data().clone();

        ReferenceClassicLeNet5 reference = new ReferenceClassicLeNet5(model);
        int perSample = channels * 32 * 32;
        double[][] x = new double[2][perSample];
        for (int i = 0; i < input.size(); i++) {
            x[i / perSample][i % perSample] = input.data()[i];
        }
        compare("input", gradInput, i -> x[i / perSample], i -> i % perSample, reference, x, projection);
        for (Parameter p : model.parameters()) {
            double[] values = reference.params.get(p.name());
            compare(p.name(), p.grad().data(), i -> values, i -> i, reference, x, projection);
        }
    }

    private static void compare(String what, float[] analytic, java.util.function.IntFunction<double[]> array,
                                java.util.function.IntUnaryOperator index, ReferenceClassicLeNet5 reference,
                                double[][] x, Tensor projection) {
        double step = 1e-5, largest = 0, tolerance = 1e-2;
        for (float g : analytic) {
            largest = Math.max(largest, Math.abs(g));
        }
        assertThat(largest).as("largest |gradient| of %s", what).isGreaterThan(1e-6);
        for (int i = 0; i < analytic.length; i += Math.max(1, analytic.length / 40)) {
            double[] values = array.apply(i);
            int k = index.applyAsInt(i);
            double saved = values[k];
            values[k] = saved + step;
            double plus = projected(reference.distances(x), projection);
            values[k] = saved - step;
            double minus = projected(reference.distances(x), projection);
            values[k] = saved;
            double numeric = (plus - minus) / (2 * step);
            assertThat(Math.abs(numeric - analytic[i]))
                    .as("d/d%s[%d]: analytic %s, numeric %s", what, i, analytic[i], numeric)
                    .isLessThanOrEqualTo(tolerance * Math.max(Math.abs(numeric), 0.01 * largest));
        }
    }

    private static double projected(double[][] distances, Tensor projection) {
        double sum = 0;
        for (int s = 0; s < distances.length; s++) {
            for (int k = 0; k < distances[s].length; k++) {
                sum += distances[s][k] * projection.get(s, k);
            }
        }
        return sum;
    }

    @Test
    void predictIsTheArgminOfTheDistances() {
        assertThat(ClassicLeNet5.argmin(new Tensor(new float[] {3, 1, 2, 0, 5, 0}, 2, 3))).containsExactly(1, 0);
        ClassicLeNet5 model = new ClassicLeNet5(10, 3);
        Tensor x = GradientCheck.random(4, -0.1f, 1.175f, 5, 1, 32, 32);
        int[] expected = ClassicLeNet5.argmin(model.forward(x).copy());
        assertThat(model.predict(x)).containsExactly(expected);
    }

    @Test
    void scaleInputMapsBackgroundToMinus0Point1AndInkTo1Point175() {
        float[] scaled = ClassicLeNet5.scaleInput(new float[] {0f, 1f, 0.5f});
        assertThat(scaled[0]).isCloseTo(-0.1f, within(1e-6f));
        assertThat(scaled[1]).isCloseTo(1.175f, within(1e-6f));
        assertThat(scaled[2]).isCloseTo(0.5375f, within(1e-6f));
    }

    @Test
    void wrongInputIsRejectedWithTheLayerAndBothShapes() {
        ClassicLeNet5 model = new ClassicLeNet5(10, 0);
        assertThatThrownBy(() -> model.forward(new Tensor(2, 1, 28, 28)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ClassicLeNet5 input (c1): expected input of shape [N, 1, 32, 32] but got [2, 1, 28, 28]");
        assertThatThrownBy(() -> new ClassicLeNet5(0, 0)).hasMessage("numClasses must be >= 1, got 0");
        assertThatThrownBy(() -> new ClassicLeNet5(0, 10, 0)).hasMessage("inChannels must be >= 1, got 0");
    }

    @Test
    void replicaComputesTheSameDistancesFromTheSharedWeights() {
        ClassicLeNet5 model = new ClassicLeNet5(10, 5);
        ClassicLeNet5 replica = model.replica();
        Tensor x = GradientCheck.random(6, -0.1f, 1.175f, 2, 1, 32, 32);
        float[] expected = model.forward(x).data().clone();
        assertThat(replica.forward(x).data()).containsExactly(expected);
        assertThat(replica.parameter("c3.weight").value()).isSameAs(model.parameter("c3.weight").value());
        assertThat(replica.parameter("c3.weight").grad()).isNotSameAs(model.parameter("c3.weight").grad());
    }

    @Test
    void summaryPrintsParametersConnectionsAndTotals() {
        String summary = new ClassicLeNet5(10, 0).summary();
        assertThat(summary).contains("c3        C3      16x10x10        1,516      151,600")
                .contains("rbf       OUTPUT  10                  0          840")
                .containsPattern("total\\s+60,000\\s+340,908");
    }
}
