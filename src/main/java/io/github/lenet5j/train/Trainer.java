package io.github.lenet5j.train;

import io.github.lenet5j.data.Augmentation;
import io.github.lenet5j.data.Batch;
import io.github.lenet5j.data.DataLoader;
import io.github.lenet5j.data.Dataset;
import io.github.lenet5j.loss.ClassificationLoss;
import io.github.lenet5j.model.Classifier;
import io.github.lenet5j.model.LeNet5;
import io.github.lenet5j.model.Predictor;
import io.github.lenet5j.parallel.WorkerPool;
import io.github.lenet5j.nn.Parameter;
import io.github.lenet5j.optim.Optimizer;
import io.github.lenet5j.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * Trains a {@link Classifier} with mini-batch gradient descent: for each epoch a seeded shuffle; for each
 * batch forward, loss, backward, optimizer step; after each epoch an evaluation on the validation set.
 *
 * <p>Validation and early stopping: {@link #fit} evaluates the validation set it is given after every epoch
 * (hold one out of the training set with {@link io.github.lenet5j.data.DatasetSplit#stratified}). With
 * {@link #earlyStopping} it stops when the validation loss has not improved for {@code patience} epochs, and
 * the model ends with the best epoch's weights or the last's. The test set is no part of this: evaluate it
 * once, after {@code fit} ({@link #evaluate}); {@link #testEachEpoch} evaluates it after every epoch for
 * learning curves, and nothing reads those figures to decide anything.
 *
 * <p>With {@code threads > 1} each batch is split into contiguous shards, one per thread, each with its
 * own {@link Classifier#replica() replica}; the shards' gradients are summed in shard order, so the same
 * seed and thread count give bit-identical weights whatever the threads' timing. The threads then share the
 * optimizer's update ({@link Optimizer#stepPart}: each updates a share of every parameter, the same values as
 * one thread's {@link Optimizer#step()}).
 * Close the trainer to stop its threads (they are daemons, so forgetting it does not keep the JVM alive).
 */
public final class Trainer implements AutoCloseable {
    /** Images per forward pass when the trainer evaluates the test set after an epoch (each thread holds a pass). */
    private static final int EVALUATION_BATCH = 250;

    private final Classifier model;
    private final Optimizer optimizer;
    private final TrainConfig config;
    private final float baseLearningRate;
    private final Shard[] shards;
    private int activeShards;            // the shards the last step used: min(threads, batch size)
    private final WorkerPool pool;
    private final IntConsumer shardTask = this::runShard;   // made once: a method reference per step would allocate
    private final IntConsumer stepTask = this::stepPart;
    private final List<Parameter> parameters;
    private final ClassificationLoss evaluationLoss;
    private final Object weightsLock = new Object();   // held while the optimizer writes the weights
    private CheckpointPolicy checkpoint;
    private DivergencePolicy onDivergence = DivergencePolicy.STOP;
    private long skippedBatches;
    private TrainingPosition position = TrainingPosition.START;
    private EarlyStopping stopping = EarlyStopping.NEVER;
    private BestEpoch best = BestEpoch.NONE;
    private List<float[]> bestValues;     // the best epoch's parameters (a copy), under Keep.BEST
    private Dataset testForCurves;

    /**
     * Trains a classifier on the loss it names ({@link Classifier#newLoss()}): cross-entropy for a
     * {@link io.github.lenet5j.model.LeNet5}, the paper's RBF loss for a {@link io.github.lenet5j.model.ClassicLeNet5}.
     *
     * @param model the model to train
     * @param optimizer an optimizer over {@code model.parameters()}; its current rate is the schedule's base rate
     * @param config how to train
     */
    public Trainer(Classifier model, Optimizer optimizer, TrainConfig config) {
        this(model, model::newLoss, optimizer, config);
    }

    /**
     * Trains any classifier on the losses {@code lossFactory} makes (one per thread).
     * The optimizer must update {@code model.parameters()}; its current rate is the schedule's base rate.
     *
     * @param model the model to train
     * @param lossFactory makes a new loss each call: one per thread and one for evaluation
     * @param optimizer an optimizer over {@code model.parameters()}
     * @param config how to train
     */
    public Trainer(Classifier model, Supplier<? extends ClassificationLoss> lossFactory, Optimizer optimizer,
                   TrainConfig config) {
        this.model = model;
        this.optimizer = optimizer;
        this.config = config;
        this.baseLearningRate = optimizer.learningRate();
        this.parameters = model.parameters();
        this.evaluationLoss = lossFactory.get();
        this.shards = new Shard[config.threads()];
        for (int t = 0; t < shards.length; t++) {
            shards[t] = new Shard(t == 0 ? model : model.replica(), lossFactory.get());
        }
        this.pool = new WorkerPool(config.threads(), "lenet5j-worker");
    }

    /**
     * Writes checkpoints as {@code policy} says during {@link #fit}.
     *
     * @param policy when and where to write, or null for no checkpoints
     * @return this trainer
     */
    public Trainer checkpointing(CheckpointPolicy policy) {
        this.checkpoint = policy;
        return this;
    }

    /**
     * What to do with a batch whose loss or gradient is NaN or infinite; {@link DivergencePolicy#STOP} unless set.
     *
     * @param policy the policy, not null
     * @return this trainer
     */
    public Trainer onDivergence(DivergencePolicy policy) {
        this.onDivergence = Objects.requireNonNull(policy, "policy");
        return this;
    }

    /**
     * Stops early on the validation loss and chooses the weights the model ends with; {@link EarlyStopping#NEVER}
     * unless set. It needs a validation set in {@link #fit}.
     *
     * @param policy the policy, not null
     * @return this trainer
     */
    public Trainer earlyStopping(EarlyStopping policy) {
        this.stopping = Objects.requireNonNull(policy, "policy");
        return this;
    }

    /**
     * Also evaluates {@code test} after every epoch, into {@link EpochResult#test()}, for learning curves only:
     * neither early stopping nor the best epoch reads it (choosing by the test set would make its figures
     * optimistic). Null: no test evaluation per epoch (the default).
     *
     * @param test the test set, or null
     * @return this trainer
     */
    public Trainer testEachEpoch(Dataset test) {
        this.testForCurves = test;
        return this;
    }

    /** {@return the early-stopping state: the best epoch so far by validation loss} */
    public BestEpoch best() {
        return best;
    }

    /** {@return true when early stopping has ended training before the configured epochs} */
    public boolean stoppedEarly() {
        return stopping.stops(best) && position.epoch() < config.epochs();
    }

    /** {@return the batches whose optimizer step was skipped under {@link DivergencePolicy#SKIP_BATCH}, since this trainer was made} */
    public long skippedBatches() {
        return skippedBatches;
    }

    /**
     * A predictor over a consistent snapshot of the weights, safe to call from any thread while another
     * thread runs {@link #fit}: it waits for an optimizer step in progress, so it sees the weights after a
     * whole step, never some tensors before it and some after. ({@code new Predictor(model)} is consistent
     * only between steps: on the training thread, e.g. in a {@link TrainingListener}, or after {@code fit}.)
     *
     * @return a new predictor over the weights after the last whole step
     * @throws UnsupportedOperationException if the model is not a {@link LeNet5} (a Predictor gives softmax
     *     probabilities, which the 1998 network's distances are not)
     */
    public Predictor predictor() {
        if (!(model instanceof LeNet5 lenet)) {
            throw new UnsupportedOperationException("a Predictor gives a LeNet5's probabilities; this trainer trains a "
                    + model.getClass().getSimpleName());
        }
        synchronized (weightsLock) {
            return new Predictor(lenet);
        }
    }

    /** {@return where training stands: what {@link #fit} continues from} */
    public TrainingPosition position() {
        return position;
    }

    /**
     * Continues a run from a checkpoint: restores the weights, the optimizer state and the early-stopping state
     * (the best epoch and its weights) and moves to the checkpoint's position. The early-stopping policy is this
     * trainer's: give it the checkpoint's ({@link Checkpoint#earlyStopping()}) to continue exactly.
     *
     * @param saved a checkpoint of a run with this trainer's seed and batch size
     * @throws IOException if the checkpoint's architecture, parameters or optimizer state do not fit this
     *                     trainer's model and optimizer
     * @throws IllegalArgumentException if the checkpoint's seed or batch size differ from this trainer's
     *                                  (the data order would not be the same)
     */
    public void resume(Checkpoint saved) throws IOException {
        if (saved.seed() != config.seed() || saved.batchSize() != config.batchSize()) {
            throw new IllegalArgumentException("the checkpoint was made with seed " + saved.seed() + " and batch size "
                    + saved.batchSize() + ", but this run has seed " + config.seed() + " and batch size " + config.batchSize());
        }
        List<float[]> savedBest = saved.bestValues(model);
        synchronized (weightsLock) {
            saved.restore(model, optimizer);
        }
        position = saved.position();
        best = saved.best();
        bestValues = savedBest;
    }

    /**
     * Trains from the current position to the end of the configured epochs, or until early stopping ends it.
     * When it ends, under {@link EarlyStopping.Keep#BEST} the model holds the best epoch's weights.
     *
     * @param train the training set
     * @param validation the set evaluated after every epoch, which early stopping and the best epoch read; or null
     * @param listener receives progress events, not null ({@link TrainingListener#NONE} for none)
     * @return one result per epoch completed by this call
     * @throws IllegalArgumentException if a set's channels or labels do not fit the model (before any step), or
     *                                  early stopping has no validation set
     * @throws DivergenceException if a batch's loss or gradient becomes NaN or infinite and the policy is
     *                             {@link DivergencePolicy#STOP} (the weights and the last checkpoint stay intact)
     */
    public List<EpochResult> fit(Dataset train, Dataset validation, TrainingListener listener) {
        checkCompatible(model, train, "training");
        if (validation != null) {
            checkCompatible(model, validation, "validation");
        } else if (stopping.patience() > 0) {
            throw new IllegalArgumentException("early stopping (patience " + stopping.patience()
                    + ") needs a validation set");
        }
        if (testForCurves != null) {
            checkCompatible(model, testForCurves, "test");
        }
        DataLoader loader = new DataLoader(train, config.batchSize(), true, config.seed(), config.augmentation());
        List<EpochResult> results = new ArrayList<>();
        while (position.epoch() < config.epochs() && !stopping.stops(best)) {
            int epoch = position.epoch();
            float lr = config.schedule().learningRate(baseLearningRate, epoch);
            optimizer.setLearningRate(lr);
            long start = System.nanoTime();
            double lossSum = position.lossSum();
            int correct = position.correct(), seen = position.seen();
            for (int b = position.batch(); b < loader.batchesPerEpoch(); b++) {
                Batch batch = loader.batch(epoch, b);
                long skippedBefore = skippedBatches;
                float batchLoss = step(batch.images(), batch.labels());
                if (skippedBatches == skippedBefore) {   // a skipped batch does not count in the epoch's loss and accuracy
                    lossSum += (double) batchLoss * batch.count();
                    correct += lastCorrect();
                    seen += batch.count();
                }
                position = new TrainingPosition(epoch, b + 1, lossSum, correct, seen);
                listener.onBatch(epoch + 1, b + 1, loader.batchesPerEpoch(), batchLoss, seen, (System.nanoTime() - start) / 1e9);
                if (checkpoint != null && checkpoint.everyBatches() > 0 && (b + 1) % checkpoint.everyBatches() == 0
                        && b + 1 < loader.batchesPerEpoch()) {
                    writeCheckpoint();
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Evaluation validated = validation == null ? null : evaluateOnAllThreads(validation);
            Evaluation tested = testForCurves == null ? null : evaluateOnAllThreads(testForCurves);
            if (validated != null) {
                best = best.after(epoch + 1, validated.loss());
                if (best.is(epoch + 1) && stopping.keep() == EarlyStopping.Keep.BEST) {
                    bestValues = copyOfWeights();
                }
            }
            position = new TrainingPosition(epoch + 1, 0, 0, 0, 0);
            if (checkpoint != null) {
                writeCheckpoint();
            }
            EpochResult result = new EpochResult(epoch + 1, lossSum / seen, (double) correct / seen, validated, tested,
                    lr, seconds, validated == null ? null : best);
            results.add(result);
            listener.onEpoch(result);
        }
        if (stopping.keep() == EarlyStopping.Keep.BEST && bestValues != null) {
            synchronized (weightsLock) {
                for (int p = 0; p < parameters.size(); p++) {
                    float[] values = bestValues.get(p);
                    System.arraycopy(values, 0, parameters.get(p).value().data(), 0, values.length);
                }
            }
        }
        return results;
    }

    private List<float[]> copyOfWeights() {
        List<float[]> copy = new ArrayList<>(parameters.size());
        for (Parameter p : parameters) {
            copy.add(p.value().data().clone());
        }
        return copy;
    }

    private void writeCheckpoint() {
        try {
            Checkpoint.save(checkpoint.file(), model, optimizer, position, config, stopping, best, bestValues,
                    checkpoint.metadata());
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the checkpoint " + checkpoint.file()
                    + " (the previous one is unchanged): " + e.getMessage(), e);
        }
    }

    /**
     * One step of gradient descent on one batch: forward, loss, zero the gradients, backward (per shard,
     * summed in shard order), optimizer step. Returns the batch's mean loss before the step.
     *
     * <p>If the loss or the summed gradient holds a NaN or an infinity the optimizer does not step: under
     * {@link DivergencePolicy#STOP} this throws {@link DivergenceException} (epoch and batch are those of
     * {@link #position()} + 1), under {@link DivergencePolicy#SKIP_BATCH} it counts the batch and returns.
     *
     * @param images the batch, {@code [N, inChannels, 32, 32]}
     * @param labels the class of each image, N values
     * @return the batch's mean loss before the step
     */
    public float step(Tensor images, int[] labels) {
        int count = labels.length;
        activeShards = Math.max(1, Math.min(shards.length, count));   // a batch smaller than the team: one image each
        for (int t = 0; t < activeShards; t++) {
            shards[t].assign(images, labels, count * t / activeShards, count * (t + 1) / activeShards, count,
                    activeShards == 1);
        }
        pool.run(shardTask, activeShards);                  // one shard: the caller alone
        for (int t = 1; t < activeShards; t++) {            // fixed order: the result does not depend on timing
            List<Parameter> from = shards[t].parameters;
            for (int p = 0; p < parameters.size(); p++) {
                float[] sum = parameters.get(p).grad().data(), add = from.get(p).grad().data();
                for (int i = 0; i < sum.length; i++) {
                    sum[i] += add[i];
                }
            }
        }
        double sum = 0;
        for (int t = 0; t < activeShards; t++) {
            sum += (double) shards[t].loss * shards[t].count;
        }
        float loss = (float) (sum / count);
        String problem = Float.isFinite(loss) ? nonFiniteGradient() : "the loss is " + loss;
        if (problem == null) {
            synchronized (weightsLock) {   // each thread updates its share of every parameter: step()'s values
                pool.run(stepTask, activeShards);
                optimizer.endStep();
            }
        } else if (onDivergence == DivergencePolicy.SKIP_BATCH) {
            skippedBatches++;
        } else {
            throw new DivergenceException(position.epoch() + 1, position.batch() + 1, optimizer.learningRate(), problem);
        }
        return loss;
    }

    /** Names the first NaN or infinite value of the summed gradient, or returns null: one pass, before the step. */
    private String nonFiniteGradient() {
        for (Parameter p : parameters) {
            float[] g = p.grad().data();
            for (int i = 0; i < g.length; i++) {
                if (!Float.isFinite(g[i])) {
                    return "the gradient of " + p.name() + " is " + g[i] + " at index " + i;
                }
            }
        }
        return null;
    }

    private void runShard(int t) {
        shards[t].run();
    }

    private void stepPart(int t) {
        optimizer.stepPart(t, activeShards);   // the shards' threads share the update
    }

    private int lastCorrect() {
        int correct = 0;
        for (int t = 0; t < activeShards; t++) {
            correct += shards[t].correct;
        }
        return correct;
    }

    /**
     * {@return loss, accuracy and confusion matrix of a model on {@code data}, with the loss it trains on
     * ({@link Classifier#newLoss()}), in batches of {@code batchSize}}
     *
     * @param model the model
     * @param data the labelled set
     * @param batchSize images per forward pass
     */
    public static Evaluation evaluate(Classifier model, Dataset data, int batchSize) {
        return evaluate(model, model.newLoss(), data, batchSize);
    }

    /**
     * {@return loss, accuracy and confusion matrix of any classifier with its loss}
     *
     * @param model the model
     * @param loss the loss to average, e.g. the one the model trains on
     * @param data the labelled set
     * @param batchSize images per forward pass
     */
    public static Evaluation evaluate(Classifier model, ClassificationLoss loss, Dataset data, int batchSize) {
        checkCompatible(model, data, "evaluation");
        int k = model.numClasses();
        int[][] confusion = new int[k][k];
        DataLoader loader = new DataLoader(data, batchSize, false, 0, Augmentation.NONE);
        double lossSum = 0;
        for (int b = 0; b < loader.batchesPerEpoch(); b++) {
            lossSum += evaluateBatch(model, loss, loader.batch(0, b), confusion);
        }
        return new Evaluation(data.size() == 0 ? 0 : lossSum / data.size(), diagonal(confusion), data.size(), confusion);
    }

    /** One batch of an evaluation: adds its predictions to {@code confusion} and returns its loss summed over its images. */
    private static double evaluateBatch(Classifier model, ClassificationLoss loss, Batch batch, int[][] confusion) {
        Tensor scores = model.scores(batch.images());
        double lossSum = (double) loss.forward(scores, batch.labels()) * batch.count();
        for (int i = 0; i < batch.count(); i++) {
            confusion[batch.labels()[i]][model.predictedClass(scores, i)]++;
        }
        return lossSum;
    }

    /** The correct predictions of a confusion matrix: its diagonal's sum. */
    private static int diagonal(int[][] confusion) {
        int correct = 0;
        for (int c = 0; c < confusion.length; c++) {
            correct += confusion[c][c];
        }
        return correct;
    }

    /**
     * {@link #evaluate(Classifier, ClassificationLoss, Dataset, int)} in batches of {@value #EVALUATION_BATCH},
     * spread over the trainer's threads: batch b runs on thread b mod T with that thread's replica, and the
     * batches' loss sums are added in batch order, so the figures are the single-threaded ones to the bit.
     */
    private Evaluation evaluateOnAllThreads(Dataset data) {
        if (shards.length == 1 || data.size() == 0) {
            return evaluate(model, evaluationLoss, data, EVALUATION_BATCH);
        }
        int k = model.numClasses(), batches = (data.size() + EVALUATION_BATCH - 1) / EVALUATION_BATCH;
        double[] batchLoss = new double[batches];
        int[][][] confusion = new int[shards.length][k][k];
        pool.run(t -> {
            Shard shard = shards[t];
            DataLoader loader = new DataLoader(data, EVALUATION_BATCH, false, 0, Augmentation.NONE);
            for (int b = t; b < batches; b += shards.length) {
                batchLoss[b] = evaluateBatch(shard.model, shard.lossFunction, loader.batch(0, b), confusion[t]);
            }
        });
        double lossSum = 0;
        for (double loss : batchLoss) {
            lossSum += loss;
        }
        int[][] total = new int[k][k];
        for (int[][] part : confusion) {
            for (int actual = 0; actual < k; actual++) {
                for (int predicted = 0; predicted < k; predicted++) {
                    total[actual][predicted] += part[actual][predicted];
                }
            }
        }
        return new Evaluation(lossSum / data.size(), diagonal(total), data.size(), total);
    }

    /** Rejects a dataset whose images or labels do not fit the model, before any training. */
    static void checkCompatible(Classifier model, Dataset data, String what) {
        if (data.channels() != model.inChannels()) {
            throw new IllegalArgumentException("the " + what + " images have " + data.channels()
                    + " channel(s) but the model expects " + model.inChannels());
        }
        for (int i = 0; i < data.size(); i++) {
            int label = data.label(i);
            if (label < 0 || label >= model.numClasses()) {
                throw new IllegalArgumentException("label " + label + " of " + what + " example " + i
                        + " is not a class of the model (0.." + (model.numClasses() - 1) + ")");
            }
        }
    }

    @Override
    public void close() {
        pool.close();
    }

    /** One thread's share of a batch: its replica, loss, and a copy of its slice of the batch. */
    private static final class Shard {
        final Classifier model;
        final ClassificationLoss lossFunction;
        final List<Parameter> parameters;
        Tensor images;       // (count, C, 32, 32)
        int[] labels;        // (count)
        int count;
        float scale;         // count / batch: turns this shard's mean loss gradient into its share of the batch mean
        float loss;
        int correct;

        Shard(Classifier model, ClassificationLoss lossFunction) {
            this.model = model;
            this.lossFunction = lossFunction;
            this.parameters = model.parameters();
        }

        /** Takes examples [from, to) of the batch; with one shard, the batch itself (no copy). */
        void assign(Tensor batchImages, int[] batchLabels, int from, int to, int batch, boolean whole) {
            count = to - from;
            scale = (float) count / batch;
            if (whole) {
                images = batchImages;
                labels = batchLabels;
                return;
            }
            int imageSize = batchImages.size() / batch;
            if (count > 0 && (images == null || images.dim(0) != count || images.size() != count * imageSize)) {
                int[] shape = batchImages.shape();
                shape[0] = count;
                images = new Tensor(shape);
                labels = new int[count];
            }
            if (count > 0) {
                System.arraycopy(batchImages.data(), from * imageSize, images.data(), 0, count * imageSize);
                System.arraycopy(batchLabels, from, labels, 0, count);
            }
        }

        void run() {
            model.zeroGrad();
            if (count == 0) {
                loss = 0;
                correct = 0;
                return;
            }
            Tensor scores = model.scores(images);
            loss = lossFunction.forward(scores, labels);
            correct = 0;
            for (int i = 0; i < count; i++) {
                if (model.predictedClass(scores, i) == labels[i]) {
                    correct++;
                }
            }
            Tensor grad = lossFunction.backward();
            if (scale != 1f) {
                float[] g = grad.data();
                for (int i = 0; i < g.length; i++) {
                    g[i] *= scale;
                }
            }
            model.backwardParameters(grad);   // no input gradient: conv1's is a large product nobody reads
        }
    }
}
