package io.github.lenet5j.io;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small, strict JSON reader and writer (RFC 8259), so that the library needs no dependency for
 * safetensors headers and the command line's JSON output.
 *
 * <p>{@link #parse(String)} maps JSON to plain Java values:
 * <ul>
 *   <li>object: {@code Map<String, Object>}, a {@link LinkedHashMap} in the text's order;</li>
 *   <li>array: {@code List<Object>};</li>
 *   <li>string: {@link String};</li>
 *   <li>number: {@link Long} for an integer literal (no fraction, no exponent) that fits in a long,
 *       otherwise {@link Double} (so {@code 1.0} is a Double and a 30-digit integer is an approximate Double);</li>
 *   <li>{@code true}/{@code false}: {@link Boolean}; {@code null}: {@code null}.</li>
 * </ul>
 * It is strict: no comments, trailing commas, leading zeros, single quotes or NaN; duplicate keys,
 * unpaired surrogates, numbers beyond the double range and nesting deeper than {@link #MAX_DEPTH}
 * are errors too. Every error is a {@link JsonException} naming the line and column.
 */
public final class Json {
    /** The deepest nesting of arrays and objects that {@link #parse(String)} accepts. */
    public static final int MAX_DEPTH = 64;

    private Json() {
    }

    /**
     * Parses one JSON value (surrounded by optional whitespace) into the Java values listed above.
     *
     * @param text the JSON text
     * @return a {@code Map}, {@code List}, {@code String}, {@code Double}, {@code Boolean} or null
     * @throws JsonException if {@code text} is not exactly one valid JSON value
     */
    public static Object parse(String text) {
        return new Parser(text).document();
    }

    /**
     * Writes a value as compact JSON (no spaces). Accepted: {@code Map} with String keys (written in
     * its iteration order), {@code List}, {@code String}, {@code Boolean}, {@code null}, the standard
     * {@code Number} types, and {@code float[]}, {@code double[]}, {@code int[]}, {@code long[]}.
     * NaN and infinite floats and doubles are written as {@code null}, as JavaScript's
     * {@code JSON.stringify} does, since JSON has no such numbers.
     *
     * @param value the value
     * @return its JSON text
     * @throws IllegalArgumentException for any other type, a non-String key, or a string with an unpaired surrogate
     */
    public static String write(Object value) {
        StringBuilder out = new StringBuilder();
        writeValue(out, value);
        return out.toString();
    }

    private static void writeValue(StringBuilder out, Object value) {
        if (value == null || value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof String s) {
            writeString(out, s);
        } else if (value instanceof Double || value instanceof Float) {
            writeFloatingPoint(out, ((Number) value).doubleValue(), value.toString());
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short
                || value instanceof Byte || value instanceof BigInteger || value instanceof BigDecimal) {
            out.append(value);
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            String separator = "";
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    throw new IllegalArgumentException("JSON object keys must be strings, not " + e.getKey());
                }
                out.append(separator);
                writeString(out, key);
                out.append(':');
                writeValue(out, e.getValue());
                separator = ",";
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                out.append(i > 0 ? "," : "");
                writeValue(out, list.get(i));
            }
            out.append(']');
        } else if (value instanceof float[] a) {
            out.append('[');
            for (int i = 0; i < a.length; i++) {
                out.append(i > 0 ? "," : "");
                writeFloatingPoint(out, a[i], Float.toString(a[i]));
            }
            out.append(']');
        } else if (value instanceof double[] a) {
            out.append('[');
            for (int i = 0; i < a.length; i++) {
                out.append(i > 0 ? "," : "");
                writeFloatingPoint(out, a[i], Double.toString(a[i]));
            }
            out.append(']');
        } else if (value instanceof int[] a) {
            writeValue(out, Arrays.stream(a).boxed().toList());
        } else if (value instanceof long[] a) {
            writeValue(out, Arrays.stream(a).boxed().toList());
        } else {
            throw new IllegalArgumentException("cannot write a " + value.getClass().getName() + " as JSON");
        }
    }

    /** Java's shortest round-trip text ({@code 0.1}, {@code 1.0E-5}) is valid JSON; NaN and infinities become null. */
    private static void writeFloatingPoint(StringBuilder out, double value, String text) {
        out.append(Double.isFinite(value) ? text : "null");
    }

    private static void writeString(StringBuilder out, String s) {
        int bad = unpairedSurrogate(s);
        if (bad >= 0) {
            throw new IllegalArgumentException("string has an unpaired surrogate at index " + bad + ": cannot write it as JSON");
        }
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> out.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        out.append('"');
    }

    /** The index of the first surrogate char that is not part of a high-low pair, or -1. */
    private static int unpairedSurrogate(CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    /** A recursive-descent parser over one string; {@code pos} is the next character to read. */
    private static final class Parser {
        private final String text;
        private int pos;
        private int depth;

        Parser(String text) {
            this.text = text;
        }

        Object document() {
            skipWhitespace();
            Object value = value();
            skipWhitespace();
            if (pos < text.length()) {
                throw error("unexpected " + describe(text.charAt(pos)) + " after the JSON value", pos);
            }
            return value;
        }

        private Object value() {
            if (pos >= text.length()) {
                throw error("unexpected end of input, expected a value", pos);
            }
            char c = text.charAt(pos);
            switch (c) {
                case '{':
                    return object();
                case '[':
                    return array();
                case '"':
                    return string();
                case 't':
                    return literal("true", Boolean.TRUE);
                case 'f':
                    return literal("false", Boolean.FALSE);
                case 'n':
                    return literal("null", null);
                default:
                    if (c == '-' || isDigit(c)) {
                        return number();
                    }
                    throw error("unexpected " + describe(c) + ", expected a value", pos);
            }
        }

        private Map<String, Object> object() {
            enter();
            Map<String, Object> map = new LinkedHashMap<>();
            skipWhitespace();
            if (consume('}')) {
                depth--;
                return map;
            }
            do {
                skipWhitespace();
                int keyStart = pos;
                if (pos >= text.length() || text.charAt(pos) != '"') {
                    throw error("expected a string key", pos);
                }
                String key = string();
                if (map.containsKey(key)) {
                    throw error("duplicate key \"" + key + "\"", keyStart);
                }
                skipWhitespace();
                if (!consume(':')) {
                    throw error("expected ':' after key \"" + key + "\"", pos);
                }
                skipWhitespace();
                map.put(key, value());
                skipWhitespace();
            } while (consume(','));
            if (!consume('}')) {
                throw error("expected ',' or '}' in an object", pos);
            }
            depth--;
            return map;
        }

        private List<Object> array() {
            enter();
            List<Object> list = new ArrayList<>();
            skipWhitespace();
            if (consume(']')) {
                depth--;
                return list;
            }
            do {
                skipWhitespace();
                list.add(value());
                skipWhitespace();
            } while (consume(','));
            if (!consume(']')) {
                throw error("expected ',' or ']' in an array", pos);
            }
            depth--;
            return list;
        }

        /** Consumes the opening bracket and checks the depth. */
        private void enter() {
            if (++depth > MAX_DEPTH) {
                throw error("nesting deeper than " + MAX_DEPTH + " levels", pos);
            }
            pos++;
        }

        private String string() {
            int start = pos++;
            StringBuilder s = new StringBuilder();
            while (true) {
                if (pos >= text.length()) {
                    throw error("unterminated string", start);
                }
                char c = text.charAt(pos++);
                if (c == '"') {
                    break;
                } else if (c == '\\') {
                    escape(s);
                } else if (c < 0x20) {
                    throw error(String.format("control character U+%04X must be escaped in a string", (int) c), pos - 1);
                } else {
                    s.append(c);
                }
            }
            int bad = unpairedSurrogate(s);
            if (bad >= 0) {
                throw error("string has an unpaired surrogate", start);
            }
            return s.toString();
        }

        private void escape(StringBuilder s) {
            if (pos >= text.length()) {
                throw error("unterminated escape sequence", pos - 1);
            }
            char e = text.charAt(pos++);
            switch (e) {
                case '"', '\\', '/' -> s.append(e);
                case 'b' -> s.append('\b');
                case 'f' -> s.append('\f');
                case 'n' -> s.append('\n');
                case 'r' -> s.append('\r');
                case 't' -> s.append('\t');
                case 'u' -> s.append(hex4());
                default -> throw error("invalid escape sequence \\" + e, pos - 2);
            }
        }

        /** The four hex digits after {@code \\u}; a surrogate pair arrives as two escapes, two chars. */
        private char hex4() {
            int value = 0;
            for (int i = 0; i < 4; i++) {
                int digit = pos < text.length() ? hexDigit(text.charAt(pos)) : -1;
                if (digit < 0) {
                    throw error("\\u must be followed by four hex digits", pos);
                }
                value = value * 16 + digit;
                pos++;
            }
            return (char) value;
        }

        private static int hexDigit(char c) {
            if (c >= '0' && c <= '9') {
                return c - '0';
            }
            if (c >= 'a' && c <= 'f') {
                return c - 'a' + 10;
            }
            return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        }

        private Object number() {
            int start = pos;
            boolean integer = true;
            consume('-');
            if (consume('0')) {
                if (pos < text.length() && isDigit(text.charAt(pos))) {
                    throw error("leading zeros are not allowed in a number", start);
                }
            } else {
                digits("a digit");
            }
            if (consume('.')) {
                integer = false;
                digits("a digit after the decimal point");
            }
            if (consume('e') || consume('E')) {
                integer = false;
                if (!consume('+')) {
                    consume('-');
                }
                digits("a digit in the exponent");
            }
            String literal = text.substring(start, pos);
            if (integer) {
                try {
                    return Long.parseLong(literal);
                } catch (NumberFormatException beyondLong) {
                    // read it as a double below
                }
            }
            double d = Double.parseDouble(literal);
            if (Double.isInfinite(d)) {
                throw error("number " + literal + " is beyond the range of a double", start);
            }
            return d;
        }

        private void digits(String expected) {
            if (pos >= text.length() || !isDigit(text.charAt(pos))) {
                throw error("invalid number: expected " + expected, pos);
            }
            while (pos < text.length() && isDigit(text.charAt(pos))) {
                pos++;
            }
        }

        private Object literal(String word, Object value) {
            if (!text.startsWith(word, pos)) {
                throw error("unexpected " + describe(text.charAt(pos)) + ", expected a value", pos);
            }
            pos += word.length();
            return value;
        }

        private boolean consume(char c) {
            if (pos < text.length() && text.charAt(pos) == c) {
                pos++;
                return true;
            }
            return false;
        }

        private void skipWhitespace() {
            while (pos < text.length() && " \t\n\r".indexOf(text.charAt(pos)) >= 0) {
                pos++;
            }
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }

        private static String describe(char c) {
            return c >= 0x20 && c < 0x7f ? "'" + c + "'" : String.format("character U+%04X", (int) c);
        }

        /** An exception whose message ends with the line and column of {@code offset}. */
        private JsonException error(String message, int offset) {
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < offset && i < text.length(); i++) {
                if (text.charAt(i) == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            return new JsonException(message + " at line " + line + ", column " + (offset - lineStart + 1), offset);
        }
    }
}
