package io.github.lenet5j.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What README.md and docs/*.md point at exists: every relative link (and the heading its #anchor names), every
 * repository path written in backticks, every test and every class member they name; and nothing they point at
 * lies outside the repository. A reader who follows the docs never lands on a missing file, and a rename that
 * forgets a doc fails the build.
 */
class DocLinksTest {
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern CODE = Pattern.compile("`([^`\\n]+)`");
    private static final Pattern REPOSITORY_PATH =
            Pattern.compile("(?:src|cli|library|datasets|examples|docs|tools|\\.ci|\\.github)/[\\w./-]*");
    /** {@code LeNet5Test}, {@code LeNet5Test.parameterCountsAreLeNet5s}, {@code CliJarIT}. */
    private static final Pattern TEST_NAME =
            Pattern.compile("(?<![@*\\w])([A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*(?:Test|IT))(?:\\.(?!java\\b)(\\w+))?\\b");
    /** {@code Conv2d.forward}, {@code RbfMapLoss.DEFAULT_J}: a class of the project and one of its members. */
    private static final Pattern MEMBER = Pattern.compile("^([A-Z]\\w*)\\.([a-zA-Z_]\\w*)");

    static List<Path> docs() {
        try (Stream<Path> pages = Files.list(Path.of("docs"))) {
            List<Path> all = new ArrayList<>(List.of(Path.of("README.md")));
            pages.filter(p -> p.toString().endsWith(".md")).sorted().forEach(all::add);
            return all;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text outside fenced code blocks (a shell snippet's {@code ](} is no link). */
    private static String prose(Path doc) throws IOException {
        StringBuilder out = new StringBuilder();
        boolean fenced = false;
        for (String line : Files.readAllLines(doc)) {
            if (line.startsWith("```")) {
                fenced = !fenced;
            } else if (!fenced) {
                out.append(line).append('\n');
            }
        }
        return out.toString();
    }

    @Test
    void everyRelativeLinkPointsAtAFileThatExistsAndAHeadingThatExists() throws IOException {
        List<String> broken = new ArrayList<>();
        int links = 0;
        for (Path doc : docs()) {
            Matcher m = LINK.matcher(prose(doc));
            while (m.find()) {
                String target = m.group(1);
                if (target.matches("^[a-z]+:.*")) {
                    continue;   // https:, mailto:
                }
                links++;
                int hash = target.indexOf('#');
                String file = hash < 0 ? target : target.substring(0, hash);
                Path resolved = file.isEmpty() ? doc : doc.resolveSibling(file).normalize();
                if (!Files.exists(resolved)) {
                    broken.add(doc + ": " + target + " (no " + resolved + ")");
                } else if (hash >= 0 && resolved.toString().endsWith(".md")
                        && !anchors(resolved).contains(target.substring(hash + 1))) {
                    broken.add(doc + ": " + target + " (no such heading in " + resolved + ")");
                }
            }
        }
        assertThat(links).as("links found").isGreaterThan(100);
        assertThat(broken).as("links that lead nowhere").isEmpty();
    }

    @Test
    void noDocPointsAtFilesOutsideTheRepository() throws IOException {
        List<String> outside = new ArrayList<>();
        for (Path doc : docs()) {
            List<String> lines = Files.readAllLines(doc);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains("../shared") || lines.get(i).contains("/work/")) {
                    outside.add(doc + ":" + (i + 1) + ": " + lines.get(i).strip());
                }
            }
        }
        assertThat(outside).as("lines that point at a folder a reader of the repository does not have").isEmpty();
    }

    @Test
    void everyRepositoryPathInBackticksExists() throws IOException {
        List<String> missing = new ArrayList<>();
        for (Path doc : docs()) {
            Matcher code = CODE.matcher(Files.readString(doc));
            while (code.find()) {
                Matcher path = REPOSITORY_PATH.matcher(code.group(1));
                while (path.find()) {
                    String p = path.group().replaceAll("[.,]$", "");
                    boolean built = p.contains("/target/") || p.startsWith("target/");
                    boolean placeholder = code.group(1).matches(".*([<>*…{}]|\\b(NAME|FILE|DIR)\\b).*");
                    if (!built && !placeholder && (path.start() == 0 || code.group(1).charAt(path.start() - 1) == ' ')
                            && !Files.exists(Path.of(p))) {
                        missing.add(doc + ": `" + code.group(1) + "`");
                    }
                }
            }
        }
        assertThat(missing).as("paths in backticks that are not in the repository").isEmpty();
    }

    @Test
    void everyTestTheDocsNameExistsWithTheMethodTheyName() throws IOException {
        Map<String, Path> tests = sources("src/test/java");
        List<String> missing = new ArrayList<>();
        for (Path doc : docs()) {
            Matcher m = TEST_NAME.matcher(Files.readString(doc));
            while (m.find()) {
                Path source = tests.get(m.group(1));
                if (source == null) {
                    missing.add(doc + ": " + m.group(1) + " (no such test class)");
                } else if (m.group(2) != null && !Files.readString(source).contains("void " + m.group(2) + "(")) {
                    missing.add(doc + ": " + m.group() + " (no such test method)");
                }
            }
        }
        assertThat(missing).as("tests the docs name").isEmpty();
    }

    @Test
    void everyClassMemberInBackticksExists() throws IOException {
        Map<String, Path> classes = sources("src/main/java");
        List<String> missing = new ArrayList<>();
        for (Path doc : docs()) {
            Matcher code = CODE.matcher(Files.readString(doc));
            while (code.find()) {
                Matcher m = MEMBER.matcher(code.group(1));
                Path source = m.find() ? classes.get(m.group(1)) : null;
                if (source != null && !declares(source, m.group(2), classes)) {
                    missing.add(doc + ": `" + code.group(1) + "` (" + source + " has no " + m.group(2) + ")");
                }
            }
        }
        assertThat(missing).as("class members the docs name").isEmpty();
    }

    /** Whether the class's file, or the file of a project type it extends or implements, has the word {@code member}. */
    private static boolean declares(Path source, String member, Map<String, Path> classes) throws IOException {
        String text = Files.readString(source);
        if (Pattern.compile("\\b" + member + "\\b").matcher(text).find()) {
            return true;
        }
        Matcher supertypes = Pattern.compile("(?:extends|implements)\\s+([\\w\\s,<>.]+?)\\s*\\{").matcher(text);
        while (supertypes.find()) {
            for (String type : supertypes.group(1).split("[\\s,<>]+")) {
                Path parent = classes.get(type);
                if (parent != null && !parent.equals(source) && declares(parent, member, classes)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Every Java file under {@code root} in the repository and its modules, by simple class name. */
    private static Map<String, Path> sources(String root) throws IOException {
        Map<String, Path> found = new HashMap<>();
        for (String module : List.of(".", "cli", "datasets", "library")) {
            Path dir = Path.of(module, root);
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.walk(dir)) {
                    files.filter(p -> p.toString().endsWith(".java"))
                            .forEach(p -> found.put(p.getFileName().toString().replace(".java", ""), p));
                }
            }
        }
        return found;
    }

    /** GitHub's anchors for the headings of a Markdown file: lower case, punctuation dropped, spaces to hyphens. */
    static Set<String> anchors(Path markdown) throws IOException {
        Set<String> anchors = new HashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean fenced = false;
        for (String line : Files.readAllLines(markdown)) {
            fenced ^= line.startsWith("```");
            if (fenced || !line.startsWith("#")) {
                continue;
            }
            String slug = line.replaceFirst("^#+\\s*", "").toLowerCase(Locale.ROOT)
                    .replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
            int n = seen.merge(slug, 1, Integer::sum);
            anchors.add(n == 1 ? slug : slug + "-" + (n - 1));
        }
        return anchors;
    }
}
