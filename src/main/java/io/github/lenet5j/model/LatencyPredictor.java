package io.github.lenet5j.model;

import io.github.lenet5j.nn.AvgPool2d;
import io.github.lenet5j.nn.Conv2d;
import io.github.lenet5j.nn.ConvMaxPool;
import io.github.lenet5j.nn.Engine;
import io.github.lenet5j.nn.Flatten;
import io.github.lenet5j.nn.Layer;
import io.github.lenet5j.nn.Linear;
import io.github.lenet5j.nn.MaxPool2d;
import io.github.lenet5j.nn.Parameter;
import io.github.lenet5j.nn.ReLU;
import io.github.lenet5j.nn.Sequential;
import io.github.lenet5j.nn.Sigmoid;
import io.github.lenet5j.nn.Softmax;
import io.github.lenet5j.nn.Subsampling;
import io.github.lenet5j.nn.Tanh;
import io.github.lenet5j.parallel.WorkerPool;
import io.github.lenet5j.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;

/**
 * One image at a time on several cores, for the lowest latency: the threads split every large layer by its
 * outputs and meet after each stage. A stage is a convolution or linear layer and the layers after it that
 * work map by map (activation, pooling); it is split when its product is large
 * ({@link #SPLIT_MULTIPLY_ADDS}), and the stages after the first small one run on the calling thread. For
 * LeNet-5 with T threads:
 * <pre>
 * stage 1   conv1 → act → s2    thread t computes maps [6·t/T, 6·(t+1)/T) of S2
 * stage 2   conv2 → act → s4    maps [16·t/T, 16·(t+1)/T) of S4, from all six maps of S2
 * stage 3   fc1 → act           features [120·t/T, 120·(t+1)/T), from all 400 values of S4
 * then      fc2 → act → fc3 → softmax on the calling thread
 * </pre>
 * (in the order {@link LeNet5#forward} runs the layers: on the fast engine with max pooling, s2 and s4 before their
 * activations, each convolution and its pooling one {@code ConvMaxPool}).
 * Each output is computed by the same arithmetic as in {@link LeNet5#forward}, on the model's engine, so the
 * probabilities are bit-identical to the model's. A {@link Predictor} is the choice for many requests at once
 * (one image per thread, no waiting between stages); this class is for one caller that wants each answer
 * soonest.
 *
 * <p>Like {@link Predictor} it works on a snapshot of the weights taken when it is made, under the same rule:
 * make it when no optimizer step is running (between steps on the training thread, or after training).
 * Calls are serialised (one image at a time). The {@code threads − 1} helpers are a {@code WorkerPool}: they
 * spin between calls for about a millisecond, using their cores, and then sleep until the next call (which
 * then waits for them to wake); {@link #close()} stops them.
 */
public final class LatencyPredictor implements AutoCloseable {
    /** The most threads: LeNet-5's smallest split stage, conv1, has six maps to share out. */
    public static final int MAX_THREADS = 6;
    /**
     * The multiply-adds from which a stage is worth splitting: below them one core finishes it in a few
     * microseconds, less than the threads spend meeting (LeNet-5: conv1, conv2 and fc1 are split, fc2's
     * 10,080 and fc3's 840 are not).
     */
    public static final long SPLIT_MULTIPLY_ADDS = 20_000;

    private final LeNet5Config config;
    private final int threads;
    private final Tensor image;                // [1, C, 32, 32]
    private final Slice[][] slices;            // [thread][stage]
    private final int stageCount;
    private final Sequential tail;             // the layers after the split stages, on the calling thread
    private final Tensor tailInput;            // the last split stage's output, shaped for the tail
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
        LeNet5 snapshot = model.withEngine(model.engine());
        List<Layer> layers = snapshot.runLayers();   // forward's order, for the same bits
        image = new Tensor(1, config.inChannels(), LeNet5.INPUT_SIZE, LeNet5.INPUT_SIZE);
        List<List<Slice>> byThread = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            byThread.add(new ArrayList<>());
        }
        Tensor current = image;                 // the next stage's input
        int first = 0;
        while (first < layers.size()) {
            if (layers.get(first) instanceof Flatten flatten) {   // a view: the next stage reads the same values
                current = current.reshape(flatten.outputShape(current.shape()));
                first++;
                continue;
            }
            if (!splits(layers.get(first), current.shape())) {
                break;
            }
            int end = first + 1;                // the stage: layers [first, end)
            while (end < layers.size() && worksMapByMap(layers.get(end))) {
                end++;
            }
            List<Layer> stage = layers.subList(first, end);
            int[] shape = current.shape();
            for (Layer layer : stage) {
                shape = layer.outputShape(shape);
            }
            Tensor output = new Tensor(shape);
            int outputs = output.dim(1), perOutput = output.size() / outputs;
            if (outputs < threads) {
                throw new IllegalArgumentException("LatencyPredictor: " + stage.get(0).name() + " has " + outputs
                        + " outputs to share between " + threads + " threads");
            }
            for (int t = 0; t < threads; t++) {
                int lo = outputs * t / threads, count = outputs * (t + 1) / threads - lo;
                List<Layer> parts = new ArrayList<>();
                for (Layer layer : stage) {
                    parts.add(slice(layer, lo, count, model.engine()));
                }
                byThread.get(t).add(new Slice(new Sequential(stage.get(0).name() + "-slice", parts), current, output,
                        lo * perOutput));
            }
            current = output;
            first = end;
        }
        List<Layer> rest = layers.subList(first, layers.size());
        for (Layer layer : rest) {   // nothing writes the snapshot: no check for changes at every call
            if (layer instanceof Linear linear) {
                linear.snapshotWeight();
            }
        }
        tail = new Sequential("tail", rest);
        tailInput = current;
        stageCount = byThread.get(0).size();
        slices = new Slice[threads][];
        for (int t = 0; t < threads; t++) {
            slices[t] = byThread.get(t).toArray(new Slice[0]);
        }
        pool = new WorkerPool(threads, "lenet5j-latency");
    }

    /** A convolution of {@code conv}'s geometry with {@code count} output maps (its parameters still zero). */
    private static Conv2d convWithOutputs(Conv2d conv, int count, Engine engine) {
        return new Conv2d(conv.name(), conv.inChannels(), count, conv.kernel(), conv.stride(), conv.padding(), engine);
    }

    /** Whether {@code layer} starts a stage worth splitting: a convolution or linear layer with a large product. */
    private static boolean splits(Layer layer, int[] inputShape) {
        return (layer instanceof Conv2d || layer instanceof ConvMaxPool || layer instanceof Linear)
                && layer.multiplyAdds(inputShape) >= SPLIT_MULTIPLY_ADDS;
    }

    /** Whether {@code layer} can follow a split layer in its stage: it computes each output map from that map alone. */
    private static boolean worksMapByMap(Layer layer) {
        return layer instanceof Sigmoid || layer instanceof Tanh || layer instanceof ReLU
                || layer instanceof MaxPool2d || layer instanceof AvgPool2d || layer instanceof Subsampling;
    }

    /**
     * The part of {@code layer} that computes output maps (or features) [lo, lo + count): a layer of that many
     * outputs holding rows [lo, lo + count) of each parameter; a layer without parameters works on any maps.
     */
    private static Layer slice(Layer layer, int lo, int count, Engine engine) {
        Layer part;
        if (layer instanceof Conv2d conv) {
            part = convWithOutputs(conv, count, engine);
        } else if (layer instanceof ConvMaxPool both) {   // the convolution's maps [lo, lo + count), then their pooling
            part = new ConvMaxPool(convWithOutputs(both.conv(), count, engine), both.pool().replica());
        } else if (layer instanceof Linear linear) {
            part = new Linear(linear.name(), linear.inFeatures(), count, engine);
        } else if (layer instanceof Subsampling) {
            part = new Subsampling(layer.name(), count, engine);
        } else {
            return layer.replica();   // no parameters: it works on any number of maps
        }
        List<Parameter> from = layer.parameters(), to = part.parameters();
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
        return softmax.forward(tail.forward(tailInput)).data().clone();
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
     * that stage. The count of stage ends only grows: call c's stage s ends when it reaches ((c − 1)·S + s + 1)·T
     * for S stages.
     */
    private void runStages(int t) {
        for (int s = 0; s < stageCount; s++) {
            try {
                if (failure == null) {
                    slices[t][s].run();
                }
            } catch (Throwable e) {   // recorded for the caller; the barrier must still be reached
                failure = e;
            }
            long target = ((call - 1) * stageCount + s + 1) * threads;
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
