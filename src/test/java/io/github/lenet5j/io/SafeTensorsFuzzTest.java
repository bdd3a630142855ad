package io.github.lenet5j.io;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.lenet5j.model.ModelFile;
import io.github.lenet5j.tensor.Tensor;
import io.github.lenet5j.train.Checkpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzzes everything that reads a safetensors file: {@link SafeTensors#read} and every tensor in what it
 * returns, {@link ModelFile#load}, {@link ModelFile#loadClassic} and {@link Checkpoint#load}. Each either
 * succeeds or fails with {@link SafeTensorsException}; the only other documented exception is the
 * {@link IllegalArgumentException} of {@link SafeTensorsFile#tensor} for a shape with a 0 in it. Anything
 * else escaping (an index out of bounds, a negative array size, an out-of-memory error) is a bug.
 */
class SafeTensorsFuzzTest {
    private static Path file;

    @BeforeAll
    static void createFile() throws IOException {
        file = Files.createTempFile("lenet5j-fuzz", ".safetensors");
    }

    @AfterAll
    static void deleteFile() throws IOException {
        Files.deleteIfExists(file);
    }

    @FuzzTest(maxDuration = "2m")
    void anyFileReadsOrFailsWithSafeTensorsException(byte[] bytes) throws IOException {
        Files.write(file, bytes);
        SafeTensorsFile st;
        try {
            st = SafeTensors.read(file);
        } catch (SafeTensorsException expected) {
            return;
        }
        assertThat(st.names()).doesNotContain("__metadata__");
        for (String name : st.names()) {
            int[] shape = st.shape(name);
            long count = 1;
            for (int d : shape) {
                count *= d;
            }
            if (count == 0) {
                continue;   // valid in safetensors; tensor() documents an IllegalArgumentException for it
            }
            Tensor t = st.tensor(name);
            assertThat(t.shape()).isEqualTo(shape);
            if (!st.dtype(name).startsWith("F") && !st.dtype(name).equals("BF16")) {
                assertThat(st.longs(name)).hasSize((int) count);
            }
        }
    }

    @FuzzTest(maxDuration = "2m")
    void anyFileLoadsAsAModelOrCheckpointOrFailsWithSafeTensorsException(byte[] bytes) throws IOException {
        Files.write(file, bytes);
        try {
            ModelFile.load(file);
        } catch (SafeTensorsException expected) {
            // the only documented failure
        }
        try {
            ModelFile.loadClassic(file);
        } catch (SafeTensorsException expected) {
            // the only documented failure
        }
        try {
            Checkpoint.load(file);
        } catch (SafeTensorsException expected) {
            // the only documented failure
        }
    }
}
