package io.github.lenet5j.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * Fuzzes the IDX reader: any bytes either read as a file whose dimensions describe its data exactly, or
 * fail with {@link IdxFormatException}. Anything else escaping (an index out of bounds, a negative array
 * size, an out-of-memory error, a plain {@code IOException} from gzip) is a bug. Without
 * {@code JAZZER_FUZZ} this replays the corpus in {@code IdxFuzzTestInputs/}; docs/reliability.md says how to fuzz.
 */
class IdxFuzzTest {
    @FuzzTest(maxDuration = "2m")
    void anyBytesReadAsAConsistentIdxFileOrFailWithIdxFormatException(byte[] bytes) throws IOException {
        IdxFile file;
        try {
            file = IdxFile.read(new ByteArrayInputStream(bytes), "fuzz");
        } catch (IdxFormatException expected) {
            assertThat(expected).hasMessageStartingWith("fuzz: ");
            return;
        }
        long size = 1;
        for (int d : file.dims()) {
            assertThat(d).isPositive();
            size *= d;
        }
        assertThat(file.data()).hasSize((int) size);
        assertThat(file.rank()).isBetween(1, 8);
    }
}
