package io.github.lenet5j.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lenet5j.io.SafeTensors;
import io.github.lenet5j.io.SafeTensorsFile;
import io.github.lenet5j.nn.Parameter;
import io.github.lenet5j.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * One file written by the PyTorch twin ({@code tools/pytorch/lenet5_torch.py fixtures}, see
 * src/test/resources/torch/README.md) and the comparisons the agreement tests make with it.
 */
final class TorchFixture {
    static final Path FOLDER = Path.of("src/test/resources/torch");

    final String name;
    final SafeTensorsFile file;

    private TorchFixture(String name, SafeTensorsFile file) {
        this.name = name;
        this.file = file;
    }

    static TorchFixture read(String name) throws IOException {
        return new TorchFixture(name, SafeTensors.read(FOLDER.resolve(name + ".safetensors")));
    }

    Tensor tensor(String tensorName) {
        return file.tensor(tensorName);
    }

    int[] labels(String tensorName) {
        long[] targets = file.longs(tensorName);
        int[] labels = new int[targets.length];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = Math.toIntExact(targets[i]);
        }
        return labels;
    }

    /** Copies {@code prefix + p.name()} of the file into every parameter's value. */
    void loadInto(List<Parameter> parameters, String prefix) {
        for (Parameter p : parameters) {
            Tensor saved = tensor(prefix + p.name());
            assertThat(saved.shape()).as("%s %s%s", name, prefix, p.name()).containsExactly(p.value().shape());
            System.arraycopy(saved.data(), 0, p.value().data(), 0, saved.size());
        }
    }

    /**
     * Asserts that {@code actual} equals the file's tensor within {@code tolerance} relative, where "relative"
     * divides by the value itself, or by 1% of the tensor's largest magnitude for values smaller than that (a
     * tiny value's relative error is noise from summation order, not a disagreement).
     */
    void assertRelativelyClose(float[] actual, String tensorName, double tolerance) {
        float[] expected = tensor(tensorName).data();
        assertThat(actual).as("%s %s: length", name, tensorName).hasSize(expected.length);
        double scale = 0;
        for (float v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        assertThat(scale).as("%s %s is not all zeros", name, tensorName).isGreaterThan(0);
        for (int i = 0; i < expected.length; i++) {
            double error = Math.abs(actual[i] - expected[i]) / Math.max(Math.abs(expected[i]), 0.01 * scale);
            assertThat(error).as("%s %s[%d]: lenet5j %s, PyTorch %s", name, tensorName, i, actual[i], expected[i])
                    .isLessThan(tolerance);
        }
    }

    /** Asserts every element within {@code tolerance} absolute. */
    void assertAbsolutelyClose(float[] actual, String tensorName, double tolerance) {
        float[] expected = tensor(tensorName).data();
        assertThat(actual).as("%s %s: length", name, tensorName).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            double error = Math.abs((double) actual[i] - expected[i]);
            assertThat(error).as("%s %s[%d]: lenet5j %s, PyTorch %s", name, tensorName, i, actual[i], expected[i])
                    .isLessThanOrEqualTo(tolerance);
        }
    }
}
