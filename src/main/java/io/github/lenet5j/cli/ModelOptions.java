package io.github.lenet5j.cli;

import io.github.lenet5j.model.Activation;
import io.github.lenet5j.model.LeNet5Config;
import io.github.lenet5j.model.Pooling;
import picocli.CommandLine.Option;

/** The architecture flags shared by the commands that build a model. */
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

    /** The configuration; throws IllegalArgumentException for invalid counts. */
    LeNet5Config config() {
        return new LeNet5Config(channels, classes, activation, pooling);
    }

    static final class ActivationConverter implements picocli.CommandLine.ITypeConverter<Activation> {
        @Override
        public Activation convert(String value) {
            try {
                return Activation.parse(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    static final class PoolingConverter implements picocli.CommandLine.ITypeConverter<Pooling> {
        @Override
        public Pooling convert(String value) {
            try {
                return Pooling.parse(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
