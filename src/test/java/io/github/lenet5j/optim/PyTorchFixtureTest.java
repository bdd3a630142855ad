package io.github.lenet5j.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.lenet5j.nn.Parameter;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** SGD and Adam against parameter values computed by torch.optim (see src/test/resources/optim/README.md). */
class PyTorchFixtureTest {
    /** One {@code case} of the fixture file: its hyper-parameters and the expected values after each step. */
    record Case(String name, String optimizer, Map<String, String> hyper, List<float[]> expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static float[] init;
    private static final List<float[]> GRADS = new ArrayList<>();

    static List<Case> cases() throws IOException {
        List<Case> cases = new ArrayList<>();
        GRADS.clear();
        try (InputStream in = PyTorchFixtureTest.class.getResourceAsStream("/optim/optim_fixtures.txt")) {
            assertThat(in).as("optim_fixtures.txt on the test class path").isNotNull();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String[] f = line.trim().split("\\s+");
                switch (f[0]) {
                    case "init" -> init = floats(f, 1);
                    case "grad" -> GRADS.add(floats(f, 2));
                    case "case" -> {
                        Map<String, String> hyper = new HashMap<>();
                        for (int i = 3; i < f.length; i++) {
                            String[] kv = f[i].split("=", 2);
                            hyper.put(kv[0], kv[1]);
                        }
                        cases.add(new Case(f[1], f[2], hyper, new ArrayList<>()));
                    }
                    case "step" -> cases.get(cases.size() - 1).expected().add(floats(f, 2));
                    default -> assertThat(f[0]).as("fixture line: " + line).startsWith("#");
                }
            }
        }
        assertThat(cases).hasSize(7);
        return cases;
    }

    private static float[] floats(String[] fields, int from) {
        float[] values = new float[fields.length - from];
        for (int i = 0; i < values.length; i++) {
            values[i] = Float.parseFloat(fields[from + i]);
        }
        return values;
    }

    private static float get(Map<String, String> hyper, String key, float fallback) {
        return hyper.containsKey(key) ? Float.parseFloat(hyper.get(key)) : fallback;
    }

    static Optimizer optimizer(Case c, List<Parameter> params) {
        Map<String, String> h = c.hyper();
        if (c.optimizer().equals("sgd")) {
            return new SGD(params, new SgdConfig(get(h, "lr", 0f), get(h, "momentum", 0f), get(h, "dampening", 0f),
                    get(h, "weight_decay", 0f), "True".equals(h.get("nesterov"))));
        }
        AdamConfig d = AdamConfig.defaults();
        return new Adam(params, new AdamConfig(get(h, "lr", d.lr()), get(h, "beta1", d.beta1()),
                get(h, "beta2", d.beta2()), get(h, "eps", d.eps()), get(h, "weight_decay", d.weightDecay())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesTorchOptimWithinOneMillionth(Case c) {
        Parameter w = new Parameter("w", init.length);
        System.arraycopy(init, 0, w.value().data(), 0, init.length);
        Optimizer opt = optimizer(c, List.of(w));
        for (int step = 0; step < c.expected().size(); step++) {
            opt.zeroGrad();
            float[] g = GRADS.get(step);
            System.arraycopy(g, 0, w.grad().data(), 0, g.length);
            opt.step();
            float[] expected = c.expected().get(step);
            for (int j = 0; j < expected.length; j++) {
                assertThat(w.value().data()[j]).as("%s step %d element %d", c, step + 1, j)
                        .isCloseTo(expected[j], within(1e-6f * Math.abs(expected[j]) + 1e-9f));
            }
        }
        assertThat(opt.steps()).isEqualTo(5);
    }
}
