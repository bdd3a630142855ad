package io.github.lenet5j.bench;

import io.github.lenet5j.model.LeNet5;
import io.github.lenet5j.model.LeNet5Config;
import io.github.lenet5j.model.LeNet5Output;
import io.github.lenet5j.nn.Engine;
import io.github.lenet5j.nn.Parameter;
import io.github.lenet5j.tensor.Tensor;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The whole default LeNet-5 (sigmoid, max pooling, grayscale, 10 classes) on one thread: a training step
 * at batch 64 and inference at batch 1 and 1000. Images/second = batch / (time per operation).
 *
 * <p>The training step is forward, backward from a fixed random logits gradient (no loss: the loss
 * package is written elsewhere and costs ~nothing at [64, 10]), zeroGrad and a plain SGD update
 * written inline.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ModelBench {
    /** A model with inputs and a logits gradient for one batch size. */
    @State(Scope.Thread)
    public static class Batch {
        LeNet5 model;
        List<Parameter> parameters;
        Tensor images64;
        Tensor gradLogits64;
        Tensor images1;
        Tensor images1000;
        /** The engine: {@code -p engine=reference} measures the reference loops. */
        @Param({"fast"})
        public String engine;

        @Setup(Level.Trial)
        public void setup() {
            model = new LeNet5(LeNet5Config.of(10, true), 1, Engine.parse(engine));
            parameters = model.parameters();
            Random random = new Random(2);
            images64 = uniform(random, 0, 1, 64, 1, 32, 32);
            gradLogits64 = uniform(random, -1f / 64, 1f / 64, 64, 10);
            images1 = uniform(random, 0, 1, 1, 1, 32, 32);
            images1000 = uniform(random, 0, 1, 1000, 1, 32, 32);
        }
    }

    static Tensor uniform(Random random, float lo, float hi, int... shape) {
        Tensor t = new Tensor(shape);
        float[] v = t.data();
        for (int i = 0; i < v.length; i++) {
            v[i] = lo + (hi - lo) * random.nextFloat();
        }
        return t;
    }

    @Benchmark
    public void trainStepBatch64(Batch b) {
        b.model.zeroGrad();
        b.model.forward(b.images64);
        b.model.backward(b.gradLogits64);
        for (Parameter p : b.parameters) {   // plain SGD, lr 0.01
            float[] w = p.value().data(), g = p.grad().data();
            for (int i = 0; i < w.length; i++) {
                w[i] -= 0.01f * g[i];
            }
        }
    }

    @Benchmark
    public LeNet5Output inferBatch1(Batch b) {
        return b.model.forward(b.images1);
    }

    @Benchmark
    public LeNet5Output inferBatch1000(Batch b) {
        return b.model.forward(b.images1000);
    }
}
