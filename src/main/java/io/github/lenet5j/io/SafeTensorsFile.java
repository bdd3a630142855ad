package io.github.lenet5j.io;

import io.github.lenet5j.tensor.Shapes;
import io.github.lenet5j.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Set;

/**
 * The validated contents of a safetensors file, read into memory by {@link SafeTensors#read(Path)}:
 * the metadata, and each tensor's dtype, shape and bytes. The file itself is already closed.
 *
 * <p>Methods taking a tensor name throw {@link IllegalArgumentException} (naming the file and the
 * tensor) for a name the file does not hold; {@link #names()} lists the ones it does.
 */
public final class SafeTensorsFile {
    /** One header entry, validated: {@code begin} and {@code end} are offsets into the data section. */
    record Entry(String name, DType dtype, int[] shape, long count, long begin, long end) {
    }

    private final Path file;
    private final Map<String, String> metadata;
    private final Map<String, Entry> entries;
    private final ByteBuffer data;

    SafeTensorsFile(Path file, Map<String, String> metadata, Map<String, Entry> entries, ByteBuffer data) {
        this.file = file;
        this.metadata = Collections.unmodifiableMap(metadata);
        this.entries = Collections.unmodifiableMap(entries);
        this.data = data;
    }

    /** {@return the file this was read from} */
    public Path file() {
        return file;
    }

    /** {@return the {@code __metadata__} strings (empty if the file has none), in the file's order} */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** {@return the tensor names, in the header's order} */
    public Set<String> names() {
        return entries.keySet();
    }

    /**
     * True if the file holds a tensor of this name.
     *
     * @param name the tensor name
     * @return whether it is in the file
     */
    public boolean contains(String name) {
        return entries.containsKey(name);
    }

    /**
     * A copy of the tensor's shape ({@code []} for a scalar).
     *
     * @param name the tensor name
     * @return its shape
     */
    public int[] shape(String name) {
        return entry(name).shape().clone();
    }

    /**
     * The tensor's dtype as written in the header: {@code F32}, {@code F16}, {@code BF16}, {@code F64}, {@code I64}, ...
     *
     * @param name the tensor name
     * @return its dtype
     */
    public String dtype(String name) {
        return entry(name).dtype().name();
    }

    /**
     * The tensor converted to float32, in a new array. F32 and F16 are exact, BF16 too; F64, I64 and
     * I32 are rounded to the nearest float; I16, I8 and U8 are exact.
     *
     * @param name the tensor name
     * @return its values as floats, with its shape
     * @throws IllegalArgumentException if a dimension is 0 (valid in safetensors, but a {@link Tensor} cannot hold it)
     */
    public Tensor tensor(String name) {
        Entry e = entry(name);
        int[] shape = e.shape();
        try {
            Shapes.size(shape);
        } catch (IllegalArgumentException tooSmall) {
            throw new IllegalArgumentException(where(name) + "shape " + Shapes.toString(shape)
                    + " cannot be a Tensor: " + tooSmall.getMessage(), tooSmall);
        }
        ByteBuffer bytes = bytes(e);
        float[] values = new float[(int) e.count()];
        for (int i = 0; i < values.length; i++) {
            values[i] = e.dtype().floatAt(bytes, i);
        }
        return new Tensor(values, shape);
    }

    /**
     * The values of an integer tensor (I64, I32, I16, I8, U8), exactly, row-major, e.g. class targets.
     *
     * @param name the tensor name
     * @return its values
     * @throws IllegalArgumentException if the tensor's dtype is a floating-point one
     */
    public long[] longs(String name) {
        Entry e = entry(name);
        if (!e.dtype().isInteger()) {
            throw new IllegalArgumentException(where(name) + "dtype " + e.dtype() + " is not an integer type");
        }
        ByteBuffer bytes = bytes(e);
        long[] values = new long[(int) e.count()];
        for (int i = 0; i < values.length; i++) {
            values[i] = e.dtype().longAt(bytes, i);
        }
        return values;
    }

    private Entry entry(String name) {
        Entry e = entries.get(name);
        if (e == null) {
            throw new IllegalArgumentException(file + " has no tensor \"" + name + "\"");
        }
        return e;
    }

    /** The tensor's bytes as a little-endian buffer indexed from 0. */
    private ByteBuffer bytes(Entry e) {
        return data.duplicate().position((int) e.begin()).limit((int) e.end()).slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    private String where(String name) {
        return file + ": tensor \"" + name + "\": ";
    }

    @Override
    public String toString() {
        return "SafeTensorsFile[" + file + ", " + entries.size() + " tensors]";
    }
}
