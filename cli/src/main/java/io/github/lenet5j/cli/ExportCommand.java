package io.github.lenet5j.cli;

import io.github.lenet5j.io.Json;
import io.github.lenet5j.io.SafeTensors;
import io.github.lenet5j.model.ClassicLeNet5;
import io.github.lenet5j.model.LeNet5;
import io.github.lenet5j.model.LeNet5Config;
import io.github.lenet5j.model.ModelFile;
import io.github.lenet5j.onnx.OnnxExport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code export}: a saved model (modern or 1998) as an ONNX file ({@link OnnxExport}: ONNX Runtime, onnxruntime-web,
 * Netron) or as a plain PyTorch {@code state_dict} in safetensors (the tensors under their names, no lenet5j metadata).
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write a saved model as ONNX (for ONNX Runtime, onnxruntime-web, Netron) or as a plain PyTorch"
                + " state_dict in safetensors (no lenet5j metadata).")
final class ExportCommand implements Callable<Integer>, Check.BeforeRun {
    /** The formats {@code --format} accepts. */
    enum Format {
        ONNX, SAFETENSORS;

        String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    @Option(names = "--model", required = true, paramLabel = "FILE",
            description = "A model saved by 'lenet5j train' (or a plain PyTorch export with --channels, --classes, ...).")
    Path modelFile;

    @Option(names = "--format", defaultValue = "onnx", paramLabel = "onnx|safetensors", converter = FormatConverter.class,
            description = "onnx (IR version " + OnnxExport.IR_VERSION + ", opset " + OnnxExport.OPSET + ") or"
                    + " safetensors (a plain state_dict) (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The file to write (replaced atomically).")
    Path out;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Mixin
    ModelOptions model;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (Files.isRegularFile(modelFile) && ModelFile.isClassic(modelFile)) {   // else ModelOptions.load explains
            ModelFile.LoadedClassic loaded = ModelFile.loadClassic(modelFile);
            ClassicLeNet5 classic = loaded.model();
            Map<String, String> metadata = ModelFile.metadata(classic, loaded.classNames(), loaded.preprocessing());
            prepareOut();
            if (format == Format.ONNX) {
                OnnxExport.save(classic, metadata, out);
            } else {
                SafeTensors.write(out, ModelFile.stateDict(classic), Map.of());
            }
            print(String.format(Locale.ROOT, "ClassicLeNet5(in_channels=%d, num_classes=%d)", classic.inChannels(),
                    classic.numClasses()), OnnxExport.DISTANCES, metadata);
        } else {
            ModelFile.Loaded loaded = model.load(modelFile, spec.commandLine().getParseResult());
            LeNet5 lenet = loaded.model();
            Map<String, String> metadata = ModelFile.metadata(lenet, loaded.classNames(), loaded.preprocessing());
            prepareOut();
            if (format == Format.ONNX) {
                OnnxExport.save(lenet, metadata, out);
            } else {
                SafeTensors.write(out, ModelFile.stateDict(lenet), Map.of());
            }
            LeNet5Config c = lenet.config();
            print(String.format(Locale.ROOT, "LeNet5(in_channels=%d, num_classes=%d, activation=%s, pooling=%s)",
                    c.inChannels(), c.numClasses(), c.activation().id(), c.pooling().id()), OnnxExport.LOGITS, metadata);
        }
        return 0;
    }

    /** Before any work: --out must not be the model file itself. */
    @Override
    public void check(CommandSpec command) {
        boolean same;
        try {
            same = Files.exists(out) && Files.exists(modelFile) && Files.isSameFile(out, modelFile);
        } catch (IOException e) {
            same = false;   // unreadable: the command's own error says so
        }
        if (same || out.toAbsolutePath().normalize().equals(modelFile.toAbsolutePath().normalize())) {
            throw new ParameterException(command.commandLine(), "--out " + out + " is the model file itself: choose another");
        }
    }

    /** Once the model has loaded: creates the folder {@code --out} goes in. */
    private void prepareOut() throws IOException {
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
    }

    private void print(String description, String scores, Map<String, String> metadata) throws IOException {
        PrintWriter w = spec.commandLine().getOut();
        long bytes = Files.size(out);
        List<String> outputs = List.of(scores, OnnxExport.PROBABILITIES);
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("out", out.toString());
            o.put("format", format.id());
            o.put("bytes", bytes);
            o.put("model", description);
            if (format == Format.ONNX) {
                o.put("ir_version", OnnxExport.IR_VERSION);
                o.put("opset", OnnxExport.OPSET);
                o.put("input", OnnxExport.INPUT);
                o.put("outputs", outputs);
                o.put("metadata", metadata);
            }
            w.println(Json.write(o));
        } else if (format == Format.ONNX) {
            w.printf(Locale.ROOT, "wrote %s (%,d bytes): %s as ONNX, IR version %d, opset %d; input '%s' [N, %s, 32, 32],"
                    + " outputs '%s' and '%s' [N, %s]%n", out, bytes, description, OnnxExport.IR_VERSION, OnnxExport.OPSET,
                    OnnxExport.INPUT, metadata.get("in_channels"), outputs.get(0), outputs.get(1), metadata.get("num_classes"));
        } else {
            w.printf(Locale.ROOT, "wrote %s (%,d bytes): %s as a plain state_dict in safetensors (no metadata)%n",
                    out, bytes, description);
        }
    }

    static final class FormatConverter implements ITypeConverter<Format> {
        @Override
        public Format convert(String value) {
            for (Format f : Format.values()) {
                if (f.id().equals(value)) {
                    return f;
                }
            }
            throw new TypeConversionException("unknown format '" + value + "': expected onnx or safetensors");
        }
    }
}
