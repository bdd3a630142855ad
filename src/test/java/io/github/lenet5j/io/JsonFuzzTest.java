package io.github.lenet5j.io;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes the JSON parser: any text either parses to a value that writes back to JSON and parses again
 * to an equal value, or fails with {@link JsonException} whose offset lies within the text. Anything
 * else (a stack overflow, an index out of bounds, a number format exception) is a bug.
 */
class JsonFuzzTest {
    @FuzzTest(maxDuration = "2m")
    void anyTextParsesAndRoundTripsOrFailsWithJsonException(byte[] utf8) {
        String text = new String(utf8, StandardCharsets.UTF_8);   // the corpus files are readable JSON
        Object value;
        try {
            value = Json.parse(text);
        } catch (JsonException expected) {
            assertThat(expected.offset()).isBetween(0, text.length());
            return;
        }
        assertThat(Json.parse(Json.write(value))).isEqualTo(value);
    }
}
