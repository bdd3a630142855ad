package io.github.lenet5j.cli;

import io.github.lenet5j.io.SafeTensors;
import io.github.lenet5j.io.SafeTensorsFile;
import io.github.lenet5j.model.Activation;
import io.github.lenet5j.model.LeNet5Config;
import io.github.lenet5j.model.ModelFile;
import io.github.lenet5j.model.Pooling;
import io.github.lenet5j.nn.Engine;
import io.github.lenet5j.train.Checkpoint;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.ParseResult;

/** The architecture flags shared by the commands that build a model, and the engine it runs on. */
final class ModelOptions {
    @Option(names = "--channels", defaultValue = "1", paramLabel = "C", converter = Check.AtLeastOne.class,
            description = "Input channels: 1 grayscale, 3 RGB (default: ${DEFAULT-VALUE}).")
    int channels;

    @Option(names = "--classes", defaultValue = "10", paramLabel = "K", converter = Check.AtLeastOne.class,
            description = "Output classes (default: ${DEFAULT-VALUE}).")
    int classes;

    @Option(names = "--activation", defaultValue = "sigmoid", paramLabel = "NAME", converter = ActivationConverter.class,
            description = "sigmoid, relu or tanh (default: ${DEFAULT-VALUE}).")
    Activation activation;

    @Option(names = "--pooling", defaultValue = "max", paramLabel = "NAME", converter = PoolingConverter.class,
            description = "max, avg or subsampling (default: ${DEFAULT-VALUE}).")
    Pooling pooling;

    @Option(names = "--engine", defaultValue = "fast", paramLabel = "NAME", converter = EngineConverter.class,
            description = "fast (the kernels) or reference (each layer's plain loops, slower; the same results to"
                    + " float rounding) (default: ${DEFAULT-VALUE}).")
    Engine engine;

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    private String assumed;

    /** The configuration; throws IllegalArgumentException for invalid counts. */
    LeNet5Config config() {
        return new LeNet5Config(channels, classes, activation, pooling);
    }

    /**
     * Loads a saved model. A file with lenet5j metadata decides its own architecture; a flag given on the
     * command line that contradicts it is an error. A file without it (a plain PyTorch {@code state_dict}) takes
     * its channels and classes from its tensors' shapes unless the flags give them, and its activation and pooling
     * from the flags or their defaults: the command says so on stderr, and {@link #assumed()} keeps the line.
     */
    ModelFile.Loaded load(Path file, ParseResult parsed) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new FileNotFoundException("no model file " + file + ": give --model a file saved by 'lenet5j train'");
        }
        String format = SafeTensors.readMetadata(file).get("format");
        if (!ModelFile.FORMAT.equals(format) && !Checkpoint.FORMAT.equals(format)) {
            ModelFile.Loaded loaded = ModelFile.load(file, assumedConfig(file, parsed));
            mixee.commandLine().getErr().println(mixee.qualifiedName() + ": " + assumed);
            mixee.commandLine().getErr().flush();
            return loaded.withEngine(engine);
        }
        ModelFile.Loaded loaded = ModelFile.load(file, config());
        LeNet5Config saved = loaded.model().config();
        List<String> conflicts = new ArrayList<>();
        conflict(conflicts, parsed, "--channels", channels, saved.inChannels());
        conflict(conflicts, parsed, "--classes", classes, saved.numClasses());
        conflict(conflicts, parsed, "--activation", activation.id(), saved.activation().id());
        conflict(conflicts, parsed, "--pooling", pooling.id(), saved.pooling().id());
        if (!conflicts.isEmpty()) {
            throw new IllegalArgumentException(file + " holds a model with " + String.join(", ", conflicts)
                    + ": drop those flags (a lenet5j model file records its architecture)");
        }
        return loaded.withEngine(engine);
    }

    /**
     * {@return for the last model loaded without lenet5j metadata, the sentence that says what was assumed and
     * which flags set it; null when the file recorded its architecture}
     */
    String assumed() {
        return assumed;
    }

    /** The architecture of a file that does not record it, and the sentence that says where each part came from. */
    private LeNet5Config assumedConfig(Path file, ParseResult parsed) throws IOException {
        SafeTensorsFile st = SafeTensors.read(file);
        int inChannels = channels, numClasses = classes;
        String shapes = "from the tensors' shapes";
        String channelsFrom = parsed.hasMatchedOption("--channels") ? "--channels" : "the default, --channels";
        String classesFrom = parsed.hasMatchedOption("--classes") ? "--classes" : "the default, --classes";
        if (!parsed.hasMatchedOption("--channels") && st.contains("conv1.weight") && st.shape("conv1.weight").length == 4) {
            inChannels = st.shape("conv1.weight")[1];
            channelsFrom = shapes;
        }
        if (!parsed.hasMatchedOption("--classes") && st.contains("fc3.weight") && st.shape("fc3.weight").length == 2) {
            numClasses = st.shape("fc3.weight")[0];
            classesFrom = shapes;
        }
        Pooling poolingUsed = pooling;
        String poolingFrom = parsed.hasMatchedOption("--pooling") ? "--pooling" : "the default, --pooling max|avg";
        if (!parsed.hasMatchedOption("--pooling") && st.contains("s2.weight")) {
            poolingUsed = Pooling.SUBSAMPLING;   // the only pooling with weights
            poolingFrom = shapes;
        }
        String activationFrom = parsed.hasMatchedOption("--activation") ? "--activation"
                : "the default, --activation sigmoid|relu|tanh";
        assumed = file + " does not record its architecture (no lenet5j metadata: a plain PyTorch state_dict?);"
                + " assuming activation " + activation.id() + " (" + activationFrom + "), pooling " + poolingUsed.id()
                + " (" + poolingFrom + "), " + Cli.count(inChannels, "input channel") + " (" + channelsFrom + "), "
                + Cli.count(numClasses, "class") + " (" + classesFrom + ")";
        return new LeNet5Config(inChannels, numClasses, activation, poolingUsed);
    }

    private static void conflict(List<String> conflicts, ParseResult parsed, String flag, Object given, Object saved) {
        if (parsed.hasMatchedOption(flag) && !given.equals(saved)) {
            conflicts.add(flag.substring(2) + " " + saved + " (not " + given + ")");
        }
    }

    /**
     * A picocli converter from a parse method that throws IllegalArgumentException naming the valid choices; the
     * message then suggests the closest choice.
     */
    abstract static class ParsedConverter<T> implements picocli.CommandLine.ITypeConverter<T> {
        private final java.util.function.Function<String, T> parse;
        private final List<String> choices;

        ParsedConverter(java.util.function.Function<String, T> parse, List<String> choices) {
            this.parse = parse;
            this.choices = choices;
        }

        @Override
        public T convert(String value) {
            try {
                return parse.apply(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage() + Check.didYouMean(value, choices));
            }
        }
    }

    static final class ActivationConverter extends ParsedConverter<Activation> {
        ActivationConverter() {
            super(Activation::parse, java.util.Arrays.stream(Activation.values()).map(Activation::id).toList());
        }
    }

    static final class PoolingConverter extends ParsedConverter<Pooling> {
        PoolingConverter() {
            super(Pooling::parse, java.util.Arrays.stream(Pooling.values()).map(Pooling::id).toList());
        }
    }

    static final class EngineConverter extends ParsedConverter<Engine> {
        EngineConverter() {
            super(Engine::parse, java.util.Arrays.stream(Engine.values()).map(Engine::id).toList());
        }
    }
}
