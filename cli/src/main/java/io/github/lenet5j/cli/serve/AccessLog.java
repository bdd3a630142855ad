package io.github.lenet5j.cli.serve;

import io.github.lenet5j.io.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code serve --access-log FILE|-}: one JSON object per request, a line each, appended to a file or written to
 * standard output ({@code -}), flushed line by line so that {@code tail -f} and log shippers see each at once:
 * <pre>
 * {"time":"2026-12-04T19:40:00.123Z","remote":"127.0.0.1","method":"POST","path":"/predict","status":200,
 *  "millis":3.21,"bytes_in":1234,"bytes_out":187}
 * </pre>
 * {@code status} is 0 for a request closed without an answer (the client went away or sent too slowly). The query
 * string is not logged. A failing log (a full disk) is reported once on the error stream and never stops serving.
 */
final class AccessLog implements AutoCloseable {
    private final OutputStream out;
    private final boolean closeAtEnd;
    private final PrintWriter errors;
    private boolean failed;

    private AccessLog(OutputStream out, boolean closeAtEnd, PrintWriter errors) {
        this.out = out;
        this.closeAtEnd = closeAtEnd;
        this.errors = errors;
    }

    /**
     * Opens the log.
     *
     * @param target a file to append to, or {@code -} for standard output
     * @param errors where a failure to write is reported (once)
     * @throws IOException if the file cannot be opened
     */
    static AccessLog open(String target, PrintWriter errors) throws IOException {
        if (target.equals("-")) {
            return new AccessLog(new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false,
                    StandardCharsets.UTF_8), false, errors);
        }
        return new AccessLog(Files.newOutputStream(Path.of(target), StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                StandardOpenOption.WRITE), true, errors);
    }

    /** Writes one request's line. */
    void write(String remote, String method, String path, int status, long nanos, long bytesIn, long bytesOut) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("time", Instant.now().toString());
        o.put("remote", remote);
        o.put("method", method);
        o.put("path", path);
        o.put("status", status);
        o.put("millis", Math.round(nanos / 1e4) / 1e2);
        o.put("bytes_in", bytesIn);
        o.put("bytes_out", bytesOut);
        byte[] line = (Json.write(o) + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (this) {
            try {
                out.write(line);
                out.flush();
            } catch (IOException e) {
                if (!failed) {
                    failed = true;
                    errors.println("serve: cannot write the access log: " + e.getMessage() + " (serving goes on)");
                    errors.flush();
                }
            }
        }
    }

    @Override
    public synchronized void close() throws IOException {
        out.flush();
        if (closeAtEnd) {
            out.close();
        }
    }
}
