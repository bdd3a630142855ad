package io.github.lenet5j.optim;

import io.github.lenet5j.nn.Parameter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parameters an optimizer updates plus its named per-parameter buffers and step count:
 * the bookkeeping that SGD and Adam share, including checkpoint export and validated import.
 */
final class OptimizerState {
    private final String owner;
    private final List<Parameter> params;
    private final List<String> names = new ArrayList<>();
    private final List<float[]> buffers = new ArrayList<>();
    private long steps;

    /** Validates that {@code params} is non-empty, without nulls or duplicate names. */
    OptimizerState(String owner, List<Parameter> params) {
        this.owner = owner;
        if (params.isEmpty()) {
            throw new IllegalArgumentException(owner + ": got an empty parameter list");
        }
        Set<String> seen = new HashSet<>();
        for (Parameter p : params) {
            if (!seen.add(p.name())) {
                throw new IllegalArgumentException(owner + ": duplicate parameter name '" + p.name() + "'");
            }
        }
        this.params = List.copyOf(params);
    }

    List<Parameter> params() {
        return params;
    }

    /** Allocates one zero buffer per parameter, exported as {@code <name>.<suffix>}. */
    float[][] newBuffers(String suffix) {
        float[][] result = new float[params.size()][];
        for (int i = 0; i < result.length; i++) {
            result[i] = new float[params.get(i).size()];
            names.add(params.get(i).name() + "." + suffix);
            buffers.add(result[i]);
        }
        return result;
    }

    long steps() {
        return steps;
    }

    /** {@return where share {@code part} of {@code parts} of n elements starts ({@link Optimizer#stepPart})} */
    static int shareStart(int n, int part, int parts) {
        return (int) ((long) n * part / parts);
    }

    void countStep() {
        steps++;
    }

    void zeroGrad() {
        for (Parameter p : params) {
            p.zeroGrad();
        }
    }

    Map<String, float[]> export() {
        Map<String, float[]> state = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            state.put(names.get(i), buffers.get(i).clone());
        }
        return state;
    }

    /** Checks everything first, then copies, so that a failed load leaves the state unchanged. */
    void load(Map<String, float[]> state, long newSteps) {
        if (newSteps < 0) {
            throw new IllegalArgumentException(owner + ": steps must be >= 0 but was " + newSteps);
        }
        for (String key : state.keySet()) {
            if (!names.contains(key)) {
                throw new IllegalArgumentException(owner + ": unexpected state entry '" + key + "'; expected " + names);
            }
        }
        for (int i = 0; i < names.size(); i++) {
            float[] values = state.get(names.get(i));
            if (values == null) {
                throw new IllegalArgumentException(owner + ": state entry '" + names.get(i) + "' is missing");
            }
            if (values.length != buffers.get(i).length) {
                throw new IllegalArgumentException(owner + ": state entry '" + names.get(i) + "' has " + values.length
                        + " values but its parameter has " + buffers.get(i).length);
            }
        }
        for (int i = 0; i < names.size(); i++) {
            float[] values = state.get(names.get(i));
            System.arraycopy(values, 0, buffers.get(i), 0, values.length);
        }
        steps = newSteps;
    }
}
