package io.github.lenet5j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** {@code lenet5j serve} from the real jar in its own JVM: its address, its output lines, signals to it. */
final class ServeProcess implements AutoCloseable {
    final Process process;
    final URI base;
    final List<String> out = new CopyOnWriteArrayList<>();
    private final Path err;

    private ServeProcess(Process process, URI base, Path err) {
        this.process = process;
        this.base = base;
        this.err = err;
    }

    /** Starts {@code serve --port 0 ARGS} with the JVM options given, and waits for the line that names its address. */
    static ServeProcess start(Path logs, List<String> jvmOptions, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", CliJarIT.JAR.toString(), "serve", "--port", "0"));
        command.addAll(List.of(args));
        Path err = Files.createTempFile(logs, "serve", ".err");
        Process p = new ProcessBuilder(command).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        BufferedReader reader = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String first = reader.readLine();
        assertThat(first).as("serve's first line (stderr: %s)", Files.readString(err)).contains("serving").contains("http://127.0.0.1:");
        ServeProcess serve = new ServeProcess(p, URI.create(first.replaceAll(".* (http://\\S+/) .*", "$1")), err);
        Thread pump = new Thread(() -> {
            try {
                for (String line; (line = reader.readLine()) != null; ) {
                    serve.out.add(line);
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "serve-stdout");
        pump.setDaemon(true);
        pump.start();
        return serve;
    }

    /** Runs {@code lenet5j ARGS} from the jar to its end (e.g. to train the model to serve); fails unless it exits 0. */
    static void runJar(Path logs, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", CliJarIT.JAR.toString()));
        command.addAll(List.of(args));
        Path log = Files.createTempFile(logs, "run", ".log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        assertThat(p.waitFor(3, TimeUnit.MINUTES)).as("lenet5j %s ended", List.of(args)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(log)).isZero();
    }

    /** Sends a signal (TERM, INT, ...) with kill(1). */
    void signal(String name) throws IOException, InterruptedException {
        assertThat(new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start().waitFor()).isZero();
    }

    String err() throws IOException {
        return Files.readString(err, StandardCharsets.UTF_8);
    }

    /** Waits for the process to end; returns its exit status. */
    int waitFor(long seconds) throws InterruptedException {
        assertThat(process.waitFor(seconds, TimeUnit.SECONDS)).as("serve ended within %d s", seconds).isTrue();
        return process.exitValue();
    }

    /** Waits for an output line containing {@code text}. */
    String awaitLine(String text, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            for (String line : out) {
                if (line.contains(text)) {
                    return line;
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no line with '" + text + "' in " + out);
    }

    /** The process's open file descriptors and threads, from /proc. */
    long openFds() throws IOException {
        try (var fds = Files.list(Path.of("/proc", Long.toString(process.pid()), "fd"))) {
            return fds.count();
        }
    }

    long threads() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith("Threads:")) {
                return Long.parseLong(line.substring("Threads:".length()).strip());
            }
        }
        throw new AssertionError("no Threads: line in /proc/" + process.pid() + "/status");
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
