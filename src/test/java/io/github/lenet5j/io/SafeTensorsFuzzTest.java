package io.github.lenet5j.io;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
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
 * returns (on raw bytes), and {@link ModelFile#load}, {@link ModelFile#loadClassic} and {@link Checkpoint#load}
 * (on a header and data, framed by the test). Each either
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

    /** Words of the format and of lenet5j's metadata, for the fuzzer to splice in. */
    @DictionaryEntries({"\"dtype\"", "\"shape\"", "\"data_offsets\"", "\"__metadata__\"", "\"F32\"", "\"F16\"",
            "\"BF16\"", "\"I64\"", "\"U8\"", "\"format\"", "\"lenet5j\"", "\"lenet5j-checkpoint\"", "\"preset\"",
            "\"classic\"", "\"in_channels\"", "\"num_classes\"", "\"class_names\"", "\"2147483647\"", "\"-1\"",
            "4294967296", "9223372036854775807", "\"optimizer_steps\"", "\"model.", "\"optimizer."})
    @FuzzTest(maxDuration = "2m")
    void anyHeaderLoadsAsAModelOrCheckpointOrFailsWithSafeTensorsException(byte[] input) throws IOException {
        Files.write(file, withLengthPrefix(input));
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

    /**
     * The loaders' target fuzzes the header, not the framing: its input is the JSON header, then optionally a
     * NUL byte and the data section (JSON text holds no raw NUL); the 8-byte length is computed, so that
     * mutations of the header reach the metadata checks instead of failing on the length.
     */
    static byte[] withLengthPrefix(byte[] input) {
        int nul = 0;
        while (nul < input.length && input[nul] != 0) {
            nul++;
        }
        byte[] out = new byte[8 + input.length - (nul < input.length ? 1 : 0)];
        java.nio.ByteBuffer.wrap(out).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(nul);
        System.arraycopy(input, 0, out, 8, nul);
        if (nul < input.length) {
            System.arraycopy(input, nul + 1, out, 8 + nul, input.length - nul - 1);
        }
        return out;
    }
}
