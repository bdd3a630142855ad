package io.github.lenet5j.cli.serve;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import io.github.lenet5j.io.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Reading capped bodies and sending JSON, HTML and errors; every response closes its exchange. */
final class Http {
    private Http() {
    }

    /** The body, at most {@code max} bytes; 413 for a longer one, declared or sent. */
    static byte[] body(HttpExchange exchange, int max) throws IOException, HttpError {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared != null && declaredLength(declared) > max) {
            throw tooLarge(max);
        }
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(max + 1);
            if (body.length > max) {
                throw tooLarge(max);
            }
            return body;
        }
    }

    private static long declaredLength(String header) throws HttpError {
        try {
            return Long.parseLong(header.strip());
        } catch (NumberFormatException e) {
            throw HttpError.badRequest("Content-Length is not a number: " + header);
        }
    }

    private static HttpError tooLarge(int max) {
        return new HttpError(413, "the request body is larger than " + max + " bytes");
    }

    static void json(HttpExchange exchange, int status, Object value) {
        send(exchange, status, "application/json; charset=utf-8", Json.write(value).getBytes(StandardCharsets.UTF_8));
    }

    static void error(HttpExchange exchange, int status, String message) {
        json(exchange, status, Map.of("error", message));
    }

    static void html(HttpExchange exchange, byte[] page) {
        exchange.getResponseHeaders().set("Content-Security-Policy", "default-src 'none'; script-src 'unsafe-inline';"
                + " style-src 'unsafe-inline'; connect-src 'self'; img-src data:");
        send(exchange, 200, "text/html; charset=utf-8", page);
    }

    /** Sends and closes; a client that went away is no error of the server's. */
    static void send(HttpExchange exchange, int status, String contentType, byte[] body) {
        try {
            Headers h = exchange.getResponseHeaders();
            h.set("Content-Type", contentType);
            h.set("Cache-Control", "no-store");
            h.set("X-Content-Type-Options", "nosniff");
            if (status == 413) {
                h.set("Connection", "close");   // the rest of the body is not read
            }
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (IOException e) {
            // the client closed the connection or the server's timeout did
        } finally {
            exchange.close();
        }
    }
}
