package io.github.lenet5j.examples;

import io.github.lenet5j.data.HoldOut;
import io.github.lenet5j.data.ImageFolderDataset;
import io.github.lenet5j.data.ImagePreprocessor;
import io.github.lenet5j.data.Preprocessing;
import io.github.lenet5j.model.Activation;
import io.github.lenet5j.model.LeNet5;
import io.github.lenet5j.model.LeNet5Config;
import io.github.lenet5j.model.ModelFile;
import io.github.lenet5j.model.Pooling;
import io.github.lenet5j.model.Predictor;
import io.github.lenet5j.optim.Adam;
import io.github.lenet5j.optim.AdamConfig;
import io.github.lenet5j.train.Evaluation;
import io.github.lenet5j.train.TrainConfig;
import io.github.lenet5j.train.Trainer;
import io.github.lenet5j.train.TrainingListener;
import java.awt.image.BufferedImage;
import java.nio.file.Path;

/**
 * Trains LeNet-5 on a folder of your own pictures ({@code FOLDER/<class>/<picture>}), saves it with its class names
 * and its preprocessing, loads it and classifies a picture file:
 * {@code OwnPictures FOLDER MODEL_FILE PICTURE}.
 */
public class OwnPictures {
    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args[0]), modelFile = Path.of(args[1]), picture = Path.of(args[2]);

        // How a picture becomes the 32x32 input: fitted into 28x28 keeping its aspect, centred, never inverted;
        // RGB or grayscale as the pictures are. The pictures are decoded on all cores and kept as bytes;
        // 20% of each class is the test set, chosen by seed 0.
        ImageFolderDataset.Splits data = ImageFolderDataset.loadTrainAndTest(folder, Preprocessing.pictures(3),
                ImageFolderDataset.Options.defaults().withDetectChannels(true), HoldOut.fraction(0.2), 0);
        Preprocessing preprocessing = data.preprocessing();

        LeNet5 model = new LeNet5(new LeNet5Config(preprocessing.channels(), data.train().numClasses(),
                Activation.RELU, Pooling.MAX), 42);
        Trainer trainer = new Trainer(model, new Adam(model.parameters(), AdamConfig.of(1e-3f)), TrainConfig.of(5, 32, 42));
        trainer.fit(data.train(), null, TrainingListener.NONE);
        Evaluation evaluation = Trainer.evaluate(model, data.test(), 100);
        System.out.printf("test accuracy %.1f%% on %d pictures of %s%n", 100 * evaluation.accuracy(),
                evaluation.total(), data.train().classNames());

        // The file records the class names and the preprocessing, so whoever loads it prepares pictures the same way.
        ModelFile.save(model, data.train().classNames(), preprocessing, modelFile);
        ModelFile.Loaded loaded = ModelFile.load(modelFile);
        Predictor predictor = loaded.predictor();
        BufferedImage image = ImagePreprocessor.read(picture);
        float[] p = predictor.probabilities(image);
        int best = predictor.predict(image);
        System.out.printf("%s: %s (p = %.2f)%n", picture.getFileName(), loaded.className(best), p[best]);
    }
}
