package io.github.lenet5j.cli.serve;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Follows every request from its arrival to its end, whichever thread answers it: counts it in the
 * {@link ServeMetrics}, writes its {@link AccessLog} line, and knows how many are in flight, which graceful shutdown
 * waits for. Once {@link #drain} is called, a request that arrives gets 503 with {@code Connection: close}.
 *
 * <p>The handler sees a {@link TrackedExchange}, which delegates to the server's exchange and notes the status it
 * sends and the bytes it reads; its {@code close()} (every answer ends with one, and so does a dropped request) is
 * the request's end.
 */
final class RequestTracker extends Filter {
    private final ServeMetrics metrics;
    private final AccessLog accessLog;   // null: none
    private int inFlight;                // guarded by this
    private volatile boolean draining;

    RequestTracker(ServeMetrics metrics, AccessLog accessLog) {
        this.metrics = metrics;
        this.accessLog = accessLog;
    }

    @Override
    public String description() {
        return "metrics, access log and in-flight count of lenet5j serve";
    }

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        TrackedExchange tracked = new TrackedExchange(exchange, System.nanoTime());
        synchronized (this) {
            inFlight++;
        }
        if (draining) {
            metrics.rejected(ServeMetrics.Rejection.SHUTTING_DOWN);
            tracked.getResponseHeaders().set("Connection", "close");
            Http.error(tracked, 503, "the server is shutting down");
            return;
        }
        chain.doFilter(tracked);
    }

    /** {@return requests received and not yet answered or dropped} */
    synchronized int inFlight() {
        return inFlight;
    }

    /**
     * From now on answers new requests 503, and waits until those in flight have ended or {@code timeoutNanos}
     * have passed.
     *
     * @return the requests still in flight at the end (0: all finished)
     */
    synchronized int drain(long timeoutNanos) throws InterruptedException {
        draining = true;
        long deadline = System.nanoTime() + timeoutNanos;
        while (inFlight > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return inFlight;
    }

    private void ended(TrackedExchange t, int status) {
        long nanos = System.nanoTime() - t.start;
        String path = t.getRequestURI().getPath();
        if (status == 0) {
            metrics.dropped();
        } else {
            metrics.answered(path, status, nanos);
        }
        if (accessLog != null) {
            InetSocketAddress remote = t.getRemoteAddress();
            accessLog.write(remote == null ? null : remote.getAddress().getHostAddress(), t.getRequestMethod(), path,
                    status, nanos, t.bytesIn, t.bytesOut);
        }
        synchronized (this) {
            inFlight--;
            notifyAll();
        }
    }

    /** The server's exchange, with its status, bytes and end noted. */
    final class TrackedExchange extends HttpExchange {
        private final HttpExchange exchange;
        final long start;
        private final AtomicBoolean ended = new AtomicBoolean();
        private volatile int status;         // 0 until the response headers are sent
        private volatile long bytesOut;
        private volatile long bytesIn;
        private InputStream body;

        TrackedExchange(HttpExchange exchange, long start) {
            this.exchange = exchange;
            this.start = start;
        }

        @Override
        public void sendResponseHeaders(int code, long length) throws IOException {
            exchange.sendResponseHeaders(code, length);
            status = code;
            bytesOut = Math.max(0, length);
        }

        @Override
        public void close() {
            try {
                exchange.close();
            } finally {
                if (ended.compareAndSet(false, true)) {
                    ended(this, status);
                }
            }
        }

        @Override
        public synchronized InputStream getRequestBody() {
            if (body == null) {
                body = new FilterInputStream(exchange.getRequestBody()) {
                    @Override
                    public int read() throws IOException {
                        int b = super.read();
                        if (b >= 0) {
                            bytesIn++;
                        }
                        return b;
                    }

                    @Override
                    public int read(byte[] buffer, int offset, int length) throws IOException {
                        int n = super.read(buffer, offset, length);
                        if (n > 0) {
                            bytesIn += n;
                        }
                        return n;
                    }
                };
            }
            return body;
        }

        @Override
        public Headers getRequestHeaders() {
            return exchange.getRequestHeaders();
        }

        @Override
        public Headers getResponseHeaders() {
            return exchange.getResponseHeaders();
        }

        @Override
        public URI getRequestURI() {
            return exchange.getRequestURI();
        }

        @Override
        public String getRequestMethod() {
            return exchange.getRequestMethod();
        }

        @Override
        public HttpContext getHttpContext() {
            return exchange.getHttpContext();
        }

        @Override
        public OutputStream getResponseBody() {
            return exchange.getResponseBody();
        }

        @Override
        public InetSocketAddress getRemoteAddress() {
            return exchange.getRemoteAddress();
        }

        @Override
        public int getResponseCode() {
            return exchange.getResponseCode();
        }

        @Override
        public InetSocketAddress getLocalAddress() {
            return exchange.getLocalAddress();
        }

        @Override
        public String getProtocol() {
            return exchange.getProtocol();
        }

        @Override
        public Object getAttribute(String name) {
            return exchange.getAttribute(name);
        }

        @Override
        public void setAttribute(String name, Object value) {
            exchange.setAttribute(name, value);
        }

        @Override
        public void setStreams(InputStream in, OutputStream out) {
            exchange.setStreams(in, out);
        }

        @Override
        public HttpPrincipal getPrincipal() {
            return exchange.getPrincipal();
        }
    }
}
