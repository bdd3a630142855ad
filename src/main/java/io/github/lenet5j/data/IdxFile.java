package io.github.lenet5j.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * The contents of one IDX file, the format of MNIST, Fashion-MNIST, KMNIST and EMNIST: a
 * big-endian header followed by the values, row-major.
 *
 * <p>The header is two zero bytes, a type code ({@code 0x08}: unsigned byte, the only type
 * supported here), the number of dimensions, then each dimension as a 32-bit big-endian int.
 * Image files have magic {@code 0x00000803} (count, rows, columns), label files
 * {@code 0x00000801} (count). Files may be gzipped; gzip is recognised by its first two bytes
 * ({@code 1f 8b}), whatever the file name says.
 *
 * <p>Everything in the header is checked before memory is allocated for the body, so a corrupt
 * or hostile header raises {@link IdxFormatException} instead of an {@link OutOfMemoryError}.
 */
public final class IdxFile {
    /** The largest body accepted: the largest Java array. */
    static final long MAX_BYTES = Integer.MAX_VALUE - 8;
    private static final int TYPE_UNSIGNED_BYTE = 0x08;
    private static final int MAX_DIMS = 8;
    private static final int CHUNK = 1 << 20;

    private final int[] dims;
    private final byte[] data;

    private IdxFile(int[] dims, byte[] data) {
        this.dims = dims;
        this.data = data;
    }

    /**
     * Reads a raw or gzipped IDX file.
     *
     * @param file the file
     * @return its dimensions and bytes
     * @throws IdxFormatException if the file is not a valid unsigned-byte IDX file, naming the file
     * @throws IOException if the file cannot be read
     */
    public static IdxFile read(Path file) throws IOException {
        long fileSize = Files.size(file);
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString(), fileSize);
        }
    }

    /**
     * Reads a raw or gzipped IDX file from a stream (e.g. a classpath resource). The stream is
     * read to its end but not closed.
     *
     * @param in the stream
     * @param source the name used in error messages, e.g. the resource path
     * @return its dimensions and bytes
     * @throws IdxFormatException if the bytes are not a valid unsigned-byte IDX file
     */
    public static IdxFile read(InputStream in, String source) throws IOException {
        return read(in, source, -1);
    }

    private static IdxFile read(InputStream in, String source, long rawFileSize) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in);
        buffered.mark(2);
        boolean gzip = buffered.read() == 0x1f && buffered.read() == 0x8b;
        buffered.reset();
        try {
            InputStream body = gzip ? new GZIPInputStream(buffered, 1 << 16) : buffered;
            return parse(new DataInputStream(body), source, gzip ? -1 : rawFileSize);
        } catch (ZipException | EOFException e) {
            throw new IdxFormatException(source, (gzip ? "broken or truncated gzip stream: " : "truncated file: ")
                    + e.getMessage(), e);
        }
    }

    private static IdxFile parse(DataInputStream in, String source, long rawFileSize) throws IOException {
        int magic = readHeaderInt(in, source);
        int typeCode = (magic >>> 8) & 0xff;
        int rank = magic & 0xff;
        if ((magic >>> 16) != 0 || rank == 0 || rank > MAX_DIMS) {
            throw new IdxFormatException(source, String.format(
                    "not an IDX file: magic number 0x%08x (expected 0x00000803 for images or 0x00000801 for labels)",
                    magic));
        }
        if (typeCode != TYPE_UNSIGNED_BYTE) {
            throw new IdxFormatException(source, String.format(
                    "unsupported IDX type code 0x%02x: only 0x08 (unsigned byte) is supported", typeCode));
        }
        int[] dims = new int[rank];
        long size = 1;
        for (int i = 0; i < rank; i++) {
            dims[i] = readHeaderInt(in, source);
            if (dims[i] <= 0) {
                throw new IdxFormatException(source, "dimension " + i + " is " + dims[i] + ", must be at least 1");
            }
            size *= dims[i]; // at most (2^31-8) * (2^31-1): cannot overflow a long before the check below
            if (size > MAX_BYTES) {
                throw new IdxFormatException(source, "dimensions " + Arrays.toString(Arrays.copyOf(dims, i + 1))
                        + " declare more than " + MAX_BYTES + " bytes, the limit");
            }
        }
        long header = 4L + 4L * rank;
        if (rawFileSize >= 0 && header + size != rawFileSize) {
            throw new IdxFormatException(source, "dimensions " + Arrays.toString(dims) + " declare " + size
                    + " bytes of data but the file holds " + (rawFileSize - header)
                    + (rawFileSize < header + size ? " (truncated)" : " (trailing bytes after the data)"));
        }
        byte[] data = readBody(in, (int) size, source);
        if (in.read() != -1) {
            throw new IdxFormatException(source, "trailing bytes after the " + size + " bytes of data declared by "
                    + Arrays.toString(dims));
        }
        return new IdxFile(dims, data);
    }

    private static int readHeaderInt(DataInputStream in, String source) throws IOException {
        try {
            return in.readInt();
        } catch (EOFException e) {
            throw new IdxFormatException(source, "truncated header", e);
        }
    }

    /** Reads exactly {@code size} bytes, growing the array only as bytes arrive. */
    private static byte[] readBody(InputStream in, int size, String source) throws IOException {
        byte[] data = new byte[Math.min(size, CHUNK)];
        int filled = 0;
        while (filled < size) {
            if (filled == data.length) {
                data = Arrays.copyOf(data, (int) Math.min(size, 2L * data.length));
            }
            int n = in.read(data, filled, data.length - filled);
            if (n < 0) {
                throw new IdxFormatException(source, "truncated: the header declares " + size
                        + " bytes of data but only " + filled + " follow");
            }
            filled += n;
        }
        return data;
    }

    /** {@return the dimensions, e.g. {@code [60000, 28, 28]} for MNIST training images (a copy)} */
    public int[] dims() {
        return dims.clone();
    }

    /** {@return the number of dimensions} */
    public int rank() {
        return dims.length;
    }

    /**
     * The size of dimension {@code i}.
     *
     * @param i the dimension, from 0
     * @return its size
     */
    public int dim(int i) {
        return dims[i];
    }

    /** {@return the values as unsigned bytes, row-major (read with {@code b & 0xff}); the array itself, not a copy} */
    public byte[] data() {
        return data;
    }
}
