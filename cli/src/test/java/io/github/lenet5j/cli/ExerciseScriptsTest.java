package io.github.lenet5j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import org.junit.jupiter.api.Test;

/**
 * The jshell scripts of docs/exercises/ print what docs/exercises.md says they print: each
 * {@code jshell ... docs/exercises/NAME.jsh} command in the page is followed by a {@code text} block with the
 * script's output, and this test runs the script in JShell against the library and compares.
 */
class ExerciseScriptsTest {
    private static final Path PAGE = Path.of("docs/exercises.md");
    private static final Pattern RUN_AND_OUTPUT = Pattern.compile(
            "```sh\\n[^`]*?jshell --class-path \\S+ (docs/exercises/[\\w-]+\\.jsh)\\n```\\s*\\n```text\\n(.*?)```",
            Pattern.DOTALL);

    @Test
    void everyScriptPrintsWhatThePageShows() throws Exception {
        Map<Path, String> shown = new LinkedHashMap<>();
        Matcher m = RUN_AND_OUTPUT.matcher(Files.readString(PAGE));
        while (m.find()) {
            shown.put(Path.of(m.group(1)), m.group(2));
        }
        try (Stream<Path> scripts = Files.list(Path.of("docs/exercises"))) {
            assertThat(shown.keySet()).as("scripts run in %s, each followed by its output", PAGE)
                    .containsExactlyInAnyOrderElementsOf(scripts.filter(p -> p.toString().endsWith(".jsh")).toList());
        }
        for (Map.Entry<Path, String> script : shown.entrySet()) {
            assertThat(trimLines(run(script.getKey()))).as("what %s prints", script.getKey())
                    .isEqualTo(trimLines(script.getValue()));
        }
    }

    /** Runs a jshell script in this JVM, snippet by snippet (jshell commands such as /exit left out). */
    private static String run(Path script) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream console = System.out;
        System.setOut(print);   // the local execution engine runs the snippets in this JVM, printing to System.out
        try (JShell shell = JShell.builder().executionEngine("local").out(print).err(print).build()) {
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                shell.addToClasspath(entry);
            }
            SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
            String remaining = Files.readAllLines(script).stream().filter(line -> !line.startsWith("/"))
                    .collect(Collectors.joining("\n"));
            while (!remaining.isBlank()) {
                SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
                if (info.source() == null || info.source().isBlank()) {
                    break;
                }
                for (SnippetEvent event : shell.eval(info.source())) {
                    assertThat(event.status()).as("%s: %s%s", script, info.source(),
                            shell.diagnostics(event.snippet()).map(d -> "\n" + d.getMessage(null)).toList())
                            .isNotEqualTo(Snippet.Status.REJECTED);
                    assertThat(event.exception()).as("%s: %s", script, info.source()).isNull();
                }
                remaining = info.remaining();
            }
        } finally {
            System.setOut(console);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static List<String> trimLines(String text) {
        List<String> lines = new ArrayList<>();
        for (String line : text.strip().split("\n")) {
            lines.add(line.stripTrailing());
        }
        return lines;
    }
}
