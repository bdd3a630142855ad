package io.github.lenet5j.cli.serve;

import java.net.InetAddress;

/**
 * How a {@link PredictionServer} listens and how much it takes on.
 *
 * @param bind           the address to listen on (loopback unless the user asks otherwise)
 * @param port           the port, or 0 for any free one
 * @param threads        inference workers
 * @param queue          requests that may wait for a worker; one more gets 503
 * @param timeoutSeconds the time a client has to send its request, and the longest a request may wait in the queue
 */
public record ServeOptions(InetAddress bind, int port, int threads, int queue, int timeoutSeconds) {
    /** The largest request body, in bytes: a larger one gets 413. */
    public static final int MAX_BODY_BYTES = 2 * 1024 * 1024;
    /** The widest or tallest picture accepted, checked before it is decoded: a larger one gets 400. */
    public static final int MAX_IMAGE_SIDE = 2048;

    /**
     * Checks the numbers.
     *
     * @param bind           the address to listen on
     * @param port           the port, or 0 for any free one
     * @param threads        inference workers, at least 1
     * @param queue          requests that may wait for a worker, at least 1
     * @param timeoutSeconds the request and queue timeout, at least 1
     */
    public ServeOptions {
        if (port < 0 || port > 65535 || threads < 1 || queue < 1 || timeoutSeconds < 1) {
            throw new IllegalArgumentException("port must be 0..65535 and threads, queue and timeout at least 1 (got port "
                    + port + ", threads " + threads + ", queue " + queue + ", timeout " + timeoutSeconds + ")");
        }
    }

    /**
     * Loopback, any free port, the given workers and queue, a 10 s timeout (for tests and embedding).
     *
     * @param threads inference workers
     * @param queue   requests that may wait for a worker
     * @return the options
     */
    public static ServeOptions loopback(int threads, int queue) {
        return new ServeOptions(InetAddress.getLoopbackAddress(), 0, threads, queue, 10);
    }
}
