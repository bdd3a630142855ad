package io.github.lenet5j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Files the command tests share: a small trained model, pictures to classify, PNG checks, the tools. */
public final class TestFiles {
    private static Path model;

    private TestFiles() {
    }

    /** A relu model trained for one epoch on 300 images of the bundled sample, made once per test run. */
    static synchronized Path tinyModel() {
        if (model == null) {
            try {
                Path dir = Files.createTempDirectory("lenet5j-cli-test");
                Path file = dir.resolve("tiny.safetensors");
                CliRunner r = CliRunner.run("train", "--epochs", "1", "--limit", "300", "--activation", "relu",
                        "--out", file.toString(), "--no-report");
                assertThat(r.status()).as(r.err()).isZero();
                model = file;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return model;
    }

    /**
     * Runs one of the repository's single-file tools ({@code java tools/NAME.java ARGS}) in its own JVM and returns
     * what it printed; fails the test when it fails.
     */
    public static String runTool(String name, String... args) throws IOException, InterruptedException {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "tools/" + name + ".java"));
        command.addAll(java.util.List.of(args));
        Path log = Files.createTempFile("lenet5j-tool", ".txt");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean ended = p.waitFor(5, java.util.concurrent.TimeUnit.MINUTES);
        if (!ended) {
            p.destroyForcibly();
        }
        String output = Files.readString(log);
        Files.delete(log);
        assertThat(ended && p.exitValue() == 0).as(command + " ended well: " + output).isTrue();
        return output;
    }

    /** Coloured shapes drawn by tools/MakeShapes.java: {@code dir/<shape>/...}, {@code perClass} of each of 4. */
    public static Path shapes(Path dir, int perClass, long seed) throws IOException, InterruptedException {
        runTool("MakeShapes", "--out", dir.toString(), "--per-class", String.valueOf(perClass), "--seed",
                String.valueOf(seed), "--min-side", "20", "--max-side", "64");
        return dir;
    }

    /** A dark square drawn on white paper, w x h. */
    static Path inkOnPaper(Path dir, String name, int w, int h) throws IOException {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setColor(Color.BLACK);
        g.fillRect(w / 4, h / 4, w / 2, h / 2);
        g.dispose();
        Path file = dir.resolve(name);
        ImageIO.write(image, name.substring(name.lastIndexOf('.') + 1), file.toFile());
        return file;
    }

    /** Decodes a PNG and returns it; fails the test when it is not one. */
    static BufferedImage png(Path file) throws IOException {
        assertThat(file).isRegularFile();
        BufferedImage image = ImageIO.read(file.toFile());
        assertThat(image).as(file + " decodes").isNotNull();
        return image;
    }
}
