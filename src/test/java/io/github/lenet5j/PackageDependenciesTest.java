package io.github.lenet5j;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The architecture the packages show, checked on the sources of the three artifacts (the library in
 * {@code src/}, {@code datasets/} and {@code cli/}): dependencies point one way ({@code cli → datasets → train →
 * model → nn → kernels}, with {@code tensor}, {@code parallel}, {@code data}, {@code io}, {@code loss} and
 * {@code optim} beside them, and {@code onnx}, which exports models, beside {@code train}), and only {@code cli}
 * uses a library besides the JDK, so the library jar has no runtime dependencies. The fast kernels sit below the
 * layers that call them and know nothing of them: plain arrays in, plain arrays out.
 *
 * <p>A reference to another package is an import of it or a fully qualified name in it; {@code cli.serve}
 * counts as {@code cli}. A new package must be given a level here, which is the point: no grab-bag.
 */
class PackageDependenciesTest {
    /** The library's packages; the tests run from the repository's root. */
    private static final Path SOURCES = Path.of("src/main/java/io/github/lenet5j");
    private static final List<Path> ALL_SOURCES = List.of(SOURCES,
            Path.of("datasets/src/main/java/io/github/lenet5j"), Path.of("cli/src/main/java/io/github/lenet5j"));
    private static final Pattern PROJECT_REFERENCE = Pattern.compile("\\bio\\.github\\.lenet5j\\.([a-z]+)\\b");
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+)", Pattern.MULTILINE);

    /** A package may use only packages of a lower level. */
    private static final Map<String, Integer> LEVEL = Map.ofEntries(
            entry("tensor", 0), entry("kernels", 0), entry("parallel", 0),
            entry("nn", 1), entry("loss", 1), entry("io", 1), entry("data", 1),
            entry("optim", 2), entry("model", 2),
            entry("train", 3), entry("onnx", 3),
            entry("datasets", 4),
            entry("cli", 5));

    @Test
    void everyPackageHasALevel() throws IOException {
        List<String> packages = new ArrayList<>();
        for (Path root : ALL_SOURCES) {
            try (Stream<Path> dirs = Files.list(root)) {
                dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).forEach(packages::add);
            }
        }
        assertThat(packages).containsExactlyInAnyOrderElementsOf(LEVEL.keySet());
    }

    /**
     * The library's packages that its module keeps to itself: the fast engine's kernels (a user chooses the engine
     * and reads which kernels run through {@code nn.Engine}) and the thread team.
     */
    private static final Set<String> INTERNAL = Set.of("kernels", "parallel");

    @Test
    void theLibraryModuleExportsEachOfItsPackagesButTheInternalOnes() throws IOException {
        String moduleInfo = Files.readString(Path.of("src/main/java/module-info.java"));
        List<String> exported = new ArrayList<>();
        Matcher m = Pattern.compile("^\\s*exports\\s+io\\.github\\.lenet5j\\.([a-z]+);", Pattern.MULTILINE).matcher(moduleInfo);
        while (m.find()) {
            exported.add(m.group(1));
        }
        List<String> library;
        try (Stream<Path> dirs = Files.list(SOURCES)) {
            library = dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).toList();
        }
        assertThat(exported).containsExactlyInAnyOrderElementsOf(
                library.stream().filter(p -> !INTERNAL.contains(p)).toList());
        assertThat(library).containsAll(INTERNAL);
        assertThat(moduleInfo).contains("module io.github.lenet5j {");
        Matcher requires = Pattern.compile("^\\s*requires\\s+(?:transitive\\s+|static\\s+)*([\\w.]+);", Pattern.MULTILINE)
                .matcher(moduleInfo);
        while (requires.find()) {
            assertThat(requires.group(1)).as("a module the library requires").matches("(java|jdk)\\..*");
        }
    }

    @Test
    void dependenciesPointOnlyToLowerLevels() throws IOException {
        Map<String, TreeSet<String>> uses = projectDependencies();
        assertThat(uses).isNotEmpty();
        List<String> upward = new ArrayList<>();
        uses.forEach((from, targets) -> targets.stream()
                .filter(to -> !LEVEL.containsKey(to) || LEVEL.get(to) >= LEVEL.get(from))
                .forEach(to -> upward.add(from + " -> " + to)));
        assertThat(upward).as("dependencies that do not point down the levels").isEmpty();
        assertThat(uses.get("cli")).contains("train", "model");   // the check sees real references
        assertThat(uses.get("tensor")).isEmpty();
        assertThat(uses.get("kernels")).isEmpty();
        assertThat(uses.get("nn")).contains("kernels");
    }

    @Test
    void onlyTheCommandLineUsesLibrariesBesidesTheJdk() throws IOException {
        List<String> outside = new ArrayList<>();
        for (Path file : javaFiles()) {
            if (packageOf(file).equals("cli")) {
                continue;
            }
            Matcher m = IMPORT.matcher(Files.readString(file));
            while (m.find()) {
                String name = m.group(1);
                if (!name.startsWith("java.") && !name.startsWith("javax.") && !name.startsWith("jdk.")
                        && !name.startsWith("com.sun.management.")   // the JDK's module jdk.management
                        && !name.startsWith("io.github.lenet5j.")) {
                    outside.add(file + ": " + name);
                }
            }
        }
        assertThat(outside).as("imports of third-party code outside cli").isEmpty();
    }

    /** package → the other project packages its sources refer to. */
    private static Map<String, TreeSet<String>> projectDependencies() throws IOException {
        Map<String, TreeSet<String>> uses = new TreeMap<>();
        for (Path file : javaFiles()) {
            String from = packageOf(file);
            TreeSet<String> targets = uses.computeIfAbsent(from, k -> new TreeSet<>());
            Matcher m = PROJECT_REFERENCE.matcher(Files.readString(file));
            while (m.find()) {
                if (!m.group(1).equals(from)) {
                    targets.add(m.group(1));
                }
            }
        }
        return uses;
    }

    private static List<Path> javaFiles() throws IOException {
        List<Path> all = new ArrayList<>();
        for (Path root : ALL_SOURCES) {
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(f -> f.toString().endsWith(".java")).sorted().forEach(all::add);
            }
        }
        return all;
    }

    /** The top-level project package a source file belongs to ({@code cli/serve/X.java} → {@code cli}). */
    private static String packageOf(Path file) {
        for (Path root : ALL_SOURCES) {
            if (file.startsWith(root)) {
                return root.relativize(file).getName(0).toString();
            }
        }
        throw new IllegalArgumentException(file + " is in none of " + ALL_SOURCES);
    }
}
