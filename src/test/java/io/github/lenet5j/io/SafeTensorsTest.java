package io.github.lenet5j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.lenet5j.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {
    @TempDir
    Path dir;

    // ------------------------------------------------------------ writing and reading back

    @Test
    void roundTripKeepsNamesShapesAndBitExactValues() throws IOException {
        Tensor weight = new Tensor(new float[] {-0f, 0f, 1.5f, Float.MIN_VALUE, -Float.MAX_VALUE, Float.NEGATIVE_INFINITY},
                2, 3);
        Tensor scalar = new Tensor(new float[] {42f});
        Path file = dir.resolve("m.safetensors");

        SafeTensors.write(file, Map.of("fc.weight", weight, "a.scalar", scalar));
        SafeTensorsFile read = SafeTensors.read(file);

        assertThat(read.names()).containsExactly("a.scalar", "fc.weight");
        assertThat(read.dtype("fc.weight")).isEqualTo("F32");
        assertThat(read.shape("fc.weight")).containsExactly(2, 3);
        assertThat(read.shape("a.scalar")).isEmpty();
        assertThat(bits(read.tensor("fc.weight").data())).isEqualTo(bits(weight.data()));
        assertThat(read.tensor("a.scalar").data()).containsExactly(42f);
        assertThat(read.metadata()).isEmpty();
    }

    @Test
    void roundTripKeepsTensorsLargerThanTheWriteBuffer() throws IOException {
        float[] values = new float[10_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = i * 0.37f - 1000f;
        }
        Path file = dir.resolve("big.safetensors");

        SafeTensors.write(file, Map.of("x", new Tensor(values, 100, 100)));

        assertThat(SafeTensors.read(file).tensor("x").data()).containsExactly(values);
    }

    @Test
    void metadataRoundTripsInOrderWithAnyCharacters() throws IOException {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", "lenet5j");
        metadata.put("note", "quote \" backslash \\ newline \n \u00e9 \ud83d\ude00");
        metadata.put("activation", "relu");
        Path file = dir.resolve("meta.safetensors");

        SafeTensors.write(file, Map.of("b", new Tensor(1)), metadata);

        assertThat(SafeTensors.read(file).metadata()).containsExactlyEntriesOf(metadata);
        assertThat(SafeTensors.readMetadata(file)).containsExactlyEntriesOf(metadata);
    }

    @Test
    void writesSortedNamesAndPadsTheHeaderWithSpacesToAMultipleOf8() throws IOException {
        Path file = dir.resolve("p.safetensors");

        SafeTensors.write(file, Map.of("b", new Tensor(new float[] {1f}, 1), "a", new Tensor(new float[] {2f, 3f}, 2)),
                Map.of("k", "v"));

        byte[] bytes = Files.readAllBytes(file);
        long headerLength = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        String header = new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8);
        String json = "{\"__metadata__\":{\"k\":\"v\"},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}";
        assertThat(headerLength % 8).isZero();
        assertThat(header).isEqualTo(json + " ".repeat((int) headerLength - json.length()));
        assertThat(bytes).hasSize(8 + (int) headerLength + 12);
        ByteBuffer data = ByteBuffer.wrap(bytes, 8 + (int) headerLength, 12).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(new float[] {data.getFloat(), data.getFloat(), data.getFloat()}).containsExactly(2f, 3f, 1f);
    }

    @Test
    void writesAndReadsAFileWithoutTensors() throws IOException {
        Path file = dir.resolve("empty.safetensors");

        SafeTensors.write(file, Map.of(), Map.of("only", "metadata"));

        assertThat(SafeTensors.read(file).names()).isEmpty();
        assertThat(SafeTensors.read(file).metadata()).containsEntry("only", "metadata");
    }

    @Test
    void refusesToWriteATensorNamedLikeTheMetadata() {
        assertThatThrownBy(() -> SafeTensors.write(dir.resolve("x"), Map.of("__metadata__", new Tensor(1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("__metadata__");
    }

    // ------------------------------------------------------------ dtypes

    @Test
    void decodesHalfPrecisionIncludingSubnormalsInfinitiesAndNan() throws IOException {
        short[] halves = {0x0000, (short) 0x8000, 0x3C00, (short) 0xC000, 0x3555, 0x7BFF, 0x0400, 0x0001, 0x03FF,
            (short) 0x8001, 0x7C00, (short) 0xFC00, 0x7E00};
        ByteBuffer bytes = le(2 * halves.length);
        for (short h : halves) {
            bytes.putShort(h);
        }

        SafeTensorsFile f = read(raw("{\"h\":{\"dtype\":\"F16\",\"shape\":[13],\"data_offsets\":[0,26]}}", bytes.array()));

        float[] expected = {0f, -0f, 1f, -2f, 0.33325195f, 65504f, 0x1p-14f, 0x1p-24f, 1023 * 0x1p-24f, -0x1p-24f,
            Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN};
        assertThat(f.dtype("h")).isEqualTo("F16");
        assertThat(bits(f.tensor("h").data())).isEqualTo(bits(expected));
    }

    @Test
    void halfToFloatAgreesWithTheDefinitionOnAllBitPatterns() {
        for (int bits = 0; bits < 1 << 16; bits++) {
            int sign = bits >> 15 == 0 ? 1 : -1;
            int exponent = (bits >> 10) & 0x1F;
            int mantissa = bits & 0x3FF;
            double expected = exponent == 0 ? sign * Math.scalb((double) mantissa, -24)
                    : exponent == 31 ? (mantissa == 0 ? sign * Double.POSITIVE_INFINITY : Double.NaN)
                    : sign * Math.scalb(1 + mantissa / 1024.0, exponent - 15);

            assertThat(Float.valueOf(DType.halfToFloat((short) bits))).as("half 0x%04x", bits)
                    .isEqualTo(Float.valueOf((float) expected)); // Float.equals: NaN equals NaN, -0 differs from 0
        }
    }

    @Test
    void decodesBfloat16AndFloat64() throws IOException {
        ByteBuffer bytes = le(4 * 2 + 3 * 8);
        for (short b : new short[] {0x3F80, (short) 0xC049, 0x0001, 0x7F80}) {
            bytes.putShort(b);
        }
        bytes.putDouble(0.1).putDouble(-1e300).putDouble(-0.0);

        SafeTensorsFile f = read(raw("{\"b\":{\"dtype\":\"BF16\",\"shape\":[2,2],\"data_offsets\":[0,8]},"
                + "\"d\":{\"dtype\":\"F64\",\"shape\":[3],\"data_offsets\":[8,32]}}", bytes.array()));

        assertThat(f.tensor("b").data()).containsExactly(1f, -3.140625f, Float.intBitsToFloat(0x10000),
                Float.POSITIVE_INFINITY);
        assertThat(f.shape("b")).containsExactly(2, 2);
        assertThat(bits(f.tensor("d").data())).isEqualTo(bits(new float[] {0.1f, Float.NEGATIVE_INFINITY, -0f}));
    }

    @Test
    void readsIntegerTensorsExactlyAsLongsAndRoundedAsFloats() throws IOException {
        ByteBuffer bytes = le(3 * 8 + 2 * 4 + 2);
        bytes.putLong(Long.MIN_VALUE).putLong(3).putLong((1L << 53) + 1).putInt(-7).putInt(Integer.MAX_VALUE);
        bytes.put((byte) -1).put((byte) -1);

        SafeTensorsFile f = read(raw("{\"l\":{\"dtype\":\"I64\",\"shape\":[3],\"data_offsets\":[0,24]},"
                + "\"i\":{\"dtype\":\"I32\",\"shape\":[2],\"data_offsets\":[24,32]},"
                + "\"s\":{\"dtype\":\"I8\",\"shape\":[1],\"data_offsets\":[32,33]},"
                + "\"u\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[33,34]}}", bytes.array()));

        assertThat(f.longs("l")).containsExactly(Long.MIN_VALUE, 3, (1L << 53) + 1);
        assertThat(f.tensor("l").data()).containsExactly(-0x1p63f, 3f, 0x1p53f);
        assertThat(f.longs("i")).containsExactly(-7, Integer.MAX_VALUE);
        assertThat(f.longs("s")).containsExactly(-1);
        assertThat(f.longs("u")).containsExactly(255);
        assertThat(f.tensor("u").data()).containsExactly(255f);
    }

    @Test
    void longsOfAFloatTensorAndUnknownNamesAreCallerErrorsNamingTheTensor() throws IOException {
        SafeTensorsFile f = read(raw("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[4]));

        assertThatThrownBy(() -> f.longs("w")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad.safetensors: tensor \"w\": dtype F32 is not an integer type");
        assertThatThrownBy(() -> f.tensor("nope")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has no tensor \"nope\"");
    }

    @Test
    void acceptsEmptyTensorsButCannotMakeATensorOfThem() throws IOException {
        SafeTensorsFile f = read(raw("{\"e\":{\"dtype\":\"F32\",\"shape\":[0,3],\"data_offsets\":[0,0]},"
                + "\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[4]));

        assertThat(f.shape("e")).containsExactly(0, 3);
        assertThatThrownBy(() -> f.tensor("e")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tensor \"e\": shape [0, 3] cannot be a Tensor");
    }

    // ------------------------------------------------------------ rejecting bad files

    @Test
    void rejectsAFileShorterThanTheHeaderLength() {
        assertRejected(new byte[5], null, "the file is 5 bytes long, too short for the 8-byte header length");
    }

    @Test
    void rejectsAHeaderLengthOf2To60BeforeAllocatingIt() {
        assertRejected(withHeaderLength(1L << 60, new byte[16]), null,
                "header length 1152921504606846976 exceeds the 16 bytes that follow it");
    }

    @Test
    void rejectsAHeaderLengthAbove2To63AsUnsigned() {
        assertRejected(withHeaderLength(-1L, new byte[0]), null, "header length 18446744073709551615 exceeds");
    }

    @Test
    void aFileTruncatedInItsDataSaysWhereItEndsAndWhatItsHeaderNeeds() {
        byte[] valid = raw("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", new byte[8]);

        SafeTensorsException e = assertRejected(Arrays.copyOf(valid, valid.length - 1), null,
                "truncated: the file ends at byte " + (valid.length - 1) + ", its header needs " + valid.length
                        + " (tensor \"w\": data_offsets [0, 8] end past the data section of 7 bytes)");
        assertThat(e.kind()).isEqualTo(SafeTensorsException.Kind.TRUNCATED);
    }

    @Test
    void aFileTruncatedInItsHeaderSaysWhereItEndsAndWhatItsHeaderNeeds() {
        byte[] valid = raw("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", new byte[8]);

        SafeTensorsException e = assertRejected(Arrays.copyOf(valid, 20), null,
                "truncated: the file ends at byte 20, its header needs " + (valid.length - 8));
        assertThat(e.kind()).isEqualTo(SafeTensorsException.Kind.TRUNCATED);
    }

    @Test
    void aPictureIsNotASafetensorsFileAndTheMessageSaysWhatItLooksLike() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 'I', 'H', 'D', 'R', 0, 0, 0, 1};

        SafeTensorsException e = assertRejected(png, null, "not a safetensors file (its first bytes are those of a PNG"
                + " image): header length 727905341920923785 exceeds the 12 bytes that follow it");
        assertThat(e.kind()).isEqualTo(SafeTensorsException.Kind.NOT_SAFETENSORS);
        assertThat(assertRejected("hello, world: plain text".getBytes(StandardCharsets.US_ASCII), null,
                "not a safetensors file: header length").kind()).isEqualTo(SafeTensorsException.Kind.NOT_SAFETENSORS);
        assertThat(assertRejected(new byte[] {'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0}, null, "ZIP archive, as PyTorch's"
                + " torch.save writes; save a state_dict with safetensors.torch.save_file").kind())
                .isEqualTo(SafeTensorsException.Kind.NOT_SAFETENSORS);
    }

    @Test
    void aBrokenHeaderIsInvalid() {
        assertThat(assertRejected(raw("{\"w\": {", new byte[0]), null, "not valid JSON").kind())
                .isEqualTo(SafeTensorsException.Kind.INVALID);
    }

    @Test
    void rejectsAHeaderThatIsNotJson() {
        assertRejected(raw("{\"w\": {", new byte[0]), null, "the header is not valid JSON: expected a string key at line 1, column 8");
    }

    @Test
    void rejectsAHeaderThatIsNotUtf8() {
        assertRejected(withHeaderLength(4, new byte[] {'"', (byte) 0xFF, '"', ' '}), null, "not valid UTF-8");
    }

    @Test
    void rejectsAHeaderThatIsNotAnObject() {
        assertRejected(raw("[1, 2]", new byte[0]), null, "the header is not a JSON object");
    }

    @Test
    void rejectsDuplicateTensorNames() {
        assertRejected(raw("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", new byte[8]), null,
                "duplicate key \"w\"");
    }

    @Test
    void rejectsEntriesMissingAField() {
        assertRejected(raw("{\"w\":{\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[4]), "w", "dtype is missing");
        assertRejected(raw("{\"w\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}", new byte[4]), "w", "shape is missing");
        assertRejected(raw("{\"w\":{\"dtype\":\"F32\",\"shape\":[1]}}", new byte[4]), "w", "data_offsets is missing");
        assertRejected(raw("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4,8]}}", new byte[4]), "w",
                "data_offsets is missing or not an array of 2 integers");
        assertRejected(raw("{\"w\":[1]}", new byte[0]), "w", "the entry is not a JSON object");
    }

    @Test
    void rejectsUnexpectedKeysInAnEntry() {
        assertRejected(raw("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4],\"x\":1}}", new byte[4]),
                "w", "unexpected key \"x\"");
    }

    @Test
    void rejectsUnsupportedDtypes() {
        assertRejected(raw("{\"w\":{\"dtype\":\"F8_E4M3\",\"shape\":[1],\"data_offsets\":[0,1]}}", new byte[1]),
                "w", "unsupported dtype \"F8_E4M3\"");
    }

    @Test
    void rejectsNegativeFractionalAndOverflowingShapes() {
        assertRejected(raw("{\"w\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", new byte[4]),
                "w", "shape [-1] must hold non-negative integers");
        assertRejected(raw("{\"w\":{\"dtype\":\"F32\",\"shape\":[1.0],\"data_offsets\":[0,4]}}", new byte[4]),
                "w", "shape [1.0] must hold non-negative integers");
        assertRejected(raw("{\"w\":{\"dtype\":\"F32\",\"shape\":[2147483648],\"data_offsets\":[0,4]}}", new byte[4]),
                "w", "shape has dimension 2147483648");
        assertRejected(raw("{\"w\":{\"dtype\":\"F32\",\"shape\":[65536,65536,65536,65536],\"data_offsets\":[0,4]}}",
                new byte[4]), "w", "shape [65536, 65536, 65536, 65536] has more bytes than a long can count");
    }

    @Test
    void rejectsOffsetsWhoseLengthDiffersFromTheShape() {
        assertRejected(raw("{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", new byte[8]),
                "w", "data_offsets [0, 8] hold 8 bytes but shape [3] of F32 needs 12");
    }

    @Test
    void rejectsOffsetsOutOfTheDataSection() {
        assertRejected(raw("{\"w\":{\"dtype\":\"F32\",\"shape\":[25],\"data_offsets\":[0,100]}}", new byte[8]),
                null, "truncated: the file ends at byte 73, its header needs 165 (tensor \"w\": data_offsets [0, 100]"
                        + " end past the data section of 8 bytes)");
        assertRejected(raw("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,4]}}", new byte[8]),
                "w", "data_offsets [8, 4] are not a range");
    }

    @Test
    void rejectsOverlappingTensors() {
        assertRejected(raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", new byte[12]),
                "b", "data_offsets [4, 12] overlap tensor \"a\" at [0, 8]");
    }

    @Test
    void rejectsGapsBetweenTensors() {
        assertRejected(raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}", new byte[12]),
                "b", "leave bytes [4, 8) of the data section unused");
    }

    @Test
    void rejectsTrailingBytesAfterTheLastTensor() {
        assertRejected(raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[8]),
                null, "the data section has 4 trailing bytes that belong to no tensor");
    }

    @Test
    void rejectsMetadataThatIsNotAnObjectOfStrings() {
        assertRejected(raw("{\"__metadata__\":{\"epochs\":5}}", new byte[0]), null,
                "__metadata__ value of \"epochs\" is not a string");
        assertRejected(raw("{\"__metadata__\":null}", new byte[0]), null, "__metadata__ is not a JSON object");
    }

    @Test
    void truncatingAValidFileAnywhereOnlyEverRaisesSafeTensorsException() throws IOException {
        Path valid = dir.resolve("valid.safetensors");
        SafeTensors.write(valid, Map.of("a", new Tensor(new float[] {1, 2, 3}, 3), "b", new Tensor(2, 2)),
                Map.of("format", "lenet5j"));
        byte[] bytes = Files.readAllBytes(valid);

        for (int length = 0; length < bytes.length; length++) {
            Path cut = Files.write(dir.resolve("cut.safetensors"), Arrays.copyOf(bytes, length));
            assertThatThrownBy(() -> SafeTensors.read(cut)).as("truncated to %d bytes", length)
                    .isExactlyInstanceOf(SafeTensorsException.class);
        }
    }

    @Test
    void corruptingAnyByteEitherReadsOrRaisesSafeTensorsException() throws IOException {
        Path valid = dir.resolve("valid.safetensors");
        SafeTensors.write(valid, Map.of("a", new Tensor(new float[] {1, 2, 3}, 3), "b", new Tensor(2, 2)),
                Map.of("format", "lenet5j"));
        byte[] bytes = Files.readAllBytes(valid);
        Random random = new Random(5);
        int rejected = 0;

        for (int trial = 0; trial < 2000; trial++) {
            byte[] corrupt = bytes.clone();
            corrupt[random.nextInt(8 + 120)] = (byte) random.nextInt(256); // mostly in the length and the header
            Path file = Files.write(dir.resolve("corrupt.safetensors"), corrupt);
            try {
                SafeTensorsFile f = SafeTensors.read(file);
                f.names().forEach(f::shape);
            } catch (SafeTensorsException expected) {
                rejected++;
            }
        }
        assertThat(rejected).isGreaterThan(100);
    }

    @Test
    void aShapeOf2To31FloatsInASmallFileIsRejectedBeforeAllocating() {
        Path file = write(dir.resolve("huge.safetensors"),
                raw("{\"w\":{\"dtype\":\"F32\",\"shape\":[2147483647],\"data_offsets\":[0,8589934588]}}", new byte[16]));
        long before = io.github.lenet5j.Allocations.ofCurrentThread();
        SafeTensorsException e = catchThrowableOfType(SafeTensorsException.class, () -> SafeTensors.read(file));
        assertThat(io.github.lenet5j.Allocations.ofCurrentThread() - before).as("bytes allocated").isLessThan(8L << 20);
        assertThat(e).hasMessageContaining("data_offsets [0, 8589934588] end past the data section of 16 bytes");
        assertRejected(raw("{\"w\":{\"dtype\":\"F32\",\"shape\":[65536,32768],\"data_offsets\":[0,16]}}",
                new byte[16]), "w", "needs 8589934592");
    }

    // ------------------------------------------------------------ helpers

    /** Reads the bytes from a file named bad.safetensors, expecting failure, and checks the message. */
    private SafeTensorsException assertRejected(byte[] bytes, String tensor, String problem) {
        Path file = dir.resolve("bad.safetensors");
        SafeTensorsException e = catchThrowableOfType(SafeTensorsException.class, () -> SafeTensors.read(write(file, bytes)));

        assertThat(e).as("reading must fail with: %s", problem).isNotNull();
        assertThat(e.getMessage()).startsWith(file + ": ").contains(problem);
        assertThat(e.file()).isEqualTo(file);
        assertThat(e.tensor()).isEqualTo(tensor);
        if (tensor != null) {
            assertThat(e.getMessage()).contains("tensor \"" + tensor + "\": ");
        }
        SafeTensorsException headerOnly = catchThrowableOfType(SafeTensorsException.class, () -> SafeTensors.readMetadata(file));
        assertThat(headerOnly).as("readMetadata makes every check of read").isNotNull();
        assertThat(headerOnly.getMessage()).isEqualTo(e.getMessage());
        return e;
    }

    private SafeTensorsFile read(byte[] bytes) throws IOException {
        return SafeTensors.read(write(dir.resolve("bad.safetensors"), bytes));
    }

    private static Path write(Path file, byte[] bytes) {
        try {
            return Files.write(file, bytes);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** A file made by hand: the header's length, the header (unpadded), the data. */
    static byte[] raw(String header, byte[] data) {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        return le(8 + json.length + data.length).putLong(json.length).put(json).put(data).array();
    }

    private static byte[] withHeaderLength(long headerLength, byte[] rest) {
        return le(8 + rest.length).putLong(headerLength).put(rest).array();
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static int[] bits(float[] values) {
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return bits;
    }
}
