package io.github.lenet5j.cli;

import io.github.lenet5j.model.Activation;
import io.github.lenet5j.model.LeNet5Config;
import io.github.lenet5j.model.ModelFile;
import io.github.lenet5j.model.Pooling;
import io.github.lenet5j.nn.Engine;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/** The architecture flags shared by the commands that build a model, and the engine it runs on. */
final class ModelOptions {
    @Option(names = "--channels", defaultValue = "1", paramLabel = "C",
            description = "Input channels: 1 grayscale, 3 RGB (default: ${DEFAULT-VALUE}).")
    int channels;

    @Option(names = "--classes", defaultValue = "10", paramLabel = "K",
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

    /** The configuration; throws IllegalArgumentException for invalid counts. */
    LeNet5Config config() {
        return new LeNet5Config(channels, classes, activation, pooling);
    }

    /**
     * Loads a saved model. A file with lenet5j metadata decides its own architecture; a flag given on the
     * command line that contradicts it is an error (a plain PyTorch export takes the flags).
     */
    ModelFile.Loaded load(Path file, ParseResult parsed) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new FileNotFoundException("no model file " + file + ": give --model a file saved by 'lenet5j train'");
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
        return engine == loaded.model().engine() ? loaded
                : new ModelFile.Loaded(loaded.model().withEngine(engine), loaded.classNames());
    }

    private static void conflict(List<String> conflicts, ParseResult parsed, String flag, Object given, Object saved) {
        if (parsed.hasMatchedOption(flag) && !given.equals(saved)) {
            conflicts.add(flag.substring(2) + " " + saved + " (not " + given + ")");
        }
    }

    /** A picocli converter from a parse method that throws IllegalArgumentException naming the valid choices. */
    abstract static class ParsedConverter<T> implements picocli.CommandLine.ITypeConverter<T> {
        private final java.util.function.Function<String, T> parse;

        ParsedConverter(java.util.function.Function<String, T> parse) {
            this.parse = parse;
        }

        @Override
        public T convert(String value) {
            try {
                return parse.apply(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    static final class ActivationConverter extends ParsedConverter<Activation> {
        ActivationConverter() {
            super(Activation::parse);
        }
    }

    static final class PoolingConverter extends ParsedConverter<Pooling> {
        PoolingConverter() {
            super(Pooling::parse);
        }
    }

    static final class EngineConverter extends ParsedConverter<Engine> {
        EngineConverter() {
            super(Engine::parse);
        }
    }
}
