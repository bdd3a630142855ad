package io.github.lenet5j.cli;

import io.github.lenet5j.data.Normalization;
import io.github.lenet5j.data.Preprocessing;
import java.util.List;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;

/**
 * How {@code train} prepares pictures, recorded in the model file so that {@code eval}, {@code predict},
 * {@code serve} and {@code visualize} prepare them the same way. With MNIST-format files (already 28x28 centred in
 * 32x32) the model records MNIST's convention; {@code --invert} and {@code --normalize} still apply.
 */
final class PreprocessingOptions {
    /** The flags, for "comes from the checkpoint" errors. */
    static final List<String> FLAGS = List.of("--resize", "--inner-size", "--invert", "--normalize");

    @Option(names = "--resize", paramLabel = "POLICY", converter = ResizeConverter.class,
            description = "How a picture is scaled into the --inner-size box: fit (keep its aspect, centred) or stretch"
                    + " (default: fit).")
    Preprocessing.Resize resize;

    @Option(names = "--inner-size", paramLabel = "N", converter = InnerSize.class,
            description = "The side of the box a picture is scaled into, 1 to 32, centred in the 32x32 input"
                    + " (default: 28, as MNIST).")
    Integer innerSize;

    @Option(names = "--invert", paramLabel = "WHEN", converter = InvertConverter.class,
            description = "Invert pictures (1 - value): never, always, or auto (when the border is light: dark drawings"
                    + " on paper) (default: never for pictures; auto for MNIST-format files, whose model is then given"
                    + " light strokes on black).")
    Preprocessing.Invert invert;

    @Option(names = "--normalize", split = ",", paramLabel = "MEAN,STD",
            description = "Normalise every value in [0, 1] to (value - MEAN) / STD, e.g. 0.2860,0.3530 (default: none).")
    List<Float> normalize;

    /**
     * Refuses what cannot apply: {@code --resize} and {@code --inner-size} for MNIST-format files, {@code --normalize}
     * for the classic preset or other than two numbers.
     */
    void check(CommandSpec command, boolean pictures, boolean classic) {
        if (!pictures && (resize != null || innerSize != null)) {
            throw new ParameterException(command.commandLine(), "--resize and --inner-size are for pictures:"
                    + " MNIST-format images are used as they are, 28x28 centred in 32x32");
        }
        if (normalize != null && classic) {
            throw new ParameterException(command.commandLine(), "--normalize: the classic preset scales its input as the"
                    + " 1998 paper did");
        }
        if (normalize != null) {
            try {
                normalization();
            } catch (IllegalArgumentException e) {
                throw new ParameterException(command.commandLine(), "--normalize takes MEAN,STD with STD above 0, e.g."
                        + " 0.2860,0.3530, not " + normalize);
            }
        }
    }

    private Normalization normalization() {
        if (normalize.size() != 2) {
            throw new IllegalArgumentException("two numbers");
        }
        return new Normalization(normalize.get(0), normalize.get(1));
    }

    /**
     * The preprocessing the flags give: MNIST's convention for MNIST-format files, {@link Preprocessing#pictures}
     * for pictures; the 1998 scaling for the classic preset.
     */
    Preprocessing preprocessing(boolean pictures, int channels, boolean classic) {
        Preprocessing p = pictures ? Preprocessing.pictures(channels) : Preprocessing.mnist(channels);
        p = p.withResize(resize == null ? p.resize() : resize, innerSize == null ? p.innerSize() : innerSize);
        p = invert == null ? p : p.withInvert(invert);
        p = normalize == null ? p : p.withNormalization(normalization());
        return classic ? p.withNormalization(Normalization.PAPER_1998) : p;
    }

    static final class ResizeConverter implements ITypeConverter<Preprocessing.Resize> {
        @Override
        public Preprocessing.Resize convert(String value) {
            return Preprocessing.Resize.parse(Check.oneOf(value, "fit", "stretch"));
        }
    }

    static final class InvertConverter implements ITypeConverter<Preprocessing.Invert> {
        @Override
        public Preprocessing.Invert convert(String value) {
            return Preprocessing.Invert.parse(Check.oneOf(value, "auto", "always", "never"));
        }
    }

    static final class InnerSize implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            int n = new Check.AtLeastOne().convert(value);
            if (n > 32) {
                throw new TypeConversionException("must be from 1 to 32 (the input is 32x32), not '" + value + "'");
            }
            return n;
        }
    }
}
