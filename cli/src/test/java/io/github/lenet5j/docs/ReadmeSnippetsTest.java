package io.github.lenet5j.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lenet5j.data.MnistDataset;
import io.github.lenet5j.data.Split;
import io.github.lenet5j.datasets.FashionMnistSample;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Java snippet of README.md compiles against the library and the datasets artifact, and its main method
 * runs, given one argument: a picture of an ankle boot (the sample's first test image, drawn dark on light as
 * a photo would be). The pretrained-model snippet must name it.
 */
class ReadmeSnippetsTest {
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern CLASS_NAME = Pattern.compile("public class (\\w+)");

    @Test
    void readmeJavaSnippetsCompileAndRun(@TempDir Path dir) throws Exception {
        List<String> snippets = snippets(Path.of("README.md"));
        assertThat(snippets).hasSizeGreaterThanOrEqualTo(2);
        Path boot = ankleBootPicture(dir.resolve("ankle-boot.png"));
        List<String> outputs = new ArrayList<>();
        for (String snippet : snippets) {
            Matcher name = CLASS_NAME.matcher(snippet);
            assertThat(name.find()).as("snippet declares a public class:%n%s", snippet).isTrue();
            Path source = dir.resolve(name.group(1) + ".java");
            Files.writeString(source, snippet);
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            StringWriter errors = new StringWriter();
            boolean ok = javac.getTask(errors, null, null,
                    List.of("-d", dir.toString(), "-classpath", System.getProperty("java.class.path")), null,
                    javac.getStandardFileManager(null, null, null).getJavaFileObjects(source)).call();
            assertThat(ok).as("README snippet %s compiles: %s", name.group(1), errors).isTrue();
            outputs.add(run(dir, name.group(1), boot));
        }
        assertThat(outputs).anySatisfy(out -> assertThat(out.strip()).isEqualTo("Ankle boot"));
    }

    /** Runs the snippet's main with the picture's path, returning what it printed. */
    private String run(Path dir, String className, Path picture) throws Exception {
        PrintStream console = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            loader.loadClass(className).getMethod("main", String[].class)
                    .invoke(null, (Object) new String[] {picture.toString()});
        } finally {
            System.setOut(console);
        }
        return printed.toString(StandardCharsets.UTF_8);
    }

    private static Path ankleBootPicture(Path file) throws IOException {
        MnistDataset test = FashionMnistSample.load(Split.TEST);
        assertThat(test.classNames().get(test.label(0))).isEqualTo("Ankle boot");
        float[] pixels = new float[32 * 32];
        test.image(0, pixels, 0);
        BufferedImage picture = new BufferedImage(32, 32, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                int ink = Math.round(pixels[y * 32 + x] * 255);
                picture.getRaster().setSample(x, y, 0, 255 - ink);   // dark on light, as a photo
            }
        }
        ImageIO.write(picture, "png", file.toFile());
        return file;
    }

    static List<String> snippets(Path markdown) throws IOException {
        List<String> out = new ArrayList<>();
        Matcher m = JAVA_BLOCK.matcher(Files.readString(markdown));
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
