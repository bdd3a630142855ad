package io.github.lenet5j.io;

import java.nio.ByteBuffer;

/**
 * The safetensors element types this reader understands, with their size in bytes and how to
 * convert one little-endian element to a float or a long.
 */
enum DType {
    F64(8), F32(4), F16(2), BF16(2), I64(8), I32(4), I16(2), I8(1), U8(1);

    /** Bytes per element. */
    final int size;

    DType(int size) {
        this.size = size;
    }

    /** The dtype named {@code name} (as in a header: {@code "F32"}), or null if it is not supported. */
    static DType named(String name) {
        for (DType t : values()) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        return null;
    }

    /** True for the integer types, which {@link #longAt} reads exactly. */
    boolean isInteger() {
        return this != F64 && this != F32 && this != F16 && this != BF16;
    }

    /** Element {@code i} of a little-endian buffer as a float (rounded to nearest for F64, I64 and I32). */
    float floatAt(ByteBuffer data, int i) {
        return switch (this) {
            case F64 -> (float) data.getDouble(8 * i);
            case F32 -> data.getFloat(4 * i);
            case F16 -> halfToFloat(data.getShort(2 * i));
            case BF16 -> Float.intBitsToFloat(data.getShort(2 * i) << 16);
            case I64 -> data.getLong(8 * i);
            case I32 -> data.getInt(4 * i);
            case I16 -> data.getShort(2 * i);
            case I8 -> data.get(i);
            case U8 -> data.get(i) & 0xFF;
        };
    }

    /** Element {@code i} of a little-endian buffer of an integer type, exactly. */
    long longAt(ByteBuffer data, int i) {
        return switch (this) {
            case I64 -> data.getLong(8 * i);
            case I32 -> data.getInt(4 * i);
            case I16 -> data.getShort(2 * i);
            case I8 -> data.get(i);
            case U8 -> data.get(i) & 0xFF;
            default -> throw new IllegalStateException(this + " is not an integer type");
        };
    }

    /**
     * IEEE 754 half precision (1 sign, 5 exponent, 10 mantissa bits) to float, exactly: zeros keep
     * their sign, subnormals are {@code mantissa * 2^-24}, infinities stay infinite and NaNs stay NaN.
     * (Java 20 has {@code Float.float16ToFloat}; Java 17 does not.)
     */
    static float halfToFloat(short half) {
        int sign = (half & 0x8000) << 16;
        int exponent = (half >>> 10) & 0x1F;
        int mantissa = half & 0x3FF;
        if (exponent == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F800000 | mantissa << 13);
        }
        if (exponent == 0) {
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        return Float.intBitsToFloat(sign | (exponent + 127 - 15) << 23 | mantissa << 13);
    }
}
