package io.github.lenet5j.model;

import io.github.lenet5j.nn.Conv2d;
import io.github.lenet5j.nn.Layer;
import io.github.lenet5j.nn.Linear;
import io.github.lenet5j.nn.Parameter;
import io.github.lenet5j.nn.Sequential;
import io.github.lenet5j.nn.Softmax;
import io.github.lenet5j.tensor.Tensor;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;

/**
 * One image at a time on several cores, for the lowest latency: the threads split every large layer by its
 * outputs and meet after each stage.
 * <pre>
 * stage 1   conv1 → act → s2    thread t computes maps [6·t/T, 6·(t+1)/T) of S2
 * stage 2   conv2 → act → s4    maps [16·t/T, 16·(t+1)/T) of S4, from all six maps of S2
 * stage 3   fc1 → act           features [120·t/T, 120·(t+1)/T), from all 400 values of S4
 * then      fc2 → act → fc3 → softmax on the calling thread
 * </pre>
 * Each output is computed by the same arithmetic as in {@link LeNet5#forward}, so the probabilities are
 * bit-identical to the model's. A {@link Predictor} is the choice for many requests at once (one image per
 * thread, no waiting between stages); this class is for one caller that wants each answer soonest.
 *
 * <p>Like {@link Predictor} it works on a snapshot of the weights taken when it is made, under the same rule:
 * make it when no optimizer step is running (between steps on the training thread, or after training).
 * Calls are serialised (one image at a time). The {@code threads − 1} helpers are a {@link WorkerPool}: they
 * spin between calls for about a millisecond, using their cores, and then sleep until the next call (which
 * then waits for them to wake); {@link #close()} stops them.
 */
public final class LatencyPredictor implements AutoCloseable {
    /** The most threads: conv1 has six maps to share out. */
    public static final int MAX_THREADS = 6;
    private static final int STAGES = 3;

    private final LeNet5Config config;
    private final int threads;
    private final Tensor image;                // [1, C, 32, 32]
    private final Slice[][] slices;            // [thread][stage]
    private final Sequential tail;             // fc2, act4, fc3
    private final Softmax softmax = new Softmax("softmax");
    private final WorkerPool pool;
    private final AtomicLong arrived = new AtomicLong();   // stage ends reached by all threads in all calls
    private final IntConsumer stages = this::runStages;   // made once: a capturing lambda per call would allocate
    private long call;                         // calls so far; written before pool.run, which publishes it
    private boolean closed;
    private volatile Throwable failure;        // the first error of a stage in this call

    /** One thread's part of a stage: its layers, where they read, and where their outputs go. */
    private record Slice(Sequential layers, Tensor input, Tensor output, int offset) {
        void run() {
            float[] result = layers.forward(input).data();
            System.arraycopy(result, 0, output.data(), offset, result.length);
        }
    }

    /**
     * A predictor over a copy of {@code model}'s current weights, on {@code threads} threads: the calling
     * thread and {@code threads − 1} helpers.
     *
     * @param model the model whose weights are copied; later changes to it are not seen
     * @param threads 1 to {@link #MAX_THREADS}, and no more than the cores free for it: the threads wait for
     *     each other by spinning, so a thread without a core of its own slows every stage down
     * @throws IllegalArgumentException if {@code threads} is out of range
     */
    public LatencyPredictor(LeNet5 model, int threads) {
        if (threads < 1 || threads > MAX_THREADS) {
            throw new IllegalArgumentException("LatencyPredictor: threads must be 1 to " + MAX_THREADS
                    + " (conv1 has 6 maps to share), got " + threads);
        }
        this.config = model.config();
        this.threads = threads;
        image = new Tensor(1, config.inChannels(), LeNet5.INPUT_SIZE, LeNet5.INPUT_SIZE);
        Tensor maps1 = new Tensor(1, 6, 14, 14), maps2 = new Tensor(1, 16, 5, 5), features = new Tensor(1, 120);
        List<Layer> layers = model.layers();   // conv1 act1 s2 conv2 act2 s4 flatten fc1 act3 fc2 act4 fc3
        slices = new Slice[threads][];
        for (int t = 0; t < threads; t++) {
            slices[t] = new Slice[] {
                convSlice(layers, 0, config.inChannels(), 6, t, image, maps1, 14 * 14),
                convSlice(layers, 3, 6, 16, t, maps1, maps2, 5 * 5),
                linearSlice(layers, t, maps2.reshape(1, 400), features)};
        }
        tail = new Sequential("tail", List.of(copy(layers.get(9), new Linear("fc2", 120, 84), 0),
                config.activation().create("act4"), copy(layers.get(11), new Linear("fc3", 84, config.numClasses()), 0)));
        pool = new WorkerPool(threads, "lenet5j-latency");
    }

    /** conv → act → pool for thread t's share of the maps, writing its maps into {@code output}. */
    private Slice convSlice(List<Layer> layers, int first, int inChannels, int maps, int t,
                            Tensor input, Tensor output, int mapSize) {
        int lo = maps * t / threads, count = maps * (t + 1) / threads - lo;
        String conv = layers.get(first).name(), pool = layers.get(first + 2).name();
        Sequential slice = new Sequential(conv + "-slice", List.of(
                copy(layers.get(first), new Conv2d(conv, inChannels, count, 5), lo),
                config.activation().create(layers.get(first + 1).name()),
                copy(layers.get(first + 2), config.pooling().create(pool, count), lo)));
        return new Slice(slice, input, output, lo * mapSize);
    }

    /** fc1 → act for thread t's share of the 120 features. */
    private Slice linearSlice(List<Layer> layers, int t, Tensor input, Tensor output) {
        int lo = 120 * t / threads, count = 120 * (t + 1) / threads - lo;
        Sequential slice = new Sequential("fc1-slice", List.of(
                copy(layers.get(7), new Linear("fc1", 400, count), lo), config.activation().create("act3")));
        return new Slice(slice, input, output, lo);
    }

    /**
     * Copies rows [lo, lo + rows) of each of {@code full}'s parameters (weight, bias, ...) into {@code part}'s;
     * a linear layer's weight is then a snapshot (no check for changes at every call).
     */
    private static Layer copy(Layer full, Layer part, int lo) {
        List<Parameter> from = full.parameters(), to = part.parameters();
        for (int i = 0; i < to.size(); i++) {
            float[] source = from.get(i).value().data(), target = to.get(i).value().data();
            int perRow = source.length / from.get(i).value().dim(0);
            System.arraycopy(source, lo * perRow, target, 0, target.length);
        }
        if (part instanceof Linear linear) {
            linear.snapshotWeight();
        }
        return part;
    }

    /** {@return the architecture} */
    public LeNet5Config config() {
        return config;
    }

    /** {@return the threads that share each image, the caller's included} */
    public int threads() {
        return threads;
    }

    /**
     * The class probabilities of one image, bit-identical to {@link LeNet5#forward}'s.
     *
     * @param values {@code inChannels·32·32} floats in C,H,W order, preprocessed as the training data was
     * @return {@code numClasses} probabilities (a new array)
     * @throws IllegalArgumentException if the image has the wrong number of values
     * @throws IllegalStateException if the predictor is closed
     */
    public synchronized float[] probabilities(float[] values) {
        if (values.length != image.size()) {
            throw new IllegalArgumentException("LatencyPredictor: expected an image of " + image.size() + " values ("
                    + config.inChannels() + "x32x32) but got " + values.length);
        }
        if (closed) {
            throw new IllegalStateException("LatencyPredictor: closed");
        }
        System.arraycopy(values, 0, image.data(), 0, values.length);
        failure = null;
        call++;
        pool.run(stages);
        if (failure != null) {
            throw new IllegalStateException("LatencyPredictor: a stage failed", failure);
        }
        return softmax.forward(tail.forward(slices[0][STAGES - 1].output())).data().clone();
    }

    /**
     * {@return the most probable class of one image}
     *
     * @param values {@code inChannels·32·32} floats, as for {@link #probabilities(float[])}
     * @throws IllegalArgumentException if the image has the wrong number of values
     * @throws IllegalStateException if the predictor is closed
     */
    public int predict(float[] values) {
        return Predictor.mostProbable(probabilities(values));
    }

    /**
     * Thread t's share of each stage of the current call; after each, waits until every thread has finished
     * that stage. The count of stage ends only grows: call c's stage s ends when it reaches ((c − 1)·3 + s + 1)·T.
     */
    private void runStages(int t) {
        for (int s = 0; s < STAGES; s++) {
            try {
                if (failure == null) {
                    slices[t][s].run();
                }
            } catch (Throwable e) {   // recorded for the caller; the barrier must still be reached
                failure = e;
            }
            long target = ((call - 1) * STAGES + s + 1) * threads;
            arrived.incrementAndGet();
            while (arrived.get() < target) {
                Thread.onSpinWait();
            }
        }
    }

    /** Stops the helper threads; later calls throw {@link IllegalStateException}. */
    @Override
    public synchronized void close() {
        closed = true;
        pool.close();
    }
}
