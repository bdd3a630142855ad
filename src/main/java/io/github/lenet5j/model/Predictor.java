package io.github.lenet5j.model;

import io.github.lenet5j.data.Preprocessing;
import io.github.lenet5j.nn.Layer;
import io.github.lenet5j.nn.Linear;
import io.github.lenet5j.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.stream.IntStream;

/**
 * Thread-safe inference for apps: any number of threads may call {@link #probabilities} at once.
 * Each call borrows a {@link LeNet5#replica() replica} (its own buffers) from a small pool.
 *
 * <p>The predictor works on a <b>snapshot</b> of the model's weights taken when it is made, so a model
 * that goes on training is never seen half-updated; make a new predictor to pick up new weights. The copy
 * itself is consistent only if no optimizer step runs during it: make predictors on the training thread
 * (between steps, e.g. in a training listener) or after training, and from other threads while training
 * runs use {@code Trainer.predictor()}, which waits for the step in progress.
 * Results do not depend on the thread or on how a batch is split: each image's forward pass is the same.
 *
 * <p>Pictures ({@link #probabilities(BufferedImage)}) are prepared by the predictor's {@link Preprocessing}, the one
 * the model was trained with when it comes from {@link ModelFile.Loaded#predictor()}: the same bytes, then the same
 * floats, as in training.
 */
public final class Predictor {
    // images per task: their maps stay in a core's cache; on the scalar kernels longer rows for the linear layers'
    // products paid more (docs/performance-rounds.md, rounds 10 and 19)
    private static final int CHUNK = 50;
    private static final int SCALAR_CHUNK = 250;

    private final LeNet5 snapshot;
    private final Preprocessing preprocessing;
    private final ArrayBlockingQueue<LeNet5> idle;
    private final int imagesPerTask;   // CHUNK, or SCALAR_CHUNK on the fast engine's scalar kernels

    /**
     * A predictor over a copy of {@code model}'s current weights, preparing pictures with MNIST's convention
     * ({@link Preprocessing#mnist}).
     *
     * @param model the model whose weights are copied; later changes to it are not seen
     */
    public Predictor(LeNet5 model) {
        this(model, Preprocessing.mnist(model.config().inChannels()));
    }

    /**
     * A predictor over a copy of {@code model}'s current weights, preparing pictures with {@code preprocessing}.
     *
     * @param model the model whose weights are copied; later changes to it are not seen
     * @param preprocessing how a picture becomes the model's input
     * @throws IllegalArgumentException if the preprocessing does not give the model's channels
     */
    public Predictor(LeNet5 model, Preprocessing preprocessing) {
        if (preprocessing.channels() != model.config().inChannels()) {
            throw new IllegalArgumentException("Predictor: the preprocessing gives " + preprocessing.channels()
                    + " channel(s) but the model takes " + model.config().inChannels());
        }
        this.preprocessing = preprocessing;
        snapshot = model.withEngine(model.engine());
        imagesPerTask = model.engine().kernels().startsWith("scalar") ? SCALAR_CHUNK : CHUNK;
        for (Layer layer : snapshot.layers()) {   // nothing writes the copy: no check for changes at every call
            if (layer instanceof Linear linear) {
                linear.snapshotWeight();
            }
        }
        idle = new ArrayBlockingQueue<>(Math.max(2, 2 * Runtime.getRuntime().availableProcessors()));
    }

    /** {@return the architecture} */
    public LeNet5Config config() {
        return snapshot.config();
    }

    /** {@return how pictures are prepared} */
    public Preprocessing preprocessing() {
        return preprocessing;
    }

    /**
     * The class probabilities of a picture, prepared by {@link #preprocessing()}.
     *
     * @param picture a picture of any size, e.g. from {@code ImagePreprocessor.read}
     * @return {@code numClasses} probabilities (a new array)
     */
    public float[] probabilities(BufferedImage picture) {
        return probabilities(preprocessing.input(picture));
    }

    /**
     * {@return the most probable class of a picture, prepared by {@link #preprocessing()}}
     *
     * @param picture a picture of any size
     */
    public int predict(BufferedImage picture) {
        return mostProbable(probabilities(picture));
    }

    /**
     * The class probabilities of one image.
     *
     * @param image {@code inChannels·32·32} floats in C,H,W order, preprocessed as the training data was
     * @return {@code numClasses} probabilities (a new array)
     * @throws IllegalArgumentException if the image has the wrong number of values
     */
    public float[] probabilities(float[] image) {
        int size = snapshot.config().inChannels() * LeNet5.INPUT_SIZE * LeNet5.INPUT_SIZE;
        if (image.length != size) {
            throw new IllegalArgumentException("Predictor: expected an image of " + size + " values ("
                    + snapshot.config().inChannels() + "x32x32) but got " + image.length);
        }
        return probabilities(new Tensor(image, 1, snapshot.config().inChannels(), LeNet5.INPUT_SIZE, LeNet5.INPUT_SIZE))
                .data();
    }

    /**
     * {@return the most probable class of one image}
     *
     * @param image {@code inChannels·32·32} floats, as for {@link #probabilities(float[])}
     * @throws IllegalArgumentException if the image has the wrong number of values
     */
    public int predict(float[] image) {
        return mostProbable(probabilities(image));
    }

    /** The index of the largest probability (the first, on ties). */
    static int mostProbable(float[] p) {
        int best = 0;
        for (int k = 1; k < p.length; k++) {
            if (p[k] > p[best]) {
                best = k;
            }
        }
        return best;
    }

    /**
     * The probabilities of a batch {@code [N, C, 32, 32]}, {@code [N, numClasses]} (a new tensor),
     * computed on all cores in chunks of at most 50 images (250 on the fast engine's scalar kernels, but one chunk a
     * core or more), all of one size but the last (1000 images: twenty of 50, or four of 250).
     *
     * @param images a batch {@code [N, C, 32, 32]}, preprocessed as the training data was
     * @return the probabilities {@code [N, numClasses]}, a new tensor
     */
    public Tensor probabilities(Tensor images) {
        int n = images.dim(0), k = snapshot.config().numClasses();
        Tensor out = new Tensor(n, k);
        if (n <= CHUNK) {
            run(images, out, 0, n);
            return out;
        }
        int imageSize = images.size() / n;
        int chunks = (n + imagesPerTask - 1) / imagesPerTask;   // and one a core at least, of CHUNK images or more
        chunks = Math.max(chunks, Math.min(Runtime.getRuntime().availableProcessors(), (n + CHUNK - 1) / CHUNK));
        int size = (n + chunks - 1) / chunks;   // equal: a replica keeps its buffers
        IntStream.range(0, chunks).parallel().forEach(c -> {
            int from = c * size, count = Math.min(size, n - from);
            float[] chunk = new float[count * imageSize];
            System.arraycopy(images.data(), from * imageSize, chunk, 0, chunk.length);
            int[] shape = images.shape();
            shape[0] = count;
            run(new Tensor(chunk, shape), out, from, count);
        });
        return out;
    }

    private void run(Tensor images, Tensor out, int from, int count) {
        LeNet5 model = idle.poll();
        if (model == null) {
            model = snapshot.replica();
        }
        try {
            Tensor p = model.forward(images).probabilities();
            System.arraycopy(p.data(), 0, out.data(), from * out.dim(1), count * out.dim(1));
        } finally {
            idle.offer(model);   // dropped when the pool is full
        }
    }
}
