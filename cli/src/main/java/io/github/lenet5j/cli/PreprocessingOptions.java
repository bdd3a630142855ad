package io.github.lenet5j.cli;

import io.github.lenet5j.data.Normalization;
import io.github.lenet5j.data.Preprocessing;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * How {@code train} prepares pictures, recorded in the model file so that {@code eval}, {@code predict},
 * {@code serve} and {@code visualize} prepare them the same way. With MNIST-format files (already 28x28 centred in
 * 32x32) the model records MNIST's convention; {@code --invert} and {@code --normalize} still apply.
 */
final class PreprocessingOptions {
    /** The flags, for "comes from the checkpoint" and "not for MNIST-format files" errors. */
    static final List<String> FLAGS = List.of("--resize", "--inner-size", "--invert", "--normalize");

    @Option(names = "--resize", paramLabel = "POLICY",
            description = "How a picture is scaled into the --inner-size box: fit (keep its aspect, centred) or stretch"
                    + " (default: fit).")
    String resize;

    @Option(names = "--inner-size", paramLabel = "N",
            description = "The side of the box a picture is scaled into, centred in the 32x32 input (default: 28, as"
                    + " MNIST).")
    Integer innerSize;

    @Option(names = "--invert", paramLabel = "WHEN",
            description = "Invert pictures (1 - value): never, always, or auto (when the border is light: dark drawings"
                    + " on paper) (default: never for pictures; auto for MNIST-format files, whose model is then given"
                    + " light strokes on black).")
    String invert;

    @Option(names = "--normalize", split = ",", paramLabel = "MEAN,STD",
            description = "Normalise every value in [0, 1] to (value - MEAN) / STD, e.g. 0.2860,0.3530 (default: none).")
    List<Float> normalize;

    /**
     * The preprocessing the flags give: MNIST's convention for MNIST-format files (where {@code --resize} and
     * {@code --inner-size} are errors), {@link Preprocessing#pictures} for pictures; the 1998 scaling for the
     * classic preset (where {@code --normalize} is an error).
     */
    Preprocessing preprocessing(boolean pictures, int channels, boolean classic) {
        if (!pictures && (resize != null || innerSize != null)) {
            throw new IllegalArgumentException("--resize and --inner-size are for pictures: MNIST-format images are"
                    + " used as they are, 28x28 centred in 32x32");
        }
        if (classic && normalize != null) {
            throw new IllegalArgumentException("--normalize: the classic preset scales its input as the 1998 paper did");
        }
        Preprocessing p = pictures ? Preprocessing.pictures(channels) : Preprocessing.mnist(channels);
        if (resize != null || innerSize != null) {
            p = p.withResize(resize == null ? p.resize() : Preprocessing.Resize.parse(resize),
                    innerSize == null ? p.innerSize() : innerSize);
        }
        if (invert != null) {
            p = p.withInvert(Preprocessing.Invert.parse(invert));
        }
        if (normalize != null) {
            if (normalize.size() != 2) {
                throw new IllegalArgumentException("--normalize takes MEAN,STD, e.g. 0.2860,0.3530");
            }
            p = p.withNormalization(new Normalization(normalize.get(0), normalize.get(1)));
        }
        return classic ? p.withNormalization(Normalization.PAPER_1998) : p;
    }
}
