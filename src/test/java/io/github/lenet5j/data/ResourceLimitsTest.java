package io.github.lenet5j.data;

import static io.github.lenet5j.data.IdxFixtures.gzip;
import static io.github.lenet5j.data.IdxFixtures.idx;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.lenet5j.Allocations;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What loading costs in memory, and that a file claiming more than it holds fails before the memory is taken. */
class ResourceLimitsTest {
    private static final int IMAGES = 60_000;
    private static final long BYTES = IMAGES * 28L * 28;            // 47,040,000: what the pixels are
    private static final long FLOATS = IMAGES * 32L * 32 * 4;       // 245,760,000: what they would be as padded floats

    @TempDir
    Path dir;

    private static byte[] header(int magic, int... dims) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length).putInt(magic);
        for (int d : dims) {
            b.putInt(d);
        }
        return b.array();
    }

    @Test
    void aSixtyThousandImageDatasetTakesAboutItsByteSizeAndImagesAreConvertedWithoutAllocating() throws IOException {
        byte[] pixels = new byte[(int) BYTES];
        for (int i = 0; i < pixels.length; i += 97) {
            pixels[i] = (byte) i;
        }
        Files.write(dir.resolve("train-images-idx3-ubyte.gz"), gzip(idx(pixels, IMAGES, 28, 28)));
        Files.write(dir.resolve("train-labels-idx1-ubyte.gz"), gzip(idx(new byte[IMAGES], IMAGES)));
        pixels = null;

        long before = Allocations.ofCurrentThread();
        MnistDataset data = MnistDataset.load(dir, Split.TRAIN);
        long loading = Allocations.ofCurrentThread() - before;
        assertThat(data.size()).isEqualTo(IMAGES);
        // the body grows by doubling from 1 MiB as gzip delivers it (1 + 2 + ... + 32 MiB, then the 47 MB kept:
        // 113.5 MB allocated in all on JDK 17); as floats the dataset would keep 245 MB
        assertThat(loading).as("bytes allocated while loading").isLessThan(BYTES * 3).isLessThan(FLOATS);

        float[] image = new float[32 * 32];
        data.image(0, image, 0);
        before = Allocations.ofCurrentThread();
        for (int i = 0; i < IMAGES; i += 60) {
            data.image(i, image, 0);
        }
        assertThat(Allocations.ofCurrentThread() - before).as("bytes allocated by 1,000 image() calls").isLessThan(64 * 1024);
    }

    @Test
    void aHeaderClaiming2To31ImagesFailsBeforeAllocatingRawOrGzipped() throws IOException {
        byte[] claim = header(0x00000803, Integer.MAX_VALUE, 28, 28);   // 2^31 - 1 images of 784 bytes
        Path raw = Files.write(dir.resolve("huge-images-idx3-ubyte"), claim);
        Path gz = Files.write(dir.resolve("huge-images-idx3-ubyte.gz"), gzip(claim));
        for (Path file : new Path[] {raw, gz}) {
            long before = Allocations.ofCurrentThread();
            IdxFormatException e = rejection(() -> IdxFile.read(file));
            assertThat(Allocations.ofCurrentThread() - before).as("bytes allocated reading %s", file).isLessThan(8L << 20);
            assertThat(e).hasMessageContaining("limit");
        }
    }

    @Test
    void aLabelFileClaimingTwoBillionLabelsFailsAsTruncatedAfterAllocatingOnlyWhatArrived() throws IOException {
        // under the 2^31 limit, so only the missing bytes can reveal the lie: from a stream the size is unknown
        byte[] liar = ByteBuffer.allocate(8 + 1000).put(header(0x00000801, 2_000_000_000)).array();
        for (byte[] bytes : new byte[][] {liar, gzip(liar)}) {
            long before = Allocations.ofCurrentThread();
            IdxFormatException e = rejection(() -> IdxFile.read(new ByteArrayInputStream(bytes), "stream"));
            assertThat(Allocations.ofCurrentThread() - before).as("bytes allocated").isLessThan(8L << 20);
            assertThat(e).hasMessageContaining("only 1000 follow");
        }
    }

    private interface Read {
        IdxFile read() throws IOException;
    }

    /** The exception of a read that must fail; nothing but the read runs, so its allocation is what is measured. */
    private static IdxFormatException rejection(Read read) throws IOException {
        try {
            read.read();
        } catch (IdxFormatException expected) {
            return expected;
        }
        throw new AssertionError("the read succeeded");
    }
}
