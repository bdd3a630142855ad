package io.github.lenet5j.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The wire format, byte by byte, against sequences worked out by hand and the examples of protobuf's encoding guide. */
class ProtoWriterTest {
    private static String hex(ProtoWriter w) {
        return HexFormat.ofDelimiter(" ").formatHex(w.toByteArray());
    }

    private static String hex(byte[] bytes) {
        return HexFormat.ofDelimiter(" ").formatHex(bytes);
    }

    @Test
    void varintsAreSevenBitGroupsLowestFirstWithAContinuationBit() {
        assertThat(hex(new ProtoWriter().varint(0))).isEqualTo("00");
        assertThat(hex(new ProtoWriter().varint(1))).isEqualTo("01");
        assertThat(hex(new ProtoWriter().varint(127))).isEqualTo("7f");
        assertThat(hex(new ProtoWriter().varint(128))).isEqualTo("80 01");
        assertThat(hex(new ProtoWriter().varint(150))).isEqualTo("96 01");   // 150 = 0b1_0010110
        assertThat(hex(new ProtoWriter().varint(300))).isEqualTo("ac 02");   // 300 = 0b10_0101100
        assertThat(hex(new ProtoWriter().varint(16_384))).isEqualTo("80 80 01");
        assertThat(hex(new ProtoWriter().varint(Long.MAX_VALUE))).isEqualTo("ff ff ff ff ff ff ff ff 7f");
    }

    @Test
    void aNegativeInt64IsItsTwosComplementInTenBytes() {
        assertThat(hex(new ProtoWriter().varint(-1))).isEqualTo("ff ff ff ff ff ff ff ff ff 01");
        assertThat(hex(new ProtoWriter().varint(Long.MIN_VALUE))).isEqualTo("80 80 80 80 80 80 80 80 80 01");
    }

    @Test
    void aVarintFieldIsItsKeyThenItsValue() {
        assertThat(hex(new ProtoWriter().int64(1, 150))).isEqualTo("08 96 01");   // key 1 << 3 | 0
        assertThat(hex(new ProtoWriter().int64(20, 7))).isEqualTo("a0 01 07");    // key 160: two bytes
    }

    @Test
    void aStringIsItsKeyItsUtf8LengthAndItsBytes() {
        assertThat(hex(new ProtoWriter().string(2, "testing"))).isEqualTo("12 07 74 65 73 74 69 6e 67");
        assertThat(hex(new ProtoWriter().string(1, "é"))).isEqualTo("0a 02 c3 a9");   // two UTF-8 bytes
        assertThat(hex(new ProtoWriter().string(1, ""))).isEqualTo("0a 00");
    }

    @Test
    void aNestedMessageIsLengthDelimitedLikeBytes() {
        ProtoWriter inner = new ProtoWriter().int64(1, 150);
        assertThat(hex(new ProtoWriter().message(3, inner))).isEqualTo("1a 03 08 96 01");
        assertThat(hex(new ProtoWriter().message(3, new ProtoWriter()))).isEqualTo("1a 00");
    }

    @Test
    void fieldsAppendInTheOrderWrittenAndAppendConcatenatesAnotherWritersFields() {
        ProtoWriter tail = new ProtoWriter().int64(2, 1);
        ProtoWriter w = new ProtoWriter().string(1, "a").append(tail).int64(2, 2);
        assertThat(hex(w)).isEqualTo("0a 01 61 10 01 10 02");
        assertThat(w.size()).isEqualTo(7);
    }

    @Test
    void aLongFieldGrowsTheBufferAndGetsAThreeByteLength() {
        byte[] payload = new byte[100_000];
        payload[99_999] = 42;
        byte[] out = new ProtoWriter().bytes(9, payload).toByteArray();
        assertThat(out).hasSize(1 + 3 + 100_000);
        assertThat(hex(java.util.Arrays.copyOf(out, 4))).isEqualTo("4a a0 8d 06");   // 100,000 = 0x186A0
        assertThat(out[out.length - 1]).isEqualTo((byte) 42);
    }

    @Test
    void floatsAreLittleEndianIeee754BitForBit() {
        assertThat(hex(ProtoWriter.littleEndian(new float[] {1f, -2f, 0.5f}))).isEqualTo("00 00 80 3f 00 00 00 c0 00 00 00 3f");
        assertThat(hex(ProtoWriter.littleEndian(new float[] {-0f}))).isEqualTo("00 00 00 80");
        assertThat(hex(ProtoWriter.littleEndian(new float[] {Float.intBitsToFloat(0x7fc00001)}))).isEqualTo("01 00 c0 7f");
        assertThat(ProtoWriter.littleEndian(new float[0])).isEmpty();
    }

    @Test
    void int64sAreLittleEndianTwosComplement() {
        assertThat(hex(ProtoWriter.littleEndian(new long[] {1, -2}))).isEqualTo("01 00 00 00 00 00 00 00 fe ff ff ff ff ff ff ff");
    }

    @Test
    void fieldNumbersOutsideProtobufsRangeAreRefused() {
        assertThatThrownBy(() -> new ProtoWriter().int64(0, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("field number 0");
        assertThatThrownBy(() -> new ProtoWriter().int64(1 << 29, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(hex(new ProtoWriter().key((1 << 29) - 1, ProtoWriter.VARINT))).isEqualTo("f8 ff ff ff 0f");
    }
}
