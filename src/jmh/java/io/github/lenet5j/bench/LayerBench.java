package io.github.lenet5j.bench;

import io.github.lenet5j.model.ClassicLeNet5;
import io.github.lenet5j.model.LeNet5;
import io.github.lenet5j.model.LeNet5Config;
import io.github.lenet5j.nn.Engine;
import io.github.lenet5j.nn.Layer;
import io.github.lenet5j.tensor.Tensor;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Each layer of the default LeNet-5 (sigmoid, max pooling, grayscale) alone: one forward and one backward
 * at batch 64, on the input shape it sees inside the model. The activation layers all run on their
 * model shapes too (act1 on conv1's output, ...). {@code -p network=classic} takes the 1998 network's layers
 * instead, named as it names them ({@code -p layer=c1,s2,c3,s4,c5,f6,rbf}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LayerBench {
    @Param({"conv1", "act1", "s2", "conv2", "act2", "s4", "fc1", "act3", "fc2", "act4", "fc3"})
    public String layer;

    @Param({"64"})
    public int batch;

    /** The network whose layers are measured: {@code modern} (LeNet5) or {@code classic} (ClassicLeNet5). */
    @Param({"modern"})
    public String network;

    /** The engine: {@code -p engine=reference} measures the reference loops. */
    @Param({"fast"})
    public String engine;

    private Layer target;
    private Tensor input;
    private Tensor gradOutput;

    @Setup
    public void setup() {
        List<Layer> layers = network.equals("classic")
                ? new ClassicLeNet5(1, 10, 1, Engine.parse(engine)).layers()
                : new LeNet5(LeNet5Config.of(10, true), 1, Engine.parse(engine)).layers();
        int[] shape = {batch, 1, LeNet5.INPUT_SIZE, LeNet5.INPUT_SIZE};
        for (Layer l : layers) {
            if (l.name().equals(layer)) {
                target = l;
                break;
            }
            shape = l.outputShape(shape);
        }
        if (target == null) {
            throw new IllegalArgumentException("no layer '" + layer + "' in the " + network + " network");
        }
        input = random(new Random(2), shape);
        gradOutput = random(new Random(3), target.outputShape(shape));
    }

    static Tensor random(Random random, int... shape) {
        Tensor t = new Tensor(shape);
        float[] v = t.data();
        for (int i = 0; i < v.length; i++) {
            v[i] = 2 * random.nextFloat() - 1;
        }
        return t;
    }

    @Benchmark
    public Tensor forwardBackward() {
        target.forward(input);
        return target.backward(gradOutput);
    }
}
