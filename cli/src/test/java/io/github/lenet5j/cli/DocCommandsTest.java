package io.github.lenet5j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every command line that README.md and docs/*.md show in a code block ({@code ./lenet5j ...} or
 * {@code java ... -jar cli/target/lenet5j-cli.jar ...}) parses: its command exists and takes every option it is
 * given, with values of the right type. A renamed flag fails the build until the docs follow.
 */
class DocCommandsTest {
    private static final Pattern FENCE = Pattern.compile("```[a-z]*\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern LAUNCHER = Pattern.compile("(?:^|\\s)(?:\\./lenet5j|-jar \\S*lenet5j-cli\\.jar)(?=\\s|$)(.*)");

    /** One command found in a doc. */
    record Shown(Path doc, String line, List<String> args) {
    }

    @Test
    void everyCommandInTheDocsParses() throws IOException {
        List<Shown> commands = commands();
        assertThat(commands).as("commands found in the docs").hasSizeGreaterThan(20);
        List<String> failures = new ArrayList<>();
        for (Shown c : commands) {
            try {
                Main.commandLine().parseArgs(c.args().toArray(String[]::new));
            } catch (CommandLine.ParameterException e) {
                failures.add(c.doc() + ": " + c.line() + "\n    " + e.getMessage());
            }
        }
        assertThat(failures).as("commands in the docs that the command line refuses").isEmpty();
    }

    @Test
    void aMistypedOptionIsCaught() {
        assertThat(parse("./lenet5j train --epochs 2 --lr 0.01").args()).containsExactly("train", "--epochs", "2",
                "--lr", "0.01");
        CommandLine cli = Main.commandLine();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> cli.parseArgs("train", "--epoch", "2"))
                .isInstanceOf(CommandLine.ParameterException.class);
    }

    static List<Shown> commands() throws IOException {
        List<Path> docs = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> pages = Files.list(Path.of("docs"))) {
            pages.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        List<Shown> found = new ArrayList<>();
        for (Path doc : docs) {
            Matcher block = FENCE.matcher(Files.readString(doc));
            while (block.find()) {
                for (String line : block.group(1).replace("\\\n", " ").split("\n")) {
                    for (String command : withoutComment(line).split("&&|;|\\|")) {
                        Shown shown = parse(command);
                        if (shown != null) {
                            found.add(new Shown(doc, line.strip(), shown.args()));
                        }
                    }
                }
            }
        }
        return found;
    }

    /** The arguments after the launcher, split as a shell would (quotes kept together); null if no launcher. */
    static Shown parse(String command) {
        Matcher m = LAUNCHER.matcher(command);
        if (!m.find()) {
            return null;
        }
        List<String> args = new ArrayList<>();
        Matcher word = Pattern.compile("\"([^\"]*)\"|'([^']*)'|(\\S+)").matcher(m.group(1));
        while (word.find()) {
            String arg = word.group(1) != null ? word.group(1) : word.group(2) != null ? word.group(2) : word.group(3);
            if (arg.equals(">") || arg.startsWith(">") || arg.equals("2>&1")) {
                break;   // output redirection: the command ends here
            }
            args.add(arg.replaceAll("\\$\\(?\\w+\\)?", "x"));   // $VAR or $(cmd) stands for a value
        }
        return new Shown(null, command, args);
    }

    /** A line without its shell comment ({@code #} at the start or after a space). */
    private static String withoutComment(String line) {
        Matcher m = Pattern.compile("(^|\\s)#").matcher(line);
        return m.find() ? line.substring(0, m.start()) : line;
    }
}
