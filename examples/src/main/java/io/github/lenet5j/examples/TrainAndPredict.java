package io.github.lenet5j.examples;

import io.github.lenet5j.data.MnistDataset;
import io.github.lenet5j.data.Split;
import io.github.lenet5j.datasets.FashionMnistSample;
import io.github.lenet5j.model.Activation;
import io.github.lenet5j.model.LeNet5;
import io.github.lenet5j.model.LeNet5Config;
import io.github.lenet5j.model.ModelFile;
import io.github.lenet5j.optim.Adam;
import io.github.lenet5j.optim.AdamConfig;
import io.github.lenet5j.tensor.Tensor;
import io.github.lenet5j.train.Evaluation;
import io.github.lenet5j.train.TrainConfig;
import io.github.lenet5j.train.Trainer;
import io.github.lenet5j.train.TrainingListener;
import java.nio.file.Files;
import java.nio.file.Path;

/** Trains LeNet-5 briefly on the Fashion-MNIST sample, saves it, loads it and classifies an image. */
public class TrainAndPredict {
    public static void main(String[] args) throws Exception {
        // The Fashion-MNIST sample of lenet5j-datasets (6,000 training and 1,000 test images of 10 classes,
        // 28x28 padded to 32x32); to take seconds, this trains on the first 3,000.
        MnistDataset train = FashionMnistSample.load(Split.TRAIN).subset(0, 3000);
        MnistDataset test = FashionMnistSample.load(Split.TEST);

        // LeNet-5 for 10 classes of grayscale images, with ReLU (it learns faster than the default sigmoid);
        // the seed fixes the initial weights.
        LeNet5Config config = LeNet5Config.of(10, true).withActivation(Activation.RELU);
        LeNet5 model = new LeNet5(config, 42);

        // One epoch of Adam (learning rate 0.001) in mini-batches of 32 images, shuffled with seed 42.
        Adam adam = new Adam(model.parameters(), AdamConfig.of(1e-3f));
        Trainer trainer = new Trainer(model, adam, TrainConfig.of(1, 32, 42));
        trainer.fit(train, null, TrainingListener.NONE);

        // Save the weights and the class names as safetensors, then load them into a new model.
        Path file = Files.createTempFile("lenet5j-", ".safetensors");
        ModelFile.save(model, train.classNames(), file);
        ModelFile.Loaded loaded = ModelFile.load(file);
        Files.delete(file);
        LeNet5 restored = loaded.model();

        // Accuracy of the loaded model on the 1,000 test images; chance is 10%, one epoch gives about 60%.
        Evaluation evaluation = Trainer.evaluate(restored, test, 100);
        System.out.printf("test accuracy: %.1f%% (%d of %d)%n",
                100 * evaluation.accuracy(), evaluation.correct(), evaluation.total());

        // Classify the first test image: a batch of one, NCHW [1, 1, 32, 32].
        Tensor image = new Tensor(1, 1, 32, 32);
        test.image(0, image.data(), 0);
        Tensor probabilities = restored.forward(image).probabilities();
        int predicted = 0;
        for (int c = 1; c < 10; c++) {
            if (probabilities.get(0, c) > probabilities.get(0, predicted)) {
                predicted = c;
            }
        }
        System.out.printf("test image 0: predicted %s (p = %.2f), labelled %s%n", loaded.className(predicted),
                probabilities.get(0, predicted), loaded.className(test.label(0)));

        if (evaluation.accuracy() < 0.5) {
            System.err.println("accuracy below 50%: something is wrong");
            System.exit(1);
        }
    }
}
