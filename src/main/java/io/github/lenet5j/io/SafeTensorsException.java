package io.github.lenet5j.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A safetensors file that cannot be read, or that holds something other than what the reader asked for. The
 * message names the file, then says what is wrong in a user's words, then the detail; {@link #kind()} says the
 * same for code:
 * <ul>
 *   <li>{@link Kind#NOT_SAFETENSORS}: {@code shirt.png: not a safetensors file (its first bytes are those of a PNG image):
 *       header length 727905341920923785 exceeds the 178 bytes that follow it};</li>
 *   <li>{@link Kind#TRUNCATED}: {@code model.safetensors: truncated: the file ends at byte 48, its header needs
 *       648 (tensor "conv1.weight" ends there)};</li>
 *   <li>{@link Kind#INVALID}: a header, an entry or metadata that breaks the format's rules, e.g.
 *       {@code model.safetensors: tensor "fc1.weight": data_offsets [0, 24] hold 24 bytes but shape [8] of F32 needs 32};</li>
 *   <li>{@link Kind#WRONG_CONTENTS}: a valid file that holds something else than asked: a training checkpoint given
 *       as a model, a model of another architecture, a missing tensor.</li>
 * </ul>
 */
public class SafeTensorsException extends IOException {
    private static final long serialVersionUID = 1L;

    /** What kind of problem a {@link SafeTensorsException} reports. */
    public enum Kind {
        /** The file is not in the safetensors format at all (a picture, an archive, text). */
        NOT_SAFETENSORS,
        /** The file ends before the bytes its header describes. */
        TRUNCATED,
        /** The header, an entry or the metadata breaks the format's rules or the reader's limits. */
        INVALID,
        /** A valid safetensors file whose tensors or metadata are not what the reader expects. */
        WRONG_CONTENTS
    }

    private final transient Path file;
    /** The tensor concerned, or null when the problem is the whole file's. */
    private final String tensor;
    /** What kind of problem it is. */
    private final Kind kind;

    /**
     * A problem with the whole file ({@code tensor} null) or with one tensor: its entry, or (for a
     * reader such as a model loader) its name, shape or presence. Its kind is {@link Kind#WRONG_CONTENTS}.
     *
     * @param file the file
     * @param tensor the tensor concerned, or null for the whole file
     * @param problem what is wrong
     */
    public SafeTensorsException(Path file, String tensor, String problem) {
        this(file, tensor, Kind.WRONG_CONTENTS, problem, null);
    }

    /**
     * As {@link #SafeTensorsException(Path, String, String)}, with the cause.
     *
     * @param file the file
     * @param tensor the tensor concerned, or null for the whole file
     * @param problem what is wrong
     * @param cause the low-level exception
     */
    public SafeTensorsException(Path file, String tensor, String problem, Throwable cause) {
        this(file, tensor, Kind.WRONG_CONTENTS, problem, cause);
    }

    /**
     * A problem of the given kind.
     *
     * @param file the file
     * @param tensor the tensor concerned, or null for the whole file
     * @param kind what kind of problem it is
     * @param problem what is wrong, in a user's words first, then the detail
     * @param cause the low-level exception, or null
     */
    public SafeTensorsException(Path file, String tensor, Kind kind, String problem, Throwable cause) {
        super(file + ": " + (tensor == null ? "" : "tensor \"" + tensor + "\": ") + problem, cause);
        this.file = file;
        this.tensor = tensor;
        this.kind = kind;
    }

    /** {@return the file that failed to read} */
    public Path file() {
        return file;
    }

    /** {@return the name of the tensor whose entry is invalid, or null when the problem is the file's} */
    public String tensor() {
        return tensor;
    }

    /** {@return what kind of problem this is} */
    public Kind kind() {
        return kind;
    }
}
