package io.github.lenet5j.data;

import java.io.IOException;

/**
 * A dataset file could not be downloaded from any mirror. The message lists every mirror tried
 * and why it failed (HTTP status, network error, checksum mismatch, size limit).
 */
public class DownloadException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * An exception with the given message.
     *
     * @param message what went wrong
     */
    public DownloadException(String message) {
        super(message);
    }
}
