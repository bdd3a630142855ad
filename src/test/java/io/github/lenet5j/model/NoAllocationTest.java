package io.github.lenet5j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.sun.management.HotSpotDiagnosticMXBean;
import io.github.lenet5j.nn.Engine;
import io.github.lenet5j.nn.GradientCheck;
import io.github.lenet5j.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Once its buffers exist for a batch size, the model allocates nothing, on either engine: a training step's
 * forward and backward, and an inference, add 0 bytes to what the current thread has allocated (the reference
 * engine at smaller batches: its loops are slower, and the buffers are the same). Not a property of the
 * JIT's escape analysis: the test runs a few steps, mostly interpreted, so any {@code new} on the path shows.
 * Five warm-up runs: the first allocates the buffers; at batch 1000 the JIT's first on-stack replacements
 * can still allocate a few hundred bytes once (seen with two warm-ups), none of it the model's. On the Vector
 * API kernels ({@link Engine#kernels()}) the steady state is C2's: interpreted, every vector operation is an object.
 */
class NoAllocationTest {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @ParameterizedTest(name = "{0} engine, batch {1}, {2}, {3} pooling")
    @CsvSource({"fast, 64, sigmoid, max", "fast, 64, relu, avg", "fast, 64, tanh, subsampling",
        "reference, 8, sigmoid, max", "reference, 8, relu, avg", "reference, 8, tanh, subsampling"})
    void aTrainingStepAllocatesNothing(String engine, int batch, String activation, String pooling) {
        LeNet5 model = new LeNet5(new LeNet5Config(1, 10, Activation.parse(activation), Pooling.parse(pooling)), 1,
                Engine.parse(engine));
        Tensor images = GradientCheck.random(1, 0, 1, batch, 1, 32, 32);
        Tensor gradLogits = GradientCheck.random(2, -1, 1, batch, 10);
        assertAllocatesNothing(() -> {
            model.zeroGrad();
            model.forward(images);
            model.backward(gradLogits);
            model.zeroGrad();
            model.backwardParameters(gradLogits);   // the trainer's backward
        });
    }

    @ParameterizedTest(name = "{0} engine, batch {1}")
    @CsvSource({"fast, 1", "fast, 1000", "reference, 1", "reference, 50"})
    void inferenceAllocatesNothing(String engine, int batch) {
        LeNet5 model = new LeNet5(LeNet5Config.of(10, true), 1, Engine.parse(engine));
        Tensor images = GradientCheck.random(3, 0, 1, batch, 1, 32, 32);
        assertAllocatesNothing(() -> model.forward(images));
    }

    @ParameterizedTest(name = "{0} engine")
    @CsvSource({"fast", "reference"})
    void aStepOfThe1998NetworkAllocatesNothing(String engine) {
        ClassicLeNet5 model = new ClassicLeNet5(1, 10, 1, Engine.parse(engine));
        Tensor images = GradientCheck.random(1, -0.1f, 1.175f, 8, 1, 32, 32);
        Tensor gradDistances = GradientCheck.random(2, -1, 1, 8, 10);
        assertAllocatesNothing(() -> {
            model.zeroGrad();
            model.forward(images);
            model.backward(gradDistances);
        });
    }

    @Test
    void aLatencyPredictorCallAllocatesOnlyTheArrayItReturnsAndItsHelpersNothing() {
        LeNet5 model = new LeNet5(LeNet5Config.of(10, true), 1);
        float[] image = GradientCheck.random(4, 0, 1, 1, 1, 32, 32).data();
        try (LatencyPredictor predictor = new LatencyPredictor(model, 3)) {
            predictor.probabilities(image);   // the helpers are running from here on
            long[] helpers = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith("lenet5j-latency-")).mapToLong(Thread::getId).toArray();
            assertThat(helpers).hasSizeGreaterThanOrEqualTo(2);
            long[] helperBytes = new long[1];
            long result = 16 + 4 * 10;   // the float[10] returned (header and values), per call
            long callerBytes = allocatedBytes(() -> {
                long before = allocatedBy(helpers);
                predictor.probabilities(image);
                helperBytes[0] = allocatedBy(helpers) - before;
            }, result);
            assertThat(callerBytes).isLessThanOrEqualTo(3 * result);
            assertThat(helperBytes[0]).isZero();   // the last call's
        }
    }

    /** What the threads have allocated, read one by one: the array form would allocate on this thread. */
    private static long allocatedBy(long[] threads) {
        long bytes = 0;
        for (long id : threads) {
            bytes += THREADS.getThreadAllocatedBytes(id);
        }
        return bytes;
    }

    /**
     * Fails unless {@code step} allocates nothing in a steady state ({@link #allocatedBytes(Runnable)}); the failure
     * says where it allocates and on what machine and vector width: the Vector API's steady state is C2's, and it
     * can differ between processors.
     */
    private static void assertAllocatesNothing(Runnable step) {
        long bytes = allocatedBytes(step);
        if (bytes != 0) {
            fail("%d bytes allocated in three runs of a steady state, most by (JFR's samples at new TLABs): %s; on %s",
                    bytes, whereItAllocates(step), machine());
        }
    }

    /** The five places that allocate most in three runs of {@code step}, as JFR samples them, with their share. */
    private static String whereItAllocates(Runnable step) {
        Map<String, Long> bytesBySite = new HashMap<>();
        try (Recording recording = new Recording()) {
            recording.enable("jdk.ObjectAllocationInNewTLAB").withStackTrace();
            recording.enable("jdk.ObjectAllocationOutsideTLAB").withStackTrace();
            recording.start();
            for (int i = 0; i < 3; i++) {
                step.run();
            }
            recording.stop();
            Path file = Files.createTempFile("no-allocation", ".jfr");
            try {
                recording.dump(file);
                for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
                    long size = event.hasField("tlabSize") ? event.getLong("tlabSize")
                            : event.getLong("allocationSize");
                    bytesBySite.merge(event.getClass("objectClass").getName() + " at " + site(event), size, Long::sum);
                }
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException | RuntimeException e) {   // a JVM without JFR: the failure still says how much
            return "(no recording: " + e + ")";
        }
        long total = bytesBySite.values().stream().mapToLong(Long::longValue).sum();
        return bytesBySite.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(5)
                .map(e -> e.getKey() + " " + Math.round(100.0 * e.getValue() / Math.max(1, total)) + "%")
                .collect(Collectors.joining(", "));
    }

    /** The first frame of the project's code on the event's stack, else its top frame. */
    private static String site(RecordedEvent event) {
        List<RecordedFrame> frames = event.getStackTrace() == null ? List.of() : event.getStackTrace().getFrames();
        RecordedFrame frame = frames.stream().filter(f -> f.getMethod().getType().getName().startsWith("io.github"))
                .findFirst().orElse(frames.isEmpty() ? null : frames.get(0));
        return frame == null ? "?" : frame.getMethod().getType().getName() + "." + frame.getMethod().getName() + ":"
                + frame.getLineNumber();
    }

    /** The processor, the kernels and the JVM's vector settings, for a failure's message. */
    private static String machine() {
        String cpu = "?";
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            cpu = lines.filter(l -> l.startsWith("model name")).findFirst().map(l -> l.replaceFirst(".*:\\s*", ""))
                    .orElse(cpu);
        } catch (IOException | UncheckedIOException e) {
            // not Linux: the architecture below still says something
        }
        var vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        StringBuilder flags = new StringBuilder();
        for (String flag : List.of("UseAVX", "UseSVE", "MaxVectorSize")) {
            try {
                String value = vm.getVMOption(flag).getValue();
                flags.append(value.isEmpty() ? "" : " " + flag + "=" + value);
            } catch (IllegalArgumentException e) {
                // a flag of another processor's architecture
            }
        }
        return cpu + " (" + System.getProperty("os.arch") + "), Java " + Runtime.version() + ", kernels "
                + Engine.FAST.kernels() + "," + flags;
    }

    /**
     * Bytes the current thread allocates in 3 runs of {@code step} after 20 warm-up runs, less the meter's own:
     * the least of three such windows. A steady-state allocation shows in every window; a one-off does not
     * (C2 re-creating objects it had scalar-replaced when it deoptimises a method, or a late compilation).
     */
    private static long allocatedBytes(Runnable step) {
        return allocatedBytes(step, 0);
    }

    /** {@link #allocatedBytes(Runnable)} for a step that allocates {@code expected} bytes by design (a result). */
    private static long allocatedBytes(Runnable step, long expected) {
        long thread = Thread.currentThread().getId();
        for (int i = 0; i < 20; i++) {
            step.run();
        }
        // The Vector API kernels allocate a vector object per operation until C2 has compiled them (it then
        // keeps the vectors in registers): on that path the steady state starts later (one image at a time, after
        // some 2,000 forwards: a kernel called once a forward reaches C2 last). Up to 20,000 more runs or 30 s,
        // until ten in a row allocate nothing (a single quiet run can come before the last compilation); a real
        // allocation never stops, and the windows below still see it.
        long deadline = System.nanoTime() + 30_000_000_000L;
        for (int i = 0, quiet = 0; Engine.FAST.kernels().equals("vector") && i < 20_000 && quiet < 10
                && System.nanoTime() < deadline; i++) {
            long before = THREADS.getThreadAllocatedBytes(thread);
            step.run();
            quiet = THREADS.getThreadAllocatedBytes(thread) - before <= expected ? quiet + 1 : 0;
        }
        long least = Long.MAX_VALUE;
        for (int window = 0; window < 3; window++) {
            long empty = -THREADS.getThreadAllocatedBytes(thread) + THREADS.getThreadAllocatedBytes(thread);
            long before = THREADS.getThreadAllocatedBytes(thread);
            for (int i = 0; i < 3; i++) {
                step.run();
            }
            least = Math.min(least, THREADS.getThreadAllocatedBytes(thread) - before - empty);
        }
        return least;
    }
}
