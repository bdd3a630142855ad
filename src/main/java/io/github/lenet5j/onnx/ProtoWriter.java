package io.github.lenet5j.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The protocol buffers wire format, as much of it as an ONNX file needs: one message's fields appended in
 * the order they are written. A message is a sequence of fields; each field is a key, then its value:
 * <pre>
 * key             = varint( fieldNumber &lt;&lt; 3 | wireType )
 * varint (type 0) = the value in groups of 7 bits, lowest group first; every byte but the last has its top bit set
 * length-delimited (type 2) = varint(byte count), then the bytes (a string, raw bytes, or a nested message)
 * </pre>
 * int32, int64 and enum fields are varints; a negative int64 is its two's complement, 10 bytes. A repeated
 * scalar field that is not declared packed (as {@code repeated int64 dims} in onnx.proto, a proto2 file) is
 * the same key written once per element. ONNX needs no other wire type here: floats go into {@code raw_data}
 * as little-endian bytes ({@link #littleEndian(float[])}), and no message field of the export is a float or a
 * double. See protobuf.dev's "Encoding" page for the whole format.
 */
final class ProtoWriter {
    /** Wire type of varint fields: int32, int64, enum. */
    static final int VARINT = 0;
    /** Wire type of strings, bytes, nested messages and packed repeated fields. */
    static final int LENGTH_DELIMITED = 2;

    private byte[] bytes = new byte[64];
    private int size;

    /** {@return the number of bytes written so far} */
    int size() {
        return size;
    }

    /** {@return a copy of the bytes written so far: a message's encoding} */
    byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    /** Appends {@code value} as a varint (no key): 1 byte below 128, 10 bytes for a negative value. */
    ProtoWriter varint(long value) {
        while ((value & ~0x7FL) != 0) {                 // more than 7 bits left: write 7 with the continuation bit
            append((byte) ((value & 0x7F) | 0x80));
            value >>>= 7;                               // unsigned shift: a negative value ends after 10 bytes
        }
        append((byte) value);
        return this;
    }

    /** Appends the key of field {@code field} with wire type {@code wireType}. */
    ProtoWriter key(int field, int wireType) {
        if (field < 1 || field > 0x1FFFFFFF) {
            throw new IllegalArgumentException("field number " + field + " is not in [1, 2^29 - 1]");
        }
        return varint(((long) field << 3) | wireType);
    }

    /** Appends an int32, int64 or enum field. */
    ProtoWriter int64(int field, long value) {
        return key(field, VARINT).varint(value);
    }

    /** Appends a {@code bytes} field: the length, then the bytes. */
    ProtoWriter bytes(int field, byte[] value) {
        key(field, LENGTH_DELIMITED).varint(value.length);
        ensureRoom(value.length);
        System.arraycopy(value, 0, bytes, size, value.length);
        size += value.length;
        return this;
    }

    /** Appends a {@code string} field, UTF-8 encoded. */
    ProtoWriter string(int field, String value) {
        return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    /** Appends a nested message field: the length of {@code message}'s bytes, then its bytes. */
    ProtoWriter message(int field, ProtoWriter message) {
        return key(field, LENGTH_DELIMITED).varint(message.size).append(message);
    }

    /** Appends the fields another writer holds: more fields of the same message. */
    ProtoWriter append(ProtoWriter fields) {
        ensureRoom(fields.size);
        System.arraycopy(fields.bytes, 0, bytes, size, fields.size);
        size += fields.size;
        return this;
    }

    /**
     * {@return the IEEE 754 bits of each value, 4 bytes each, little-endian: ONNX's {@code raw_data} of a FLOAT
     * tensor} NaN payloads and −0 are kept bit for bit.
     *
     * @param values the values
     */
    static byte[] littleEndian(float[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            buffer.putInt(Float.floatToRawIntBits(v));
        }
        return buffer.array();
    }

    /**
     * {@return each value as 8 bytes, two's complement, little-endian: ONNX's {@code raw_data} of an INT64 tensor}
     *
     * @param values the values
     */
    static byte[] littleEndian(long[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            buffer.putLong(v);
        }
        return buffer.array();
    }

    private void append(byte b) {
        ensureRoom(1);
        bytes[size++] = b;
    }

    private void ensureRoom(int more) {
        if (more > bytes.length - size) {
            bytes = Arrays.copyOf(bytes, Math.max(2 * bytes.length, Math.addExact(size, more)));
        }
    }
}
