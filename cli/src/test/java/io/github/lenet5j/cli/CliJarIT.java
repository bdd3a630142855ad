package io.github.lenet5j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.lenet5j.io.Json;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** Runs the real cli/target/lenet5j-cli.jar in its own JVM (headless, no display): exit codes, JSON, PNGs. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CliJarIT {
    static final Path JAR = Path.of("cli/target/lenet5j-cli.jar");

    @TempDir
    static Path dir;

    record Run(int status, String out, String err) {
    }

    @BeforeAll
    static void jarIsBuilt() {
        assertThat(JAR).as("run 'mvn package' first").isRegularFile();
    }

    static Run run(String... args) throws IOException, InterruptedException {
        return run(dir, args);
    }

    /** Runs the jar with {@code args}, its output kept in files under {@code scratch}. */
    static Run run(Path scratch, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString()));
        command.addAll(List.of(args));
        return exec(command, scratch);
    }

    /** Runs the ./lenet5j launcher at the repository's root (the tests' working folder). */
    static Run launcher(String... args) throws IOException, InterruptedException {
        return launcher(Map.of(), args);
    }

    /** {@link #launcher(String...)} with more environment variables. */
    static Run launcher(Map<String, String> environment, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", "lenet5j"));
        command.addAll(List.of(args));
        return exec(command, dir, environment);
    }

    private static Run exec(List<String> command, Path scratch) throws IOException, InterruptedException {
        return exec(command, scratch, Map.of());
    }

    private static Run exec(List<String> command, Path scratch, Map<String, String> environment)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().remove("DISPLAY");
        builder.environment().remove("LENET5J_JAVA_OPTS");
        builder.environment().putAll(environment);
        Path out = Files.createTempFile(scratch, "out", ".txt"), err = Files.createTempFile(scratch, "err", ".txt");
        Process p = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    private static void oneLineError(Run r, int status, String text) {
        assertThat(r.status()).as(r.err()).isEqualTo(status);
        assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
        assertThat(r.err()).contains(text);
    }

    @Test
    @Order(1)
    @SuppressWarnings("unchecked")
    void train() throws Exception {
        Run r = run("train", "--epochs", "1", "--limit", "300", "--activation", "relu", "--json", "--out",
                dir.resolve("model.safetensors").toString());
        assertThat(r.status()).as(r.err()).isZero();
        List<String> lines = r.out().strip().lines().toList();
        assertThat((Map<String, Object>) Json.parse(lines.get(lines.size() - 1))).containsEntry("final", true);
        Path report = dir.resolve("model-report");
        BufferedImage loss = TestFiles.png(report.resolve("loss.png"));
        assertThat(loss.getWidth()).isEqualTo(800);
        assertThat(loss.getHeight()).isEqualTo(500);
        TestFiles.png(report.resolve("confusion.png"));
        assertThat(Json.parse(Files.readString(report.resolve("report.json")))).isInstanceOf(Map.class);

        oneLineError(run("train", "--epochs", "1", "--bogus"), 2, "unknown option '--bogus'");
    }

    @Test
    @Order(2)
    @SuppressWarnings("unchecked")
    void eval() throws Exception {
        Run r = run("eval", "--model", dir.resolve("model.safetensors").toString(), "--limit", "200", "--json",
                "--report", dir.resolve("eval").toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat((Map<String, Object>) Json.parse(r.out())).containsEntry("total", 200L).containsKey("per_class");
        BufferedImage mistakes = TestFiles.png(dir.resolve("eval/mistakes.png"));
        assertThat(mistakes.getWidth()).isGreaterThanOrEqualTo(4 * 32 * Mistakes.SCALE);

        oneLineError(run("eval", "--model", dir.resolve("nope.safetensors").toString()), 1, "no model file");
    }

    @Test
    @Order(3)
    @SuppressWarnings("unchecked")
    void predict() throws Exception {
        Path picture = TestFiles.inkOnPaper(dir, "ink.png", 64, 48);
        Run r = run("predict", "--model", dir.resolve("model.safetensors").toString(), "--json", picture.toString());
        assertThat(r.status()).as(r.err()).isZero();
        Map<String, Object> o = (Map<String, Object>) Json.parse(r.out().strip());
        assertThat(o).containsEntry("file", picture.toString()).containsEntry("inverted", true);
        assertThat((List<Object>) o.get("predictions")).hasSize(3);

        Path text = Files.writeString(dir.resolve("text.jpg"), "plain text");
        oneLineError(run("predict", "--model", dir.resolve("model.safetensors").toString(), text.toString()), 1,
                "text.jpg: not an image format");
    }

    @Test
    @Order(4)
    void visualize() throws Exception {
        Path out = dir.resolve("vis");
        Path picture = TestFiles.inkOnPaper(dir, "ink.bmp", 28, 28);
        Run r = run("visualize", "--model", dir.resolve("model.safetensors").toString(), "--image", picture.toString(),
                "--out", out.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(TestFiles.png(out.resolve("conv1-filters.png")).getWidth()).isGreaterThanOrEqualTo(600);
        TestFiles.png(out.resolve("conv2.png"));
        TestFiles.png(out.resolve("fc3.png"));
        assertThat(Files.readString(out.resolve("index.html"))).contains("<img src=\"conv1.png\"");

        oneLineError(run("visualize", "--model", dir.resolve("model.safetensors").toString(), "--channels", "3",
                "--out", out.toString()), 1, "channels 1 (not 3)");
    }

    @Test
    @Order(4)
    void export() throws Exception {
        Path onnx = dir.resolve("model.onnx");
        Run r = run("export", "--model", dir.resolve("model.safetensors").toString(), "--format", "onnx", "--out", onnx.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("wrote " + onnx);
        byte[] bytes = Files.readAllBytes(onnx);
        assertThat(Arrays.copyOf(bytes, 2)).as("ModelProto.ir_version = 8").containsExactly(0x08, 0x08);

        Path corrupt = Files.write(dir.resolve("corrupt.safetensors"), new byte[] {1, 2, 3});
        oneLineError(run("export", "--model", corrupt.toString(), "--out", dir.resolve("corrupt.onnx").toString()), 1,
                "too short for the 8-byte header length");
    }

    @Test
    @Order(5)
    void summaryAndDownload() throws Exception {
        Run summary = run("summary", "--json");
        assertThat(summary.status()).isZero();
        assertThat(Json.parse(summary.out())).isInstanceOf(Map.class);
        oneLineError(run("download", "emnist"), 2, "unknown dataset 'emnist'");
        oneLineError(run("download", "mnist", "--dir", dir.resolve("cache").toString(), "--mirror", "http://127.0.0.1:1/"),
                1, "could not download");
    }

    @Test
    @Order(5)
    @SuppressWarnings("unchecked")
    void bench() throws Exception {
        Run r = run("bench", "--images", "128", "--repeats", "1", "--threads", "2", "--json");
        assertThat(r.status()).as(r.err()).isZero();
        Map<String, Object> o = (Map<String, Object>) Json.parse(r.out());
        // `java -jar` cannot add the Vector API module, so bench measured in a JVM it started with it
        assertThat(o).as(r.err()).containsEntry("kernels", "vector");
        assertThat(r.err()).contains("bench: measuring in a JVM started with --add-modules jdk.incubator.vector");
        for (String key : List.of("train_ips_b64", "infer_ips_b1", "infer_ips_b1000")) {
            assertThat(((Number) o.get(key)).doubleValue()).as(key).isPositive();
        }
        oneLineError(run("bench", "--threads", "0"), 2, "Invalid value for option '--threads': must be a whole number of at least 1");
    }

    @Test
    @Order(5)
    void theVersionNamesTheCommitAndTheBuildDate() throws Exception {
        Run r = run("--version");
        assertThat(r.status()).isZero();
        assertThat(r.out()).containsPattern("^lenet5j \\d+\\.\\d+\\.\\d+").containsPattern("\ncommit [0-9a-f]{12} of \\d{4}-\\d\\d-\\d\\d")
                .containsPattern("\nbuilt \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC").doesNotContain("development build");
    }

    @Test
    @Order(5)
    void theLauncherShowsTheIncubatorWarningOnlyForTheCommandsThatComputeLong() throws Exception {
        String warning = "WARNING: Using incubator modules: jdk.incubator.vector";
        for (List<String> args : List.of(List.of("--help"), List.of("--version"), List.of("summary"),
                List.of("train", "--help"), List.of("summary", "--json"))) {
            Run r = launcher(args.toArray(String[]::new));
            assertThat(r.status()).as(args + r.err()).isZero();
            assertThat(r.err()).as(args.toString()).doesNotContain(warning);
        }
        Run eval = launcher("eval", "--model", dir.resolve("model.safetensors").toString(), "--limit", "50");
        assertThat(eval.status()).as(eval.err()).isZero();
        assertThat(eval.err()).as("a quick command: the scalar kernels, and no line about the vector ones").isEmpty();
        Run train = launcher("train", "--epochs", "1", "--limit", "100", "--out",
                dir.resolve("launched.safetensors").toString(), "--no-report", "--no-checkpoint");
        assertThat(train.status()).as(train.err()).isZero();
        assertThat(train.err()).as("the Vector API kernels, and the JVM's line about them").contains(warning);
        Run typo = launcher("trian");
        assertThat(typo.err().strip()).isEqualTo("lenet5j: unknown command 'trian'; did you mean 'train'? (see 'lenet5j --help')");
        assertThat(typo.status()).isEqualTo(2);
    }

    /**
     * On JDK 19 and later too the launcher makes its class-data archive again when the jar is newer (here: an archive
     * made older than the jar). JDK 19+'s own -XX:+AutoCreateSharedArchive would not: it refuses an archive of an
     * older jar at every start (JDK 25: "shared class paths mismatch") and makes one only when the file is missing.
     * Needs a JDK 19 or later in /usr/lib/jvm (skipped without).
     */
    @Test
    @Order(5)
    void onJdk19AndLaterTheLauncherMakesItsArchiveAgainForANewerJar() throws Exception {
        Path jdk = jdkFrom19();
        assumeTrue(jdk != null, "no JDK 19 or later in /usr/lib/jvm");
        Map<String, String> path = Map.of("PATH", jdk.resolve("bin") + java.io.File.pathSeparator
                + System.getenv("PATH"));
        String glob = "summary-*-" + javaVersion(jdk) + "-*.jsa";
        Path cds = JAR.resolveSibling("cds");
        for (Path old : archives(cds, glob)) {
            Files.delete(old);
        }
        assertThat(launcher(path, "summary").status()).isZero();
        List<Path> made = archives(cds, glob);
        assertThat(made).as("the first run's archive").hasSize(1);
        FileTime jarTime = Files.getLastModifiedTime(JAR);   // the archive older than the jar, as a rebuild leaves it
        Files.setLastModifiedTime(made.get(0), FileTime.fromMillis(jarTime.toMillis() - 60_000));
        assertThat(launcher(path, "summary").status()).isZero();
        assertThat(archives(cds, glob)).as("made again").hasSize(1);
        assertThat(Files.getLastModifiedTime(archives(cds, glob).get(0))).as("newer than the jar")
                .isGreaterThan(jarTime);
    }

    /** The first JDK of version 19 or later under /usr/lib/jvm, by its release file, or null. */
    private static Path jdkFrom19() throws IOException {
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return null;
        }
        try (var homes = Files.list(jvms)) {
            return homes.filter(home -> Files.isExecutable(home.resolve("bin/java")))
                    .filter(home -> Integer.parseInt(javaVersion(home).split("\\.")[0]) >= 19)
                    .sorted().findFirst().orElse(null);
        }
    }

    /** JAVA_VERSION of a JDK's release file, as the launcher reads it ("25.0.3"). */
    private static String javaVersion(Path home) {
        try {
            return Files.readAllLines(home.resolve("release")).stream().filter(l -> l.startsWith("JAVA_VERSION="))
                    .map(l -> l.replaceAll("^JAVA_VERSION=\"([0-9.]*).*", "$1")).filter(v -> !v.isEmpty())
                    .findFirst().orElse("0");
        } catch (IOException e) {
            return "0";
        }
    }

    private static List<Path> archives(Path cds, String glob) throws IOException {
        if (!Files.isDirectory(cds)) {
            return List.of();
        }
        List<Path> found = new ArrayList<>();
        try (var files = Files.newDirectoryStream(cds, glob)) {
            files.forEach(found::add);
        }
        return found;
    }

    @Test
    @Order(6)
    void serve() throws Exception {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                JAR.toString(), "serve", "--model", dir.resolve("model.safetensors").toString(), "--port", "0",
                "--threads", "1", "--timeout", "2");
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8));
            String line = out.readLine();   // the first line names the URL
            assertThat(line).contains("serving").contains("http://127.0.0.1:");
            java.net.URI base = java.net.URI.create(line.replaceAll(".* (http://\\S+/) .*", "$1"));
            java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
                    .connectTimeout(java.time.Duration.ofSeconds(5)).build();
            var health = client.send(java.net.http.HttpRequest.newBuilder(base.resolve("healthz"))
                    .timeout(java.time.Duration.ofSeconds(10)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(health.body()).isEqualTo("{\"status\":\"ok\"}");
            // A client that stops half-way through its request is disconnected after --timeout (2 s).
            try (java.net.Socket slow = new java.net.Socket(base.getHost(), base.getPort())) {
                slow.setSoTimeout(15_000);
                slow.getOutputStream().write("POST /predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"
                        .getBytes(StandardCharsets.US_ASCII));
                long start = System.nanoTime();
                int read;
                try {
                    read = slow.getInputStream().read();
                } catch (java.net.SocketException reset) {
                    read = -1;
                }
                assertThat(read).as("closed without an answer").isEqualTo(-1);
                assertThat((System.nanoTime() - start) / 1e9).isLessThan(10);
            }
        } finally {
            p.destroy();
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
        oneLineError(run("serve", "--model", dir.resolve("missing.safetensors").toString()), 1, "no model file");
    }
}
