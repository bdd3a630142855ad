package io.github.lenet5j.cli.serve;

/** A request the server refuses: the HTTP status and a message for the client's {@code {"error": ...}}. */
final class HttpError extends Exception {
    private static final long serialVersionUID = 1L;

    final int status;

    HttpError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    static HttpError badRequest(String message) {
        return new HttpError(400, message);
    }
}
