package io.github.lenet5j.train;

import io.github.lenet5j.data.Augmentation;
import io.github.lenet5j.data.Batch;
import io.github.lenet5j.data.DataLoader;
import io.github.lenet5j.data.Dataset;
import io.github.lenet5j.loss.CrossEntropyLoss;
import io.github.lenet5j.model.LeNet5;
import io.github.lenet5j.model.LeNet5Output;
import io.github.lenet5j.optim.Optimizer;
import io.github.lenet5j.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Trains a {@link LeNet5} with mini-batch gradient descent on cross-entropy:
 * for each epoch, a seeded shuffle; for each batch, forward, loss, backward, optimizer step;
 * after each epoch, an evaluation on the test set. The same seed gives bit-identical weights.
 */
public final class Trainer {
    private final LeNet5 model;
    private final Optimizer optimizer;
    private final TrainConfig config;
    private final float baseLearningRate;
    private final CrossEntropyLoss loss = new CrossEntropyLoss();
    private int completedEpochs;
    private Tensor lastLogits;   // the logits of the last step's forward, for the training accuracy

    /**
     * A trainer for {@code model}; the optimizer must update the model's parameters.
     *
     * @param model the model to train
     * @param optimizer the optimizer over the model's parameters
     * @param config the epochs, batch size, seed and schedule
     */
    public Trainer(LeNet5 model, Optimizer optimizer, TrainConfig config) {
        this.model = model;
        this.optimizer = optimizer;
        this.config = config;
        this.baseLearningRate = optimizer.learningRate();
    }

    /** {@return the number of epochs trained so far (where the next {@link #fit} continues)} */
    public int completedEpochs() {
        return completedEpochs;
    }

    /**
     * Continues from a checkpoint: the next {@link #fit} starts after {@code epochs} epochs.
     *
     * @param epochs the epochs already trained
     * @throws IllegalArgumentException if {@code epochs} is negative or beyond the configured epochs
     */
    public void resumeAfter(int epochs) {
        if (epochs < 0 || epochs > config.epochs()) {
            throw new IllegalArgumentException("cannot resume after epoch " + epochs + " of " + config.epochs());
        }
        completedEpochs = epochs;
    }

    /**
     * Trains from the current epoch to the configured number of epochs.
     *
     * @param train the training set
     * @param test the test set evaluated after every epoch, or null
     * @param listener told of every batch and epoch, e.g. {@link TrainingListener#NONE}
     * @return one result per epoch trained
     * @throws IllegalArgumentException if a set's channels differ from the model's or a label is not below its class count,
     *                                  checked before the first step
     */
    public List<EpochResult> fit(Dataset train, Dataset test, TrainingListener listener) {
        checkCompatible(model, train, "training");
        if (test != null) {
            checkCompatible(model, test, "test");
        }
        DataLoader loader = new DataLoader(train, config.batchSize(), true, config.seed(), config.augmentation());
        List<EpochResult> results = new ArrayList<>();
        while (completedEpochs < config.epochs()) {
            int epoch = completedEpochs;   // from 0 for the schedule and the shuffle
            float lr = config.schedule().learningRate(baseLearningRate, epoch);
            optimizer.setLearningRate(lr);
            long start = System.nanoTime();
            double lossSum = 0;
            int correct = 0, seen = 0;
            for (int b = 0; b < loader.batchesPerEpoch(); b++) {
                Batch batch = loader.batch(epoch, b);
                float batchLoss = step(batch.images(), batch.labels());
                lossSum += (double) batchLoss * batch.count();
                correct += countCorrect(lastLogits, batch.labels());
                seen += batch.count();
                listener.onBatch(epoch + 1, b + 1, loader.batchesPerEpoch(), batchLoss, seen,
                        (System.nanoTime() - start) / 1e9);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            completedEpochs++;
            Evaluation evaluation = test == null ? null : evaluate(model, test, 1000);
            EpochResult result = new EpochResult(completedEpochs, lossSum / seen, (double) correct / seen,
                    evaluation, lr, seconds);
            results.add(result);
            listener.onEpoch(result);
        }
        return results;
    }

    /**
     * One step of gradient descent on one batch: forward, cross-entropy, zero the gradients, backward,
     * optimizer step. Returns the batch's mean loss before the step.
     *
     * @param images the batch, {@code [N, C, 32, 32]}
     * @param labels the class of each image
     * @return the batch's mean loss before the step
     */
    public float step(Tensor images, int[] labels) {
        LeNet5Output out = model.forward(images);
        lastLogits = out.logits();
        float batchLoss = loss.forward(out.logits(), labels);
        model.zeroGrad();
        model.backward(loss.backward());
        optimizer.step();
        return batchLoss;
    }

    /**
     * Loss, accuracy and confusion matrix of {@code model} on {@code data}, in batches of {@code batchSize}.
     *
     * @param model the model
     * @param data the labelled images
     * @param batchSize images per forward pass
     * @return the evaluation
     */
    public static Evaluation evaluate(LeNet5 model, Dataset data, int batchSize) {
        checkCompatible(model, data, "evaluation");
        int k = model.config().numClasses();
        int[][] confusion = new int[k][k];
        CrossEntropyLoss loss = new CrossEntropyLoss();
        DataLoader loader = new DataLoader(data, batchSize, false, 0, Augmentation.NONE);
        double lossSum = 0;
        int correct = 0;
        for (int b = 0; b < loader.batchesPerEpoch(); b++) {
            Batch batch = loader.batch(0, b);
            Tensor logits = model.forward(batch.images()).logits();
            lossSum += (double) loss.forward(logits, batch.labels()) * batch.count();
            for (int i = 0; i < batch.count(); i++) {
                int predicted = argmax(logits.data(), i * k, k);
                confusion[batch.labels()[i]][predicted]++;
                if (predicted == batch.labels()[i]) {
                    correct++;
                }
            }
        }
        return new Evaluation(data.size() == 0 ? 0 : lossSum / data.size(), correct, data.size(), confusion);
    }

    static int argmax(float[] values, int offset, int length) {
        int best = 0;
        for (int j = 1; j < length; j++) {
            if (values[offset + j] > values[offset + best]) {
                best = j;
            }
        }
        return best;
    }

    private static int countCorrect(Tensor logits, int[] labels) {
        int k = logits.dim(1), correct = 0;
        for (int i = 0; i < labels.length; i++) {
            if (argmax(logits.data(), i * k, k) == labels[i]) {
                correct++;
            }
        }
        return correct;
    }

    /** Rejects a dataset whose images or labels do not fit the model, before any training. */
    static void checkCompatible(LeNet5 model, Dataset data, String what) {
        int channels = model.config().inChannels(), classes = model.config().numClasses();
        if (data.channels() != channels) {
            throw new IllegalArgumentException("the " + what + " images have " + data.channels()
                    + " channel(s) but the model expects " + channels);
        }
        for (int i = 0; i < data.size(); i++) {
            int label = data.label(i);
            if (label < 0 || label >= classes) {
                throw new IllegalArgumentException("label " + label + " of " + what + " example " + i
                        + " is not a class of the model (0.." + (classes - 1) + ")");
            }
        }
    }
}
