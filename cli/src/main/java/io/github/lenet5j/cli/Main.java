package io.github.lenet5j.cli;

import io.github.lenet5j.nn.Engine;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code lenet5j} command line: {@code java -jar cli/target/lenet5j-cli.jar COMMAND [OPTIONS]}.
 *
 * <p>One exit-status convention for every command: {@value #OK} when it did its job, {@value #USAGE_ERROR} when
 * the command line is wrong (an unknown command or option, a missing, malformed or out-of-range value, options
 * that do not go together: all found before any work starts, see {@link Check}), {@value #FAILURE} when something
 * fails while running (a file that is missing, unreadable or not what it should be, a network error, training
 * that diverged). Either error prints one line on stderr that says what is wrong (with a suggestion for a
 * mistyped command or option); {@code --verbose} adds the stack trace of a failure.
 */
@Command(name = "lenet5j", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "LeNet-5 in pure Java: inspect, train, evaluate and look inside the model, classify pictures,"
                + " export to ONNX.")
public final class Main implements Runnable {
    /**
     * The commands, in the order {@code --help} lists them. They are added by {@link #commandLine(String)}, not
     * by the annotation's {@code subcommands}, so that a run builds picocli's model (reflection over every option)
     * of the one command it runs: building all of them took about half of {@code predict}'s start-up.
     */
    static final List<Class<?>> COMMANDS = List.of(SummaryCommand.class, TrainCommand.class, EvalCommand.class,
            PredictCommand.class, VisualizeCommand.class, ExportCommand.class, DownloadCommand.class, BenchCommand.class,
            ServeCommand.class, CommandLine.HelpCommand.class);

    /** Exit status of a command that did its job. */
    static final int OK = 0;
    /** Exit status of a failure while running (a missing or corrupt file, a network error, ...). */
    static final int FAILURE = 1;
    /** Exit status of a usage error (an unknown command or option, a bad value), found before any work starts. */
    static final int USAGE_ERROR = 2;

    static {
        // Pictures are drawn off-screen: no display is needed (or wanted) on a server or in CI.
        System.setProperty("java.awt.headless", "true");
    }

    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "Print the stack trace of an error.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * Runs the command line and exits with its status.
     *
     * @param args the command and its options, e.g. {@code train --epochs 5}
     */
    public static void main(String[] args) {
        keepScalarKernelsQuiet(commandToRun(args));
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /**
     * In a JVM started without the vector module (the launcher starts predict, eval and visualize so, for a quicker
     * start), chooses the scalar kernels that run anyway, so the library does not log its line on how to turn the
     * vector kernels on: stderr is the command's own. Not for bench, which measures the vector kernels in a JVM it
     * starts with the module unless the scalar ones were chosen.
     */
    private static void keepScalarKernelsQuiet(String command) {
        if (!"bench".equals(command) && System.getProperty(Engine.KERNELS_PROPERTY) == null
                && ModuleLayer.boot().findModule(Engine.VECTOR_MODULE).isEmpty()) {
            System.setProperty(Engine.KERNELS_PROPERTY, "scalar");
        }
    }

    /** Runs the command line with the given streams and returns the exit status (for tests). */
    static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = commandLine(commandToRun(args));
        cli.setOut(out).setErr(err);
        cli.setParameterExceptionHandler((e, a) -> {
            String command = e.getCommandLine().getCommandSpec().qualifiedName();
            err.println(command + ": " + usageError(e) + " (see '" + command + " --help')");
            return USAGE_ERROR;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parsed) -> {
            Main main = commandLine.getCommandSpec().root().userObject() instanceof Main m ? m : null;
            err.println(commandLine.getCommandSpec().qualifiedName() + ": " + oneLine(e));
            if (main != null && main.verbose) {
                e.printStackTrace(err);
            }
            return FAILURE;
        });
        cli.setExecutionStrategy(parsed -> {
            checkBeforeRun(parsed);
            return new CommandLine.RunLast().execute(parsed);
        });
        int status = cli.execute(args);
        out.flush();
        err.flush();
        return status;
    }

    /** The command line with every command, each command's help ending in the exit statuses. */
    static CommandLine commandLine() {
        return commandLine(null);
    }

    /**
     * The command line with one command, or with all of them, each command's help ending in the exit statuses.
     *
     * @param only the name of the one command to build, or null for all (for help, the version, a mistyped command)
     */
    static CommandLine commandLine(String only) {
        CommandLine cli = new CommandLine(new Main());
        for (Class<?> command : COMMANDS) {
            if (only == null || only.equals(name(command))) {
                cli.addSubcommand(new CommandLine(command));
            }
        }
        Map<String, String> statuses = new LinkedHashMap<>();
        statuses.put(OK + "", "done");
        statuses.put(FAILURE + "", "failed while running: a missing, unreadable or wrong file, a network error, ...");
        statuses.put(USAGE_ERROR + "", "usage error: an unknown command or option, a bad value (nothing was done)");
        List<CommandLine> all = new ArrayList<>(List.of(cli));
        for (int i = 0; i < all.size(); i++) {
            all.get(i).getCommandSpec().usageMessage().exitCodeListHeading("%nExit status:%n").exitCodeList(statuses);
            all.addAll(all.get(i).getSubcommands().values());
        }
        return cli;
    }

    /**
     * The command that {@code args} run, when it is one of {@link #COMMANDS} other than {@code help} and nothing but
     * {@code --verbose} comes before it; else null (help, the version, no command, a mistyped one: all the commands
     * are built for those).
     */
    static String commandToRun(String... args) {
        for (String arg : args) {
            if (!arg.equals("--verbose")) {
                for (Class<?> command : COMMANDS) {
                    if (arg.equals(name(command))) {
                        return arg.equals("help") ? null : arg;   // help names another command: build them all
                    }
                }
                return null;
            }
        }
        return null;
    }

    /** A command's name, as its {@code @Command} annotation gives it. */
    private static String name(Class<?> command) {
        return command.getAnnotation(Command.class).name();
    }

    /**
     * Runs the {@link Check.BeforeRun} checks of every command on the command line and of its mixins, unless help or
     * the version was asked for.
     */
    private static void checkBeforeRun(CommandLine.ParseResult parsed) {
        List<CommandLine> commands = parsed.asCommandLineList();
        for (CommandLine c : commands) {
            if (c.isUsageHelpRequested() || c.isVersionHelpRequested()) {
                return;
            }
        }
        for (CommandLine c : commands) {
            CommandLine.Model.CommandSpec command = c.getCommandSpec();
            List<Object> parts = new ArrayList<>(List.of(command.userObject()));
            command.mixins().values().forEach(m -> parts.add(m.userObject()));
            for (Object part : parts) {
                if (part instanceof Check.BeforeRun check) {
                    check.check(command);
                }
            }
        }
    }

    /**
     * A parse error in the user's words: an unknown command or option names its closest matches. An unknown option
     * is reported before a required option that is missing (a mistyped {@code --modle} leaves {@code --model} unset).
     */
    static String usageError(CommandLine.ParameterException e) {
        CommandLine.UnmatchedArgumentException u = e instanceof CommandLine.UnmatchedArgumentException unmatched
                ? unmatched : e.getCommandLine().getUnmatchedArguments().isEmpty() ? null
                : new CommandLine.UnmatchedArgumentException(e.getCommandLine(), e.getCommandLine().getUnmatchedArguments());
        if (u == null || u.getUnmatched().isEmpty()) {
            return e.getMessage();
        }
        String first = u.getUnmatched().get(0), what;
        if (u.isUnknownOption()) {
            first = u.getUnmatched().stream().filter(a -> a.startsWith("-")).findFirst().orElse(first).replaceAll("=.*", "");
            what = "unknown option '" + first + "'";
        } else if (!e.getCommandLine().getSubcommands().isEmpty()) {
            what = "unknown command '" + first + "'";
        } else {
            what = "unexpected argument '" + first + "'";
        }
        List<String> closest = closest(first, u.getSuggestions());
        return closest.isEmpty() ? what : what + "; did you mean "
                + String.join(" or ", closest.stream().map(s -> "'" + s + "'").toList()) + "?";
    }

    /** Of picocli's suggestions, those fewest edits away from what was typed (a typo is one or two edits). */
    private static List<String> closest(String typed, List<String> suggestions) {
        int best = Integer.MAX_VALUE;
        List<String> closest = new ArrayList<>();
        for (String s : suggestions) {
            int d = editDistance(typed, s);
            if (d < best) {
                best = d;
                closest.clear();
            }
            if (d == best) {
                closest.add(s);
            }
        }
        return best <= Math.max(2, typed.length() / 3) ? closest : List.of();
    }

    /** Insertions, deletions, substitutions and swaps of neighbours that turn {@code a} into {@code b}. */
    static int editDistance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];   // d[i][j]: a's first i characters to b's first j
        for (int i = 0; i <= a.length(); i++) {
            for (int j = 0; j <= b.length(); j++) {
                if (i == 0 || j == 0) {
                    d[i][j] = i + j;
                    continue;
                }
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    private static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof java.nio.file.NoSuchFileException) {
            message = "no such file or folder: " + message;
        } else if (e instanceof java.nio.file.AccessDeniedException) {
            message = "permission denied: " + message;
        } else if (e instanceof java.nio.file.FileAlreadyExistsException
                || e instanceof java.nio.file.NotDirectoryException) {
            message = "not a folder (a file is in the way): " + message;
        }
        return message.replace('\n', ' ');
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * The version, the commit and the build date, from {@code version.properties}, which the build fills in
     * (cli/pom.xml); a value the build did not know (a source tree without .git) is said to be unknown.
     */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            return lines(build());
        }

        /**
         * {@return a value the build recorded ({@code version}, {@code commit}, {@code commit.time},
         * {@code build.date}), or null when it did not know it}
         *
         * @param key the property
         */
        static String property(String key) throws IOException {
            return known(build(), key);
        }

        private static Properties build() throws IOException {
            Properties p = new Properties();
            try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return p;
        }

        /** The lines of {@code --version} for the build's properties. */
        static String[] lines(Properties p) {
            String commit = known(p, "commit");
            String time = known(p, "commit.time");
            return new String[] {
                "lenet5j " + Objects.requireNonNullElse(known(p, "version"), "(version unknown)"),
                "commit " + (commit == null ? "unknown (built without git)" : commit + (time == null ? "" : " of " + time)
                        + ("true".equals(known(p, "dirty")) ? " (with uncommitted changes)" : "")),
                "built " + Objects.requireNonNullElse(known(p, "build.date"), "at an unknown date"),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + "), "
                        + Engine.FAST.kernels() + " kernels"};
        }

        /** A property the build filled in, or null (missing, or still a Maven property reference). */
        private static String known(Properties p, String key) {
            String value = p.getProperty(key);
            return value == null || value.isBlank() || value.startsWith("${") ? null : value;
        }
    }
}
