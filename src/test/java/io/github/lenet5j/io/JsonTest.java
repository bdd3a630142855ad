package io.github.lenet5j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void parsesEveryKindOfValueIntoPlainJavaTypes() {
        Object value = Json.parse(" {\"a\": [1, -2.5, 3e2, true, false, null, \"x\"], \"b\": {}, \"c\": []} ");

        assertThat(value).isEqualTo(Map.of(
                "a", Arrays.asList(1L, -2.5, 300.0, true, false, null, "x"),
                "b", Map.of(),
                "c", List.of()));
    }

    @Test
    void keepsTheOrderOfObjectKeys() {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) Json.parse("{\"z\":1,\"a\":2,\"m\":3}");

        assertThat(map).isInstanceOf(LinkedHashMap.class);
        assertThat(map.keySet()).containsExactly("z", "a", "m");
    }

    @Test
    void readsIntegersAsLongAndEverythingElseAsDouble() {
        assertThat(Json.parse("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
        assertThat(Json.parse("-0")).isEqualTo(0L);
        assertThat(Json.parse("1.0")).isEqualTo(1.0);
        assertThat(Json.parse("1E2")).isEqualTo(100.0);
        assertThat(Json.parse("-0.0")).isEqualTo(-0.0);
        assertThat(Json.parse("92233720368547758080")).isEqualTo(9.223372036854775808E19);
    }

    @Test
    void decodesEveryEscapeIncludingSurrogatePairs() {
        String json = "\"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t \\u00e9\\u00C9 \\ud83d\\ude00\"";

        assertThat(Json.parse(json)).isEqualTo("q\" b\\ s/ \b\f\n\r\t \u00e9\u00c9 \ud83d\ude00");
    }

    @Test
    void acceptsUnescapedNonAsciiText() {
        assertThat(Json.parse("\"h\u00e9llo \ud83d\ude00\"")).isEqualTo("h\u00e9llo \ud83d\ude00");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "{", "[1,]", "{\"a\":1,}", "[1 2]", "{\"a\" 1}", "{a:1}", "'a'",
        "01", "+1", ".5", "1.", "1e", "-", "tru", "nul", "NaN", "Infinity", "1e400", "\"abc", "\"\\x\"",
        "\"\\u12\"", "\"\\u12G4\"", "\"a\tb\"", "\"\\ud83d\"", "\"\\ude00x\"", "[1] [2]", "{} x",
        "// c\n1"})
    void rejectsInvalidJson(String text) {
        assertThatThrownBy(() -> Json.parse(text))
                .isInstanceOf(JsonException.class)
                .hasMessageContaining(" at line ");
    }

    @Test
    void rejectsFullWidthDigitsInUnicodeEscapes() {
        assertThatThrownBy(() -> Json.parse("\"\\u\uff11234\""))
                .isInstanceOf(JsonException.class)
                .hasMessageContaining("four hex digits");
    }

    @Test
    void namesTheLineAndColumnOfAnError() {
        assertThatThrownBy(() -> Json.parse("{\n  \"a\": 1,\n  \"b\" 2\n}"))
                .isInstanceOf(JsonException.class)
                .hasMessage("expected ':' after key \"b\" at line 3, column 7")
                .extracting(e -> ((JsonException) e).offset()).isEqualTo(18);
    }

    @Test
    void rejectsDuplicateKeysNamingTheKey() {
        assertThatThrownBy(() -> Json.parse("{\"w\": 1, \"w\": 2}"))
                .isInstanceOf(JsonException.class)
                .hasMessage("duplicate key \"w\" at line 1, column 10");
    }

    @Test
    void limitsTheNestingDepth() {
        String ok = "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH);
        String deep = "[".repeat(Json.MAX_DEPTH + 1) + "]".repeat(Json.MAX_DEPTH + 1);
        String veryDeep = "{\"a\":".repeat(100_000);

        assertThat(Json.parse(ok)).isInstanceOf(List.class);
        assertThatThrownBy(() -> Json.parse(deep)).isInstanceOf(JsonException.class).hasMessageContaining("nesting deeper");
        assertThatThrownBy(() -> Json.parse(veryDeep)).isInstanceOf(JsonException.class).hasMessageContaining("nesting deeper");
    }

    @Test
    void writesCompactJsonInMapOrder() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("b", List.of(1, 2L, 2.5, 0.5f, true));
        map.put("a", null);
        map.put("s", "x");

        assertThat(Json.write(map)).isEqualTo("{\"b\":[1,2,2.5,0.5,true],\"a\":null,\"s\":\"x\"}");
    }

    @Test
    void escapesStringsSoThatTheyParseBackUnchanged() {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0x80; c++) {
            all.append(c);
        }
        all.append("\u00e9\u2028\ud83d\ude00\uffff");

        String json = Json.write(all.toString());

        assertThat(json).doesNotContain("\n", "\t", "\u0000", "\u001f").contains("\\u001f", "\\n", "\\\"", "\\\\");
        assertThat(Json.parse(json)).isEqualTo(all.toString());
    }

    @Test
    void writesPrimitiveArraysAndNonFiniteNumbersAsNull() {
        assertThat(Json.write(new float[] {1f, -0f, 1e-5f, Float.NaN})).isEqualTo("[1.0,-0.0,1.0E-5,null]");
        assertThat(Json.write(new double[] {0.1, Double.POSITIVE_INFINITY})).isEqualTo("[0.1,null]");
        assertThat(Json.write(new int[] {3, -4})).isEqualTo("[3,-4]");
        assertThat(Json.write(new long[] {Long.MIN_VALUE})).isEqualTo("[-9223372036854775808]");
        assertThat(Json.write(Double.NaN)).isEqualTo("null");
    }

    @Test
    void writtenFloatsParseBackToTheSameFloat() {
        float[] values = {0.1f, 1f / 3, 1e-38f, Float.MIN_VALUE, Float.MAX_VALUE, -123.456f};

        @SuppressWarnings("unchecked")
        List<Double> back = (List<Double>) Json.parse(Json.write(values));

        for (int i = 0; i < values.length; i++) {
            assertThat(back.get(i).floatValue()).isEqualTo(values[i]);
        }
    }

    @Test
    void refusesValuesThatJsonCannotHold() {
        assertThatThrownBy(() -> Json.write(Map.of(1, 2))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("keys must be strings");
        assertThatThrownBy(() -> Json.write(new Object())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.Object");
        assertThatThrownBy(() -> Json.write("a\ud800")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unpaired surrogate");
    }
}
