package io.github.lenet5j.io;

import io.github.lenet5j.io.SafeTensorsException.Kind;
import io.github.lenet5j.io.SafeTensorsFile.Entry;
import io.github.lenet5j.tensor.Shapes;
import io.github.lenet5j.tensor.Tensor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads and writes the safetensors format: an 8-byte little-endian header length N, N bytes of
 * UTF-8 JSON header {@code {"name": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]},
 * ..., "__metadata__": {"key": "value"}}}, then the little-endian tensor data, the offsets counting
 * from the start of that data section.
 *
 * <p>{@link #read} trusts nothing in the file: every length and offset is checked against the
 * file's size before anything is allocated, and every problem is a {@link SafeTensorsException}
 * naming the file and the tensor, of a {@link SafeTensorsException.Kind kind}: a file that is not
 * safetensors at all (a picture: {@code not a safetensors file (its first bytes are those of a PNG image): ...}),
 * a file cut short ({@code truncated: the file ends at byte N, its header needs M}), or a header that
 * breaks the format's rules. As the format's specification asks, the tensors must cover the
 * data section exactly: no overlaps, no gaps, no trailing bytes. Entries may only hold
 * {@code dtype}, {@code shape} and {@code data_offsets}. The data is read into memory, so files
 * are limited to a data section of 2 GiB, plenty for a LeNet.
 */
public final class SafeTensors {
    /** The largest header accepted, as in the reference Rust implementation: 100 MB. */
    static final long MAX_HEADER_BYTES = 100_000_000;

    private static final String METADATA = "__metadata__";

    private SafeTensors() {
    }

    /**
     * Reads and validates a whole safetensors file.
     *
     * @param file the file
     * @return its header, metadata and tensor data
     * @throws SafeTensorsException if the file is not a valid safetensors file of a supported dtype; its
     *                              {@link SafeTensorsException#kind() kind} says whether it is not safetensors
     *                              at all, truncated, or invalid
     * @throws IOException if it cannot be read
     */
    public static SafeTensorsFile read(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            Header header = readHeader(file, channel);
            ByteBuffer data = readFully(file, channel, header.dataStart(), header.dataSize());
            return new SafeTensorsFile(file, header.metadata(), header.entries(), data);
        }
    }

    /**
     * Reads and validates a safetensors file's header only (every check of {@link #read} but the data's
     * bytes, which are not read), and returns its {@code __metadata__}: what a caller needs to decide how
     * to load the file, without reading its tensors twice.
     *
     * @param file the file
     * @return its metadata, empty if it has none
     * @throws SafeTensorsException if the header is not that of a valid safetensors file of a supported dtype
     * @throws IOException if it cannot be read
     */
    public static Map<String, String> readMetadata(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return readHeader(file, channel).metadata();
        }
    }

    /** A validated header: the metadata, the tensors' entries, and where their data lies in the file. */
    private record Header(Map<String, String> metadata, Map<String, Entry> entries, long dataStart, int dataSize) {
    }

    private static Header readHeader(Path file, FileChannel channel) throws IOException {
        long size = channel.size();
        if (size < 8) {
            throw failAs(file, Kind.NOT_SAFETENSORS, "not a safetensors file: the file is " + size
                    + " bytes long, too short for the 8-byte header length");
        }
        ByteBuffer start = readFully(file, channel, 0, (int) Math.min(size, 16)).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = start.getLong(0);
        boolean jsonFollows = size > 8 && start.get(8) == '{';   // the format's header is a JSON object
        if (headerLength < 0 || headerLength > size - 8 || headerLength > MAX_HEADER_BYTES) {
            if (jsonFollows && headerLength > 0 && headerLength <= MAX_HEADER_BYTES) {
                throw failAs(file, Kind.TRUNCATED, "truncated: the file ends at byte " + size + ", its header needs "
                        + (8 + headerLength));
            }
            String detail = headerLength >= 0 && headerLength <= size - 8
                    ? "header length " + headerLength + " exceeds the limit of " + MAX_HEADER_BYTES
                    : "header length " + Long.toUnsignedString(headerLength) + " exceeds the " + (size - 8)
                            + " bytes that follow it";
            throw failAs(file, Kind.NOT_SAFETENSORS, "not a safetensors file" + FileSignature.describe(start) + ": " + detail);
        }
        long dataSize = size - 8 - headerLength;
        if (dataSize > Integer.MAX_VALUE - 8) {
            throw fail(file, null, "the data section of " + dataSize + " bytes is over the 2 GiB this reader holds");
        }
        Map<String, Object> header = parseHeader(file, readFully(file, channel, 8, (int) headerLength));
        Map<String, String> metadata = header.containsKey(METADATA)
                ? metadata(file, header.remove(METADATA)) : new LinkedHashMap<>();
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : header.entrySet()) {
            entries.put(e.getKey(), entry(file, e.getKey(), e.getValue()));
        }
        checkNotTruncated(file, entries.values(), 8 + headerLength, size);
        checkCoverage(file, entries.values(), dataSize);
        return new Header(metadata, entries, 8 + headerLength, (int) dataSize);
    }

    /** The tensor that ends last must end within the file; else the file was cut short (or its offsets lie). */
    private static void checkNotTruncated(Path file, Iterable<Entry> entries, long dataStart, long size)
            throws SafeTensorsException {
        Entry last = null;
        for (Entry e : entries) {
            last = last == null || e.end() > last.end() ? e : last;
        }
        if (last != null && last.end() > size - dataStart) {
            long needed = last.end() > Long.MAX_VALUE - dataStart ? Long.MAX_VALUE : dataStart + last.end();
            throw failAs(file, Kind.TRUNCATED, "truncated: the file ends at byte " + size + ", its header needs " + needed
                    + " (tensor \"" + last.name() + "\": data_offsets [" + last.begin() + ", " + last.end()
                    + "] end past the data section of " + (size - dataStart) + " bytes)");
        }
    }

    /** Reads exactly {@code count} bytes at {@code position}; the caller has checked them against the file size. */
    private static ByteBuffer readFully(Path file, FileChannel channel, long position, int count) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(count);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw failAs(file, Kind.TRUNCATED, "truncated: the file ended at byte " + (position + buffer.position())
                        + " while reading " + count + " bytes from byte " + position);
            }
        }
        return buffer.flip();
    }

    private static Map<String, Object> parseHeader(Path file, ByteBuffer bytes) throws SafeTensorsException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw fail(file, null, "the header is not valid UTF-8", e);
        }
        Object header;
        try {
            header = Json.parse(text);
        } catch (JsonException e) {
            throw fail(file, null, "the header is not valid JSON: " + e.getMessage(), e);
        }
        if (!(header instanceof Map)) {
            throw fail(file, null, "the header is not a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) header;
        return map;
    }

    private static Map<String, String> metadata(Path file, Object json) throws SafeTensorsException {
        Map<String, String> metadata = new LinkedHashMap<>();
        if (!(json instanceof Map<?, ?> map)) {
            throw fail(file, null, METADATA + " is not a JSON object");
        }
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getValue() instanceof String value)) {
                throw fail(file, null, METADATA + " value of \"" + e.getKey() + "\" is not a string");
            }
            metadata.put((String) e.getKey(), value);
        }
        return metadata;
    }

    /** Validates one header entry on its own: keys, dtype, shape, and offsets that hold the shape's bytes. */
    private static Entry entry(Path file, String name, Object json) throws SafeTensorsException {
        if (!(json instanceof Map<?, ?> map)) {
            throw fail(file, name, "the entry is not a JSON object");
        }
        for (Object key : map.keySet()) {
            if (!List.of("dtype", "shape", "data_offsets").contains(key)) {
                throw fail(file, name, "unexpected key \"" + key + "\" (an entry has dtype, shape and data_offsets)");
            }
        }
        if (!(map.get("dtype") instanceof String dtypeName)) {
            throw fail(file, name, "dtype is missing or not a string");
        }
        DType dtype = DType.named(dtypeName);
        if (dtype == null) {
            throw fail(file, name, "unsupported dtype \"" + dtypeName + "\" (supported: F64, F32, F16, BF16, I64, I32, I16, I8, U8)");
        }
        long[] dims = longs(file, name, "shape", map.get("shape"), -1);
        int[] shape = new int[dims.length];
        long count = 1;
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] > Integer.MAX_VALUE) {
                throw fail(file, name, "shape has dimension " + dims[i] + ", above " + Integer.MAX_VALUE);
            }
            shape[i] = (int) dims[i];
        }
        try {
            for (int d : shape) {
                count = Math.multiplyExact(count, d);
            }
            Math.multiplyExact(count, dtype.size);
        } catch (ArithmeticException overflow) {
            throw fail(file, name, "shape " + Shapes.toString(shape) + " has more bytes than a long can count");
        }
        long[] offsets = longs(file, name, "data_offsets", map.get("data_offsets"), 2);
        long begin = offsets[0];
        long end = offsets[1];
        if (end < begin) {
            throw fail(file, name, "data_offsets [" + begin + ", " + end + "] are not a range (the end is before the begin)");
        }
        if (end - begin != count * dtype.size) {
            throw fail(file, name, "data_offsets [" + begin + ", " + end + "] hold " + (end - begin)
                    + " bytes but shape " + Shapes.toString(shape) + " of " + dtype + " needs " + count * dtype.size);
        }
        return new Entry(name, dtype, shape, count, begin, end);
    }

    /** A JSON array of non-negative integers (of {@code length} elements unless it is -1). */
    private static long[] longs(Path file, String name, String key, Object json, int length) throws SafeTensorsException {
        if (!(json instanceof List<?> list) || (length >= 0 && list.size() != length)) {
            throw fail(file, name, key + " is missing or not an array" + (length >= 0 ? " of " + length + " integers" : ""));
        }
        long[] values = new long[list.size()];
        for (int i = 0; i < values.length; i++) {
            if (!(list.get(i) instanceof Long value) || value < 0) {
                throw fail(file, name, key + " " + Json.write(list) + " must hold non-negative integers");
            }
            values[i] = value;
        }
        return values;
    }

    /** The tensors, in the order of their offsets, must tile the data section: no overlap, no gap, nothing after. */
    private static void checkCoverage(Path file, Iterable<Entry> entries, long dataSize) throws SafeTensorsException {
        List<Entry> sorted = new ArrayList<>();
        entries.forEach(sorted::add);
        sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long covered = 0;
        Entry previous = null;
        for (Entry e : sorted) {
            if (e.begin() < covered) {
                throw fail(file, e.name(), "data_offsets [" + e.begin() + ", " + e.end() + "] overlap tensor \""
                        + previous.name() + "\" at [" + previous.begin() + ", " + previous.end() + "]");
            }
            if (e.begin() > covered) {
                throw fail(file, e.name(), "data_offsets [" + e.begin() + ", " + e.end() + "] leave bytes ["
                        + covered + ", " + e.begin() + ") of the data section unused");
            }
            covered = e.end();
            previous = e;
        }
        if (covered != dataSize) {
            throw fail(file, null, "the data section has " + (dataSize - covered) + " trailing bytes that belong to no tensor");
        }
    }

    /**
     * Writes float32 tensors and string metadata as a safetensors file, atomically (see
     * {@link AtomicFile}): the names in sorted order, the header padded with spaces to a multiple
     * of 8 bytes, {@code __metadata__} omitted when empty. Values are written bit for bit.
     *
     * @param file the file to write
     * @param tensors the tensors by name
     * @param metadata the {@code __metadata__} strings, possibly empty
     * @throws IOException if the file cannot be written; it is then unchanged
     * @throws IllegalArgumentException if a tensor is named {@code __metadata__}
     */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        Map<String, Tensor> sorted = new TreeMap<>(tensors);
        if (sorted.containsKey(METADATA)) {
            throw new IllegalArgumentException("a tensor cannot be named " + METADATA);
        }
        Map<String, Object> header = new LinkedHashMap<>();
        if (!metadata.isEmpty()) {
            header.put(METADATA, new LinkedHashMap<>(metadata));
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> e : sorted.entrySet()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("dtype", "F32");
            entry.put("shape", e.getValue().shape());
            entry.put("data_offsets", new long[] {offset, offset + 4L * e.getValue().size()});
            header.put(e.getKey(), entry);
            offset += 4L * e.getValue().size();
        }
        byte[] json = Json.write(header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        AtomicFile.write(file, out -> {
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
            out.write(json);
            out.write(" ".repeat(padded - json.length).getBytes(StandardCharsets.US_ASCII));
            for (Tensor t : sorted.values()) {
                writeFloats(out, t.data());
            }
        });
    }

    /**
     * Same as {@link #write(Path, Map, Map)} without metadata.
     *
     * @param file the file to write
     * @param tensors the tensors by name
     * @throws IOException if the file cannot be written; it is then unchanged
     */
    public static void write(Path file, Map<String, Tensor> tensors) throws IOException {
        write(file, tensors, Map.of());
    }

    private static void writeFloats(OutputStream out, float[] values) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(1 << 14).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            if (!buffer.hasRemaining()) {
                out.write(buffer.array(), 0, buffer.position());
                buffer.clear();
            }
            buffer.putFloat(v);
        }
        out.write(buffer.array(), 0, buffer.position());
    }

    private static SafeTensorsException fail(Path file, String tensor, String problem) {
        return new SafeTensorsException(file, tensor, Kind.INVALID, problem, null);
    }

    private static SafeTensorsException fail(Path file, String tensor, String problem, Throwable cause) {
        return new SafeTensorsException(file, tensor, Kind.INVALID, problem, cause);
    }

    private static SafeTensorsException failAs(Path file, Kind kind, String problem) {
        return new SafeTensorsException(file, null, kind, problem, null);
    }
}
