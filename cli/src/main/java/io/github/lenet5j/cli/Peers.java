package io.github.lenet5j.cli;

import io.github.lenet5j.io.Json;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The peers {@code bench} measures beside lenet5j, run as the project's own scripts under {@code tools/}:
 * {@code pytorch/pytorch_bench.py} (PyTorch) and {@code onnx/ort_bench.py} (ONNX Runtime), each printing one
 * JSON object (tools/README.md lists its keys). The scripts are found in a lenet5j checkout: the working folder
 * or one above it, or the folder the jar was built in.
 */
final class Peers {
    /** PyTorch's bench, under tools/. */
    static final String PYTORCH_BENCH = "pytorch/pytorch_bench.py";
    /** ONNX Runtime's bench, under tools/. */
    static final String ORT_BENCH = "onnx/ort_bench.py";
    /** The script that makes the PyTorch 2.x + ONNX Runtime venv once and prints its python, under tools/. */
    static final String VENV_SCRIPT = "peers-venv.sh";

    private Peers() {
    }

    /**
     * The {@code tools} folder of the lenet5j checkout that holds the peer scripts: searched from the working
     * folder upwards, then from this jar's (or classes folder's) location upwards.
     *
     * @throws IOException naming what was looked for, when no folder has both scripts
     */
    static Path tools() throws IOException {
        List<Path> starts = new ArrayList<>(List.of(Path.of("").toAbsolutePath()));
        try {
            starts.add(Path.of(Peers.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (URISyntaxException | SecurityException | NullPointerException e) {   // no location: the working folder only
        }
        for (Path start : starts) {
            for (Path dir = start; dir != null; dir = dir.getParent()) {
                Path tools = dir.resolve("tools");
                if (Files.isRegularFile(tools.resolve(PYTORCH_BENCH)) && Files.isRegularFile(tools.resolve(ORT_BENCH))) {
                    return tools;
                }
            }
        }
        throw new IOException("the peers' scripts (tools/" + PYTORCH_BENCH + ", tools/" + ORT_BENCH + ") are neither"
                + " in the working folder or above it nor beside the jar: run bench --peers in a lenet5j checkout");
    }

    /**
     * The python of the peers' venv, as {@code tools/peers-venv.sh} prints it (the script makes the venv the first
     * time, which takes minutes; its messages go to stderr).
     *
     * @param tools the tools folder
     * @throws IOException when the script fails or prints no python
     */
    static String venvPython(Path tools) throws IOException, InterruptedException {
        Path script = tools.resolve(VENV_SCRIPT);
        Process p = new ProcessBuilder("bash", script.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        String python = out.isEmpty() ? "" : out.lines().reduce((a, b) -> b).orElseThrow().strip();
        if (p.waitFor() != 0 || python.isEmpty()) {
            throw new IOException(script + " failed (status " + p.exitValue() + ") and made no venv: give --python"
                    + " the python of an environment with torch, numpy, onnx and onnxruntime");
        }
        return python;
    }

    /**
     * Runs a peer script with {@code --json} and returns its JSON object; its stderr goes to ours.
     *
     * @param python the python to run it with
     * @param script the script
     * @param args   its options (threads, images, repeats, the model)
     * @throws IOException when it cannot start, fails, or prints no JSON object
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> run(String python, Path script, List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(python, script.toString()));
        command.addAll(args);
        command.add("--json");
        Process p;
        try {
            p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            throw new IOException("cannot run " + python + " (for " + script.getFileName() + "): " + e.getMessage(), e);
        }
        p.getOutputStream().close();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed with status " + p.exitValue()
                    + " (its messages are above)");
        }
        String last = text.isEmpty() ? "" : text.lines().reduce((a, b) -> b).orElseThrow();
        Object parsed;
        try {
            parsed = Json.parse(last);
        } catch (RuntimeException e) {
            parsed = null;
        }
        if (!(parsed instanceof Map<?, ?>)) {
            throw new IOException(String.join(" ", command) + " printed no JSON object as its last line: '" + last + "'");
        }
        return (Map<String, Object>) parsed;
    }
}
