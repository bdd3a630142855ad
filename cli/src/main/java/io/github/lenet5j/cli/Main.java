package io.github.lenet5j.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code lenet5j} command line: {@code java -jar cli/target/lenet5j-cli.jar COMMAND [OPTIONS]}.
 * Every error a user can cause prints one line and exits non-zero; {@code --verbose} adds the stack trace.
 */
@Command(name = "lenet5j", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "LeNet-5 in pure Java: inspect, train, evaluate and look inside the model, classify pictures,"
                + " export to ONNX.",
        subcommands = {SummaryCommand.class, TrainCommand.class, EvalCommand.class, PredictCommand.class,
            VisualizeCommand.class, ExportCommand.class, DownloadCommand.class, BenchCommand.class, ServeCommand.class,
            CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    /** Exit status for a usage error (unknown flag, bad value). */
    static final int USAGE_ERROR = 2;
    /** Exit status for a failure while running (missing file, corrupt data, ...). */
    static final int FAILURE = 1;

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
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs the command line with the given streams and returns the exit status (for tests). */
    static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out).setErr(err);
        cli.setParameterExceptionHandler((e, a) -> {
            String command = e.getCommandLine().getCommandSpec().qualifiedName();
            err.println(command + ": " + e.getMessage() + " (see '" + command + " --help')");
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
        int status = cli.execute(args);
        out.flush();
        err.flush();
        return status;
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

    /** The version from the jar's manifest, when there is one. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"lenet5j " + (version == null ? "(development build)" : version)};
        }
    }
}
