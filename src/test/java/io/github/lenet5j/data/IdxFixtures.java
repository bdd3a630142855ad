package io.github.lenet5j.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes small IDX files for tests and for the sample generator. */
final class IdxFixtures {
    private IdxFixtures() {
    }

    /** The bytes of an unsigned-byte IDX file with these dimensions and values. */
    static byte[] idx(byte[] values, int... dims) {
        ByteBuffer buffer = ByteBuffer.allocate(4 + 4 * dims.length + values.length);
        buffer.putInt(0x0800 | dims.length);
        for (int d : dims) {
            buffer.putInt(d);
        }
        return buffer.put(values).array();
    }

    /** Gzips {@code bytes}; Java writes no file name and a zero timestamp, so the output is deterministic. */
    static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    /** {@code count} images of {@code side x side}; image i has every pixel equal to i, except pixel 0 which is 255. */
    static byte[] images(int count, int side) {
        byte[] pixels = new byte[count * side * side];
        for (int i = 0; i < count; i++) {
            java.util.Arrays.fill(pixels, i * side * side, (i + 1) * side * side, (byte) i);
            pixels[i * side * side] = (byte) 255;
        }
        return pixels;
    }

    /** Writes a gzipped MNIST-style pair for {@code split} into {@code dir}: labels are {@code i % classes}. */
    static void writeSplit(Path dir, Split split, int count, int side, int classes) throws IOException {
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            labels[i] = (byte) (i % classes);
        }
        Files.write(dir.resolve(split.imagesFile()), gzip(idx(images(count, side), count, side, side)));
        Files.write(dir.resolve(split.labelsFile()), gzip(idx(labels, count)));
    }
}
