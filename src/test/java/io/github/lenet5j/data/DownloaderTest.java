package io.github.lenet5j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DownloaderTest {
    @TempDir
    Path fixtures;
    @TempDir
    Path cache;

    private HttpServer server;
    private final Map<String, byte[]> served = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private RemoteDataset dataset;

    @BeforeEach
    void startServer() throws Exception {
        IdxFixtures.writeSplit(fixtures, Split.TRAIN, 4, 28, 2);
        IdxFixtures.writeSplit(fixtures, Split.TEST, 2, 28, 2);
        List<RemoteDataset.RemoteFile> files = new java.util.ArrayList<>();
        for (Split split : Split.values()) {
            for (String name : List.of(split.imagesFile(), split.labelsFile())) {
                byte[] bytes = Files.readAllBytes(fixtures.resolve(name));
                served.put("/good/" + name, bytes);
                files.add(new RemoteDataset.RemoteFile(name,
                        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes))));
            }
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            byte[] body = served.get(exchange.getRequestURI().getPath());
            exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
            if (body != null) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            exchange.close();
        });
        server.start();
        dataset = new RemoteDataset("tiny", List.of(mirror("good")), files);
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private URI mirror(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + path + "/");
    }

    private Downloader downloader() {
        return new Downloader(cache, Duration.ofSeconds(5), Duration.ofSeconds(10));
    }

    @Test
    void downloadsVerifiesAndLoadsTheDataset() throws IOException {
        Path dir = downloader().download(dataset);
        assertThat(dir).isEqualTo(cache.resolve("tiny"));
        assertThat(MnistDataset.load(dir, Split.TRAIN).size()).isEqualTo(4);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
        }
    }

    @Test
    void verifiedFilesAreNotDownloadedAgain() throws IOException {
        downloader().download(dataset);
        int first = requests.get();
        downloader().download(dataset);
        assertThat(first).isEqualTo(4);
        assertThat(requests.get()).isEqualTo(first);
    }

    @Test
    void nextMirrorIsTriedWhenTheFirstAnswers404() throws IOException {
        Path dir = downloader().download(dataset.withMirrors(List.of(mirror("missing"), mirror("good"))));
        assertThat(MnistDataset.load(dir, Split.TEST).size()).isEqualTo(2);
        assertThat(requests.get()).isEqualTo(8);
    }

    @Test
    void corruptFileIsRejectedAndNothingIsLeftAtTheTarget() throws IOException {
        String name = Split.TRAIN.labelsFile();
        served.put("/bad/" + name, new byte[] {1, 2, 3});
        RemoteDataset corrupt = new RemoteDataset("tiny", List.of(mirror("bad")),
                List.of(dataset.files().stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow()));
        assertThatThrownBy(() -> downloader().download(corrupt)).isInstanceOf(DownloadException.class)
                .hasMessageContaining(name).hasMessageContaining("SHA-256 mismatch");
        assertThat(cache.resolve("tiny")).as("the folder it made, still empty, is removed").doesNotExist();
    }

    @Test
    void anUnreachableMirrorIsNamedWithItsHostAndWhyAndLeavesNoEmptyFolder() throws IOException {
        Path root = cache.resolve("new/root");
        URI refused = URI.create("http://127.0.0.1:1/");   // nothing listens on port 1 here: refused at once
        URI unknown = URI.create("http://no-such-host.invalid/");   // .invalid never resolves (RFC 2606)
        Downloader downloader = new Downloader(root, Duration.ofSeconds(5), Duration.ofSeconds(10));
        assertThatThrownBy(() -> downloader.download(dataset.withMirrors(List.of(refused, unknown))))
                .isInstanceOf(DownloadException.class)
                .hasMessageContaining(refused + Split.TRAIN.imagesFile() + ": 127.0.0.1 port 1 refused the connection")
                .hasMessageContaining(unknown + Split.TRAIN.imagesFile() + ": unknown host no-such-host.invalid")
                .hasMessageNotContaining("\n");
        assertThat(cache.resolve("new")).as("no empty folder left behind").doesNotExist();
    }

    @Test
    void failedDownloadLeavesThePreviousFileUntouched() throws IOException {
        Path dir = Files.createDirectories(cache.resolve("tiny"));
        Path old = Files.write(dir.resolve(Split.TRAIN.imagesFile()), new byte[] {42});
        assertThatThrownBy(() -> downloader().download(dataset.withMirrors(List.of(mirror("missing")))))
                .isInstanceOf(DownloadException.class).hasMessageContaining("HTTP 404");
        assertThat(Files.readAllBytes(old)).containsExactly(42);
    }

    @Test
    void allMirrorsDownIsReportedMirrorByMirror() throws IOException {
        URI missing = mirror("missing");
        URI down = mirror("down");
        server.stop(0);
        assertThatThrownBy(() -> downloader().download(dataset.withMirrors(List.of(missing, down))))
                .isInstanceOf(DownloadException.class)
                .hasMessageContaining(missing + Split.TRAIN.imagesFile())
                .hasMessageContaining(down + Split.TRAIN.imagesFile());
    }

    @Test
    void cacheRootIsLenet5jHomeOrUnderTheUserCache() {
        Path home = Path.of("/home/someone");
        assertThat(Downloader.defaultCacheRoot(Map.of("LENET5J_HOME", "/data/l5")::get, home))
                .isEqualTo(Path.of("/data/l5"));
        assertThat(Downloader.defaultCacheRoot(Map.<String, String>of()::get, home))
                .isEqualTo(Path.of("/home/someone/.cache/lenet5j"));
    }

    @Test
    void fileNamesThatCouldEscapeTheCacheFolderAreRejected() {
        assertThatThrownBy(() -> new RemoteDataset("tiny", List.of(mirror("good")),
                List.of(new RemoteDataset.RemoteFile("../evil.gz", "00"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("plain file names");
    }
}
