package io.github.lenet5j.cli.serve;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The file of a {@code multipart/form-data} body, what an HTML form's file field and {@code curl -F file=@shirt.png}
 * send (RFC 7578): parts separated by {@code --BOUNDARY} lines, each with its headers, a blank line and its bytes.
 * The body is already capped ({@link ServeOptions#MAX_BODY_BYTES}); a part's headers are read up to 8 KiB and at
 * most 16 parts, so nothing here grows with what a client claims.
 */
final class Multipart {
    /** The longest header block of one part. */
    static final int MAX_HEADER_BYTES = 8 * 1024;
    /** The most parts looked at. */
    static final int MAX_PARTS = 16;

    private Multipart() {
    }

    /**
     * One part: its form field's name, the file name the client gave (or null for a plain field), its type and bytes.
     */
    record Part(String name, String filename, String contentType, byte[] bytes) {
    }

    /**
     * The first part that is a file (it has a {@code filename}), or else the first field named {@code file} or
     * {@code image}.
     *
     * @param body        the whole request body
     * @param contentType the request's Content-Type, {@code multipart/form-data; boundary=...}
     * @return the file's part
     * @throws HttpError 400 naming what is wrong with the body, or that it has no file
     */
    static Part file(byte[] body, String contentType) throws HttpError {
        byte[] delimiter = ("--" + boundary(contentType)).getBytes(StandardCharsets.ISO_8859_1);
        int at = indexOf(body, delimiter, 0);
        if (at < 0) {
            throw HttpError.badRequest("the multipart body has no part: it never starts its boundary");
        }
        Part named = null;
        for (int parts = 0; parts < MAX_PARTS; parts++) {
            int lineEnd = at + delimiter.length;
            if (startsWith(body, lineEnd, "--")) {
                break;   // the closing delimiter
            }
            if (!startsWith(body, lineEnd, "\r\n")) {
                throw HttpError.badRequest("the multipart body is malformed: a boundary line does not end with CRLF");
            }
            int headersStart = lineEnd + 2, headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1),
                    headersStart);
            if (headersEnd < 0 || headersEnd - headersStart > MAX_HEADER_BYTES) {
                throw HttpError.badRequest("the multipart body is malformed: a part's headers do not end (or exceed "
                        + MAX_HEADER_BYTES + " bytes)");
            }
            int next = indexOf(body, ("\r\n--" + boundary(contentType)).getBytes(StandardCharsets.ISO_8859_1), headersEnd + 4);
            if (next < 0) {
                throw HttpError.badRequest("the multipart body ends before its closing boundary (was it cut short?)");
            }
            Part part = part(new String(body, headersStart, headersEnd - headersStart, StandardCharsets.UTF_8),
                    java.util.Arrays.copyOfRange(body, headersEnd + 4, next));
            if (part.filename() != null) {
                return part;
            }
            if (named == null && ("file".equals(part.name()) || "image".equals(part.name()))) {
                named = part;
            }
            at = next + 2;
        }
        if (named != null) {
            return named;
        }
        throw HttpError.badRequest("the multipart body has no file: send the picture as a file field, e.g."
                + " curl -F file=@shirt.png");
    }

    /** The boundary parameter of the Content-Type, unquoted. */
    private static String boundary(String contentType) throws HttpError {
        for (String param : contentType.split(";")) {
            String p = param.strip();
            if (p.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
                String b = p.substring("boundary=".length());
                b = b.length() >= 2 && b.startsWith("\"") && b.endsWith("\"") ? b.substring(1, b.length() - 1) : b;
                if (!b.isEmpty() && b.length() <= 70) {
                    return b;
                }
            }
        }
        throw HttpError.badRequest("multipart/form-data needs a boundary parameter of 1 to 70 characters");
    }

    /** A part from its header lines and bytes: the name and filename of Content-Disposition, and Content-Type. */
    private static Part part(String headers, byte[] bytes) {
        String name = null, filename = null, type = null;
        for (String line : headers.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String header = line.substring(0, colon).strip().toLowerCase(Locale.ROOT), value = line.substring(colon + 1).strip();
            if (header.equals("content-type")) {
                type = value;
            } else if (header.equals("content-disposition")) {
                name = parameter(value, "name");
                filename = parameter(value, "filename");
            }
        }
        return new Part(name, filename, type, bytes);
    }

    /** A parameter of a header value such as {@code form-data; name="file"; filename="shirt.png"}, or null. */
    private static String parameter(String value, String key) {
        for (String param : value.split(";")) {
            String p = param.strip();
            int eq = p.indexOf('=');
            if (eq > 0 && p.substring(0, eq).strip().equalsIgnoreCase(key)) {
                String v = p.substring(eq + 1).strip();
                return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
            }
        }
        return null;
    }

    private static boolean startsWith(byte[] body, int at, String text) {
        if (at + text.length() > body.length) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (body[at + i] != text.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The first index of {@code needle} in {@code body} at or after {@code from}, or -1. */
    private static int indexOf(byte[] body, byte[] needle, int from) {
        outer:
        for (int i = Math.max(0, from); i <= body.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (body[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
