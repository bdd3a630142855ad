package io.github.lenet5j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lenet5j.io.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SummaryCommandTest {

    @Test
    void printsTheLayerTableTotalAndOneForwardPass() {
        CliRunner r = CliRunner.run("summary");
        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("conv1     C1      6x28x28           156").containsPattern("total\\s+61,706")
                .contains("logits").contains("probabilities");
    }

    @Test
    @SuppressWarnings("unchecked")
    void jsonHasTheLayersTheTotalAndTheOutputs() {
        CliRunner r = CliRunner.run("summary", "--json", "--channels", "3", "--classes", "7", "--pooling", "subsampling");
        assertThat(r.status()).isZero();
        Map<String, Object> o = (Map<String, Object>) Json.parse(r.out());
        List<Map<String, Object>> layers = (List<Map<String, Object>>) o.get("layers");
        assertThat(layers.get(0)).containsEntry("name", "conv1").containsEntry("output", List.of(6L, 28L, 28L))
                .containsEntry("params", 456L);
        assertThat(layers).anySatisfy(l -> assertThat(l).containsEntry("name", "s2").containsEntry("params", 12L));
        assertThat(o.get("total_params")).isEqualTo(456L + 12 + 2416 + 32 + 48120 + 10164 + 84 * 7 + 7);
        assertThat((List<Object>) o.get("logits")).hasSize(7);
        double sum = ((List<Object>) o.get("probabilities")).stream().mapToDouble(v -> ((Number) v).doubleValue()).sum();
        assertThat(sum).isBetween(0.9999, 1.0001);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theEngineIsChosenWithAFlagAndSaidInTextAndJson() {
        assertThat(CliRunner.run("summary").out()).contains("engine fast (");
        assertThat(CliRunner.run("summary", "--engine", "reference").out()).contains("engine reference (plain loops)");
        assertThat(CliRunner.run("summary", "--preset", "classic", "--engine", "reference").out())
                .contains("engine reference (plain loops)");
        Map<String, Object> fast = (Map<String, Object>) Json.parse(CliRunner.run("summary", "--json").out());
        Map<String, Object> reference = (Map<String, Object>) Json.parse(
                CliRunner.run("summary", "--json", "--engine", "reference").out());
        assertThat(fast).containsEntry("engine", "fast").containsKey("kernels");
        assertThat(reference).containsEntry("engine", "reference").containsEntry("kernels", "loops");
        List<Object> a = (List<Object>) fast.get("logits"), b = (List<Object>) reference.get("logits");
        for (int k = 0; k < a.size(); k++) {   // the same seed, the same weights: the same logits to float rounding
            assertThat(((Number) a.get(k)).doubleValue()).isCloseTo(((Number) b.get(k)).doubleValue(),
                    org.assertj.core.api.Assertions.within(1e-5));
        }
        Map<String, Object> classic = (Map<String, Object>) Json.parse(
                CliRunner.run("summary", "--preset", "classic", "--json", "--engine", "reference").out());
        assertThat(classic).containsEntry("engine", "reference");
        CliRunner wrong = CliRunner.run("summary", "--engine", "turbo");
        assertThat(wrong.status()).isEqualTo(2);
        assertThat(wrong.err()).contains("unknown engine 'turbo': expected reference or fast");
    }

    @Test
    void theSameSeedPrintsTheSameOutput() {
        assertThat(CliRunner.run("summary", "--seed", "5").out()).isEqualTo(CliRunner.run("summary", "--seed", "5").out())
                .isNotEqualTo(CliRunner.run("summary", "--seed", "6").out());
    }

    @Test
    void badFlagsPrintOneLineAndExitNonZero() {
        for (String[] args : new String[][] {{"summary", "--activation", "swish"}, {"summary", "--frobnicate"},
                {"summary", "--classes", "0"}, {"summary", "--channels", "x"}, {"no-such-command"}}) {
            CliRunner r = CliRunner.run(args);
            assertThat(r.status()).as(String.join(" ", args)).isNotZero();
            assertThat(r.err().strip().lines()).as(String.join(" ", args)).hasSize(1);
            assertThat(r.out()).isEmpty();
        }
        assertThat(CliRunner.run("summary", "--activation", "swish").err())
                .contains("unknown activation 'swish': expected sigmoid, relu or tanh");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theClassicPresetPrintsParametersAndConnectionsAsInThePaper() {
        CliRunner text = CliRunner.run("summary", "--preset", "classic");
        assertThat(text.status()).isZero();
        assertThat(text.out()).contains("params  connections").containsPattern("c3\\s+C3\\s+16x10x10\\s+1,516\\s+151,600")
                .containsPattern("total\\s+60,000\\s+340,908");
        CliRunner json = CliRunner.run("summary", "--preset", "classic", "--json");
        Map<String, Object> o = (Map<String, Object>) Json.parse(json.out());
        List<Map<String, Object>> layers = (List<Map<String, Object>>) o.get("layers");
        assertThat(layers).anySatisfy(l -> assertThat(l).containsEntry("name", "c1").containsEntry("params", 156L)
                .containsEntry("connections", 122_304L));
        assertThat((List<Object>) o.get("distances")).hasSize(10);
        assertThat(CliRunner.run("summary", "--preset", "vintage").status()).isEqualTo(2);
    }
}
