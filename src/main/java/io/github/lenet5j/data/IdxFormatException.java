package io.github.lenet5j.data;

import java.io.IOException;

/**
 * A file is not a valid IDX file (the MNIST format) or does not hold what the caller expects:
 * wrong magic number, unsupported element type, impossible dimensions, a truncated body, bytes
 * after the end, or image and label files that do not match. The message names the file and
 * the problem.
 */
public class IdxFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * An exception whose message is {@code "<source>: <problem>"}.
     *
     * @param source the file or resource
     * @param problem what is wrong with it
     */
    public IdxFormatException(String source, String problem) {
        super(source + ": " + problem);
    }

    /**
     * Same, keeping the low-level cause (e.g. a broken gzip stream).
     *
     * @param source the file or resource
     * @param problem what is wrong with it
     * @param cause the low-level exception
     */
    public IdxFormatException(String source, String problem, Throwable cause) {
        super(source + ": " + problem, cause);
    }
}
