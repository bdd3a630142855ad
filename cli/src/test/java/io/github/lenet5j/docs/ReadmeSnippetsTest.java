package io.github.lenet5j.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every Java snippet of README.md compiles against the library, and its main method runs. */
class ReadmeSnippetsTest {
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern CLASS_NAME = Pattern.compile("public class (\\w+)");

    @Test
    void readmeJavaSnippetsCompileAndRun(@TempDir Path dir) throws Exception {
        List<String> snippets = snippets(Path.of("README.md"));
        assertThat(snippets).isNotEmpty();
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
            try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
                loader.loadClass(name.group(1)).getMethod("main", String[].class).invoke(null, (Object) new String[0]);
            }
        }
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
