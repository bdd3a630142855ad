package io.github.lenet5j.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;

/**
 * Downloads MNIST-style datasets into a cache folder and checks their SHA-256.
 *
 * <p>The cache root is {@code $LENET5J_HOME} when that environment variable is set, otherwise
 * {@code ~/.cache/lenet5j}; dataset {@code d} goes to {@code <root>/<d>}. A file already there
 * with the right checksum is not downloaded again. Otherwise the mirrors are tried in order,
 * each once: the file is written to a temporary file in the same folder, verified, and only then
 * moved onto its final name (atomically where the file system allows), so a partial or corrupt
 * download never replaces or poses as a good file.
 */
public final class Downloader {
    /** Files larger than this (64 MiB) are refused, whatever a server sends. */
    public static final long MAX_FILE_BYTES = 64L << 20;

    private final Path cacheRoot;
    private final HttpClient client;
    private final Duration timeout;
    private final Duration connectTimeout;

    /**
     * A downloader into {@code cacheRoot}, with a 20 s connect and a 5 min per-file timeout.
     *
     * @param cacheRoot the folder that holds one folder per dataset
     */
    public Downloader(Path cacheRoot) {
        this(cacheRoot, Duration.ofSeconds(20), Duration.ofMinutes(5));
    }

    /**
     * A downloader with explicit connect and per-file timeouts.
     *
     * @param cacheRoot the folder that holds one folder per dataset
     * @param connectTimeout the longest wait for a connection
     * @param fileTimeout the longest time one file may take
     */
    public Downloader(Path cacheRoot, Duration connectTimeout, Duration fileTimeout) {
        this.cacheRoot = cacheRoot;
        this.timeout = fileTimeout;
        this.connectTimeout = connectTimeout;
        this.client = HttpClient.newBuilder().connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /** {@return a downloader into {@link #defaultCacheRoot()}} */
    public static Downloader withDefaultCache() {
        return new Downloader(defaultCacheRoot());
    }

    /** {@return {@code $LENET5J_HOME}, or {@code ~/.cache/lenet5j}} */
    public static Path defaultCacheRoot() {
        return defaultCacheRoot(System::getenv, Path.of(System.getProperty("user.home")));
    }

    /** The cache root for this environment (a lookup of variable names) and home folder. */
    static Path defaultCacheRoot(Function<String, String> environment, Path home) {
        String configured = environment.apply("LENET5J_HOME");
        return configured != null && !configured.isBlank() ? Path.of(configured)
                : home.resolve(".cache").resolve("lenet5j");
    }

    /** {@return the cache root} */
    public Path cacheRoot() {
        return cacheRoot;
    }

    /**
     * Makes sure every file of {@code dataset} is in its cache folder with the right checksum,
     * downloading what is missing or wrong, and returns the folder (ready for
     * {@link MnistDataset#load}).
     *
     * @param dataset the files, their checksums and mirrors
     * @return the dataset's cache folder
     * @throws DownloadException listing every mirror, its host and why it failed (unknown host, connection refused,
     *                           no route, timed out, an HTTP status, a checksum mismatch), if a file cannot be had;
     *                           the folders this call created are removed again if they are still empty
     * @throws IOException       if the cache folder cannot be written
     */
    public Path download(RemoteDataset dataset) throws IOException {
        Path dir = cacheRoot.resolve(dataset.name());
        Path firstCreated = null;   // the outermost folder this call creates
        for (Path p = dir.toAbsolutePath(); p != null && !Files.exists(p); p = p.getParent()) {
            firstCreated = p;
        }
        Files.createDirectories(dir);
        try {
            for (RemoteDataset.RemoteFile file : dataset.files()) {
                Path target = dir.resolve(file.name());
                if (!Files.isRegularFile(target) || !sha256(target).equals(file.sha256())) {
                    fetchFromAnyMirror(dataset, file, target);
                }
            }
        } catch (IOException | RuntimeException e) {
            removeEmptyFolders(dir.toAbsolutePath(), firstCreated);
            throw e;
        }
        return dir;
    }

    /** Deletes {@code dir} and its parents up to {@code outermost} while they are empty (null: nothing was created). */
    private static void removeEmptyFolders(Path dir, Path outermost) {
        if (outermost == null) {
            return;
        }
        for (Path p = dir; p != null && p.startsWith(outermost); p = p.getParent()) {
            try {
                Files.delete(p);
            } catch (IOException notEmptyOrGone) {
                return;
            }
        }
    }

    private void fetchFromAnyMirror(RemoteDataset dataset, RemoteDataset.RemoteFile file, Path target)
            throws IOException {
        List<String> failures = new ArrayList<>();
        for (URI mirror : dataset.mirrors()) {
            URI uri = URI.create(mirror.toString().endsWith("/") ? mirror.toString() : mirror + "/").resolve(file.name());
            Path temp = Files.createTempFile(target.getParent(), file.name() + ".", ".part");
            try {
                String actual = fetch(uri, temp);
                if (actual.equals(file.sha256())) {
                    moveIntoPlace(temp, target);
                    return;
                }
                failures.add(uri + ": SHA-256 mismatch, expected " + file.sha256() + " but got " + actual);
            } catch (java.net.ConnectException e) {
                failures.add(uri + ": " + whyNoConnection(uri));
            } catch (java.net.http.HttpTimeoutException e) {
                failures.add(uri + ": " + uri.getHost() + " did not answer in time (" + e.getMessage() + ")");
            } catch (IOException e) {
                failures.add(uri + ": " + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()));
            } finally {
                Files.deleteIfExists(temp);
            }
        }
        throw new DownloadException("could not download " + file.name() + " of " + dataset.name() + " into "
                + target.getParent() + ": " + String.join("; ", failures));
    }

    /**
     * Why a connection to {@code uri}'s host failed, in words: the HTTP client says only "ConnectException", so the
     * host is looked up and connected to once more, plainly, to learn the reason.
     */
    private String whyNoConnection(URI uri) {
        String host = uri.getHost();
        int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        java.net.InetAddress address;
        try {
            address = java.net.InetAddress.getByName(host);
        } catch (java.net.UnknownHostException e) {
            return "unknown host " + host + " (no DNS answer: no network, or a wrong name)";
        }
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(address, port), (int) connectTimeout.toMillis());
            return "could not connect to " + host + " port " + port + " (it answers now: try again)";
        } catch (java.net.NoRouteToHostException e) {
            return "no route to " + host + " (" + address.getHostAddress() + "): no network, or a firewall";
        } catch (java.net.SocketTimeoutException e) {
            return host + " port " + port + " did not answer within " + connectTimeout.toSeconds() + " s";
        } catch (java.net.ConnectException e) {
            return host + " port " + port + " refused the connection";
        } catch (IOException e) {
            return "could not connect to " + host + " port " + port + ": " + e.getMessage();
        }
    }

    /** Downloads {@code uri} into {@code temp} and returns the SHA-256 of what arrived. */
    private String fetch(URI uri, Path temp) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
        HttpResponse<InputStream> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while downloading " + uri);
        }
        MessageDigest digest = newSha256();
        try (InputStream in = response.body(); OutputStream out = Files.newOutputStream(temp)) {
            if (response.statusCode() != 200) {
                throw new IOException("HTTP " + response.statusCode() + " from " + uri.getHost());
            }
            byte[] buffer = new byte[1 << 16];
            long total = 0;
            for (int n; (n = in.read(buffer)) != -1; ) {
                total += n;
                if (total > MAX_FILE_BYTES) {
                    throw new IOException("larger than the limit of " + MAX_FILE_BYTES + " bytes");
                }
                digest.update(buffer, 0, n);
                out.write(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void moveIntoPlace(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The SHA-256 of a file, lowercase hex. */
    static String sha256(Path file) throws IOException {
        MessageDigest digest = newSha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) != -1; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime must provide SHA-256", e);
        }
    }
}
