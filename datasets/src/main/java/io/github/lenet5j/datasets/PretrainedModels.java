package io.github.lenet5j.datasets;

import io.github.lenet5j.model.ModelFile;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Models trained by lenet5j's own {@code train} command, inside this jar. {@code docs/pretrained.md} is their
 * model card: the command that made each, its data, preprocessing, architecture, accuracy per class and SHA-256.
 *
 * <pre>
 * ModelFile.Loaded fashion = PretrainedModels.fashionMnist();
 * int shirt = new Predictor(fashion.model()).predict(image);   // image: 1x32x32 floats, prepared as MNIST's
 * String name = fashion.className(shirt);
 * </pre>
 */
public final class PretrainedModels {
    /** The file name of the Fashion-MNIST model; the command line's {@code --model fashion} is this model. */
    public static final String FASHION_MNIST = "fashion-mnist.safetensors";
    /** The SHA-256 of {@link #FASHION_MNIST}'s bytes, as the model card gives it. */
    public static final String FASHION_MNIST_SHA256 = "bbaac77eeeb75de07eb235ba4cf5bb5d919a2a2fec7705e0463510b15e838e43";

    private static final String FOLDER = "pretrained-models/";

    private PretrainedModels() {
    }

    /**
     * The LeNet-5 trained on all 60,000 Fashion-MNIST training images, with its ten class names.
     *
     * @return the model (a new copy at each call) and its class names
     * @throws IOException if the file is missing from the jar or damaged
     */
    public static ModelFile.Loaded fashionMnist() throws IOException {
        try (InputStream in = openFashionMnist()) {
            return ModelFile.load(in);
        }
    }

    /**
     * The Fashion-MNIST model's file, to copy or to hand to {@link ModelFile#load(InputStream)}.
     *
     * @return a new stream over the file's bytes; the caller closes it
     * @throws FileNotFoundException if the file is missing from the classpath
     */
    public static InputStream openFashionMnist() throws FileNotFoundException {
        InputStream in = PretrainedModels.class.getResourceAsStream(FOLDER + FASHION_MNIST);
        if (in == null) {
            throw new FileNotFoundException("the pretrained model " + FOLDER + FASHION_MNIST
                    + " is missing from the classpath (next to " + PretrainedModels.class.getName() + ")");
        }
        return in;
    }
}
