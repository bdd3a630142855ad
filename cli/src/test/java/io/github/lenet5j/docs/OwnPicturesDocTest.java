package io.github.lenet5j.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lenet5j.cli.TestFiles;
import io.github.lenet5j.model.ModelFile;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/own-pictures.md shows examples/OwnPictures.java verbatim, and that program compiles against the library and,
 * run on coloured shapes from tools/MakeShapes.java, trains, saves, loads and names a picture's class.
 */
class OwnPicturesDocTest {
    private static final Path DOC = Path.of("docs/own-pictures.md");
    private static final Path EXAMPLE = Path.of("examples/src/main/java/io/github/lenet5j/examples/OwnPictures.java");

    @Test
    void theDocsJavaBlockIsTheExampleSource() throws Exception {
        assertThat(ReadmeSnippetsTest.snippets(DOC)).containsExactly(Files.readString(EXAMPLE));
    }

    @Test
    void theExampleTrainsOnAFolderOfPicturesAndNamesAPicturesClass(@TempDir Path dir) throws Exception {
        Path classes = Files.createDirectories(dir.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter errors = new StringWriter();
        boolean ok = javac.getTask(errors, null, null,
                List.of("-d", classes.toString(), "-classpath", System.getProperty("java.class.path")), null,
                javac.getStandardFileManager(null, null, null).getJavaFileObjects(EXAMPLE)).call();
        assertThat(ok).as("%s compiles: %s", EXAMPLE, errors).isTrue();

        Path shapes = TestFiles.shapes(dir.resolve("shapes"), 40, 4), model = dir.resolve("own.safetensors");
        Path picture = shapes.resolve("star/star-00001.png");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = System.out;
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            loader.loadClass("io.github.lenet5j.examples.OwnPictures").getMethod("main", String[].class)
                    .invoke(null, (Object) new String[] {shapes.toString(), model.toString(), picture.toString()});
        } finally {
            System.setOut(out);
        }
        List<String> lines = printed.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("test accuracy ").endsWith(" on 32 pictures of [circle, square, star, triangle]");
        assertThat(lines.get(1)).matches("star-00001\\.png: (circle|square|star|triangle) \\(p = [01][.,]\\d\\d\\)");
        assertThat(ModelFile.load(model).preprocessing().channels()).isEqualTo(3);
    }
}
