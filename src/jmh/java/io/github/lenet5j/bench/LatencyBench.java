package io.github.lenet5j.bench;

import io.github.lenet5j.model.LatencyPredictor;
import io.github.lenet5j.model.LeNet5;
import io.github.lenet5j.model.LeNet5Config;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Latency of one image through a {@link LatencyPredictor} (default LeNet-5) on 1 and 2 threads; with 1 it is
 * the plain forward pass plus the copy of the image and of the probabilities. Images/second = 1 / time.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class LatencyBench {
    @Param({"1", "2"})
    int threads;

    LatencyPredictor predictor;
    float[] image;

    @Setup(Level.Trial)
    public void setup() {
        predictor = new LatencyPredictor(new LeNet5(LeNet5Config.of(10, true), 1), threads);
        image = ModelBench.uniform(new Random(2), 0, 1, 1, 1, 32, 32).data();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        predictor.close();
    }

    @Benchmark
    public float[] predictOneImage() {
        return predictor.probabilities(image);
    }
}
