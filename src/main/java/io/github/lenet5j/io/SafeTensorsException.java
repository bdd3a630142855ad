package io.github.lenet5j.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A safetensors file that cannot be read: truncated, with an invalid header, or with offsets that
 * do not describe its data. The message names the file and, when one is to blame, the tensor:
 * {@code model.safetensors: tensor "fc1.weight": data_offsets [0, 24] are outside the data section of 16 bytes}.
 */
public class SafeTensorsException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    /** The tensor concerned, or null when the problem is the whole file's. */
    private final String tensor;

    /**
     * A problem with the whole file ({@code tensor} null) or with one tensor: its entry, or (for a
     * reader such as a model loader) its name, shape or presence.
     *
     * @param file the file
     * @param tensor the tensor concerned, or null for the whole file
     * @param problem what is wrong
     */
    public SafeTensorsException(Path file, String tensor, String problem) {
        this(file, tensor, problem, null);
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
        super(file + ": " + (tensor == null ? "" : "tensor \"" + tensor + "\": ") + problem, cause);
        this.file = file;
        this.tensor = tensor;
    }

    /** {@return the file that failed to read} */
    public Path file() {
        return file;
    }

    /** {@return the name of the tensor whose entry is invalid, or null when the problem is the file's} */
    public String tensor() {
        return tensor;
    }
}
