package io.github.lenet5j.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/**
 * docs/tutorial.md shows the consumer project in examples/ verbatim, that project depends on this version of
 * the library, and its source compiles against the library. CI (.ci/run) runs it.
 */
class TutorialTest {
    private static final Path TUTORIAL = Path.of("docs/tutorial.md");
    private static final Path EXAMPLE_POM = Path.of("examples/pom.xml");
    private static final Path EXAMPLE_SOURCE =
            Path.of("examples/src/main/java/io/github/lenet5j/examples/TrainAndPredict.java");

    @Test
    void examplesDependOnThisVersionOfTheLibraryAndItsSampleData() throws Exception {
        String version = xpath(parse(Path.of("pom.xml")), "/project/version");
        assertThat(version).isNotEmpty();
        Document examples = parse(EXAMPLE_POM);
        for (Path module : List.of(Path.of("library/pom.xml"), Path.of("datasets/pom.xml"))) {
            Document pom = parse(module);
            String groupId = xpath(pom, "/project/parent/groupId");
            String artifactId = xpath(pom, "/project/artifactId");
            assertThat(xpath(pom, "/project/parent/version")).isEqualTo(version);
            String dependencyVersion = xpath(examples, "/project/dependencies/dependency[groupId='" + groupId
                    + "' and artifactId='" + artifactId + "']/version");
            assertThat(dependencyVersion).as("the version of %s:%s in %s", groupId, artifactId, EXAMPLE_POM)
                    .isEqualTo(version);
        }
    }

    @Test
    void tutorialJavaBlocksAreTheExampleSource() throws Exception {
        List<String> blocks = blocks("java");
        assertThat(blocks).hasSizeGreaterThan(1);
        // The blocks are the file cut at blank lines: joined by a newline, they are the file again.
        assertThat(String.join("\n", blocks)).isEqualTo(Files.readString(EXAMPLE_SOURCE));
    }

    @Test
    void tutorialXmlBlockIsTheExamplePom() throws Exception {
        assertThat(blocks("xml")).containsExactly(Files.readString(EXAMPLE_POM));
    }

    @Test
    void exampleCompilesAgainstTheLibrary(@TempDir Path dir) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter errors = new StringWriter();
        boolean ok = javac.getTask(errors, null, null,
                List.of("-d", dir.toString(), "-classpath", System.getProperty("java.class.path")), null,
                javac.getStandardFileManager(null, null, null).getJavaFileObjects(EXAMPLE_SOURCE)).call();
        assertThat(ok).as("%s compiles: %s", EXAMPLE_SOURCE, errors).isTrue();
    }

    private static List<String> blocks(String language) throws Exception {
        Matcher m = Pattern.compile("```" + language + "\\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(TUTORIAL));
        List<String> out = new ArrayList<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static Document parse(Path pom) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
    }

    private static String xpath(Document doc, String expression) throws Exception {
        return XPathFactory.newInstance().newXPath().evaluate(expression, doc).trim();
    }
}
