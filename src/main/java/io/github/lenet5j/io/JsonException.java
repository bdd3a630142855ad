package io.github.lenet5j.io;

/**
 * Thrown by {@link Json#parse(String)} for text that is not valid JSON. The message says what was
 * wrong and where: {@code expected ',' or '}' at line 1, column 17}.
 */
public class JsonException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** The index of the offending character in the parsed text. */
    private final int offset;

    /** An error at character {@code offset} of the parsed text; the message already names the position. */
    JsonException(String message, int offset) {
        super(message);
        this.offset = offset;
    }

    /** {@return the index of the offending character in the parsed text (0-based, in UTF-16 chars)} */
    public int offset() {
        return offset;
    }
}
