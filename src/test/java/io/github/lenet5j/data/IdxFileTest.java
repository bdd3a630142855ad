package io.github.lenet5j.data;

import static io.github.lenet5j.data.IdxFixtures.gzip;
import static io.github.lenet5j.data.IdxFixtures.idx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxFileTest {
    @TempDir
    Path dir;

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private static byte[] header(int magic, int... dims) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length).putInt(magic);
        for (int d : dims) {
            b.putInt(d);
        }
        return b.array();
    }

    @Test
    void rawFileIsReadWithDimsAndValues() throws IOException {
        IdxFile file = IdxFile.read(write("a-idx3-ubyte", idx(new byte[] {1, 2, 3, 4, 5, (byte) 200}, 3, 1, 2)));
        assertThat(file.dims()).containsExactly(3, 1, 2);
        assertThat(file.data()).containsExactly(1, 2, 3, 4, 5, (byte) 200);
    }

    @Test
    void gzipIsDetectedByMagicBytesNotByName() throws IOException {
        IdxFile file = IdxFile.read(write("labels-without-gz-suffix", gzip(idx(new byte[] {7, 8}, 2))));
        assertThat(file.dims()).containsExactly(2);
        assertThat(file.data()).containsExactly(7, 8);
    }

    @Test
    void streamFromClasspathStyleSourceIsRead() throws IOException {
        IdxFile file = IdxFile.read(new ByteArrayInputStream(gzip(idx(new byte[] {9}, 1))), "memory");
        assertThat(file.data()).containsExactly(9);
    }

    @Test
    void wrongMagicIsRejectedWithFileName() throws IOException {
        Path file = write("wrong.idx", new byte[] {'P', 'K', 3, 4, 0, 0, 0, 0});
        assertThatThrownBy(() -> IdxFile.read(file)).isInstanceOf(IdxFormatException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("magic number 0x504b0304");
    }

    @Test
    void typeCodeOtherThanUnsignedByteIsRejected() throws IOException {
        Path file = write("floats.idx", header(0x00000D01, 1));
        assertThatThrownBy(() -> IdxFile.read(file)).isInstanceOf(IdxFormatException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("type code 0x0d");
    }

    @Test
    void zeroDimensionIsRejected() throws IOException {
        Path file = write("zero.idx", header(0x00000803, 0, 28, 28));
        assertThatThrownBy(() -> IdxFile.read(file)).isInstanceOf(IdxFormatException.class)
                .hasMessageContaining("dimension 0 is 0");
    }

    @Test
    void overflowingDimensionsAreRejectedBeforeAllocating() throws IOException {
        Path file = write("huge.idx.gz", gzip(header(0x00000803, Integer.MAX_VALUE, 65536, 65536)));
        assertThatThrownBy(() -> IdxFile.read(file)).isInstanceOf(IdxFormatException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("limit");
    }

    @Test
    void rawHeaderDeclaringMoreThanTheFileIsRejectedWithoutReading() throws IOException {
        Path file = write("liar-idx3-ubyte", header(0x00000803, 1_000_000, 28, 28));
        assertThatThrownBy(() -> IdxFile.read(file)).isInstanceOf(IdxFormatException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("declare 784000000 bytes")
                .hasMessageContaining("truncated");
    }

    @Test
    void gzipHeaderLyingAboutSizeFailsAsTruncatedWithoutHugeAllocation() throws IOException {
        byte[] body = new byte[100];
        byte[] liar = gzip(ByteBuffer.allocate(116).put(header(0x00000803, 1_000_000, 28, 28)).put(body).array());
        Path file = write("liar.gz", liar);
        assertThatThrownBy(() -> IdxFile.read(file)).isInstanceOf(IdxFormatException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("only 100 follow");
    }

    @Test
    void truncatedBodyIsRejectedWithFileName() throws IOException {
        byte[] whole = idx(new byte[12], 3, 2, 2);
        Path file = write("short-idx3-ubyte", Arrays.copyOf(whole, whole.length - 1));
        assertThatThrownBy(() -> IdxFile.read(file)).isInstanceOf(IdxFormatException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("truncated");
    }

    @Test
    void truncatedGzipStreamIsRejectedWithFileName() throws IOException {
        byte[] gz = gzip(idx(new byte[5000], 5000));
        Path file = write("cut.gz", Arrays.copyOf(gz, gz.length / 2));
        assertThatThrownBy(() -> IdxFile.read(file)).isInstanceOf(IdxFormatException.class)
                .hasMessageContaining(file.toString());
    }

    @Test
    void trailingGarbageIsRejectedInRawAndGzipFiles() throws IOException {
        byte[] extra = Arrays.copyOf(idx(new byte[] {1, 2}, 2), 14);
        Path raw = write("extra-idx1-ubyte", extra);
        Path gz = write("extra.gz", gzip(extra));
        assertThatThrownBy(() -> IdxFile.read(raw)).isInstanceOf(IdxFormatException.class)
                .hasMessageContaining(raw.toString()).hasMessageContaining("trailing");
        assertThatThrownBy(() -> IdxFile.read(gz)).isInstanceOf(IdxFormatException.class)
                .hasMessageContaining(gz.toString()).hasMessageContaining("trailing");
    }

    @Test
    void truncatedHeaderIsRejected() throws IOException {
        Path file = write("tiny", new byte[] {0, 0, 8, 3, 0, 0});
        assertThatThrownBy(() -> IdxFile.read(file)).isInstanceOf(IdxFormatException.class)
                .hasMessageContaining("truncated header");
    }
}
