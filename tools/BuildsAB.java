import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One of {@code bench}'s workloads on the classes of two builds in one JVM, alternating windows, for paired
 * before/after measurements of the kernels (docs/performance-rounds.md, round 15). Each build's classes load in
 * their own class loader, so both sides share the JVM, the cores and the moment. {@code b1}: one image at a time, a
 * {@code LatencyPredictor} of THREADS threads (bench's {@code infer_ips_b1}), windows of 0.5 s; {@code b1000}: batches of
 * 1000 images, on one thread {@code LeNet5.forward}, on more a {@code Predictor} (bench's {@code infer_ips_b1000},
 * as {@code StepWindows infer}), windows of 0.5 s; {@code train}: a
 * {@code Trainer} step at batch 64 on THREADS threads, SGD with momentum (bench's training), windows of 0.6 s;
 * {@code classic}: the same on the 1998 network ({@code bench --preset classic}).
 * Ten warm-up windows, then WINDOWS timed ones each; prints both means, the change, and each window. The side that
 * runs first tends to lose its first timed window or two to the JIT: run both orders.
 *
 * <pre>git worktree add /tmp/before HEAD~1 &amp;&amp; mvn -B -q -f /tmp/before/pom.xml -pl library compile
 * java --add-modules jdk.incubator.vector tools/BuildsAB.java b1 /tmp/before/library/target/classes \
 *     library/target/classes 1 8
 * java --add-modules jdk.incubator.vector tools/BuildsAB.java train library/target/classes \
 *     /tmp/before/library/target/classes 1 8</pre>
 *
 * <p>The default LeNet-5 (grayscale, sigmoid, max pooling, 10 classes) or the 1998 network, seed 1, random inputs.
 */
public final class BuildsAB {
    private BuildsAB() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 5 || !List.of("b1", "b1000", "train", "classic").contains(args[0])) {
            System.err.println("usage: BuildsAB b1|b1000|train|classic BEFORE_CLASSES AFTER_CLASSES THREADS WINDOWS");
            System.exit(2);
        }
        boolean train = !args[0].startsWith("b1");
        int threads = Integer.parseInt(args[3]), windows = Integer.parseInt(args[4]);
        int perCall = train ? 64 : args[0].equals("b1000") ? 1000 : 1;
        long window = train ? 600_000_000L : 500_000_000L;
        Random random = new Random(1);
        float[] images = new float[perCall * 32 * 32];   // [perCall, 1, 32, 32]
        for (int i = 0; i < images.length; i++) {
            images[i] = random.nextFloat();
        }
        int[] labels = random.ints(perCall, 0, 10).toArray();
        Object[] targets = new Object[2];
        Object[][] callArgs = new Object[2][];
        Method[] call = new Method[2];
        for (int side = 0; side < 2; side++) {
            ClassLoader loader = new URLClassLoader(new URL[] {Path.of(args[1 + side]).toUri().toURL()},
                    ClassLoader.getPlatformClassLoader());
            Class<?> config = loader.loadClass("io.github.lenet5j.model.LeNet5Config");
            Object defaults = config.getMethod("of", int.class, boolean.class).invoke(null, 10, true);
            Class<?> modelClass = loader.loadClass("io.github.lenet5j.model.LeNet5");
            Object model = args[0].equals("classic")
                    ? loader.loadClass("io.github.lenet5j.model.ClassicLeNet5")
                            .getConstructor(int.class, long.class).newInstance(10, 1L)
                    : modelClass.getConstructor(config, long.class).newInstance(defaults, 1L);
            Class<?> tensor = loader.loadClass("io.github.lenet5j.tensor.Tensor");
            if (perCall == 1000) {
                Object batch = tensor.getConstructor(float[].class, int[].class)
                        .newInstance(images.clone(), new int[] {1000, 1, 32, 32});
                targets[side] = threads == 1 ? model : loader.loadClass("io.github.lenet5j.model.Predictor")
                        .getConstructor(modelClass).newInstance(model);
                call[side] = targets[side].getClass().getMethod(threads == 1 ? "forward" : "probabilities", tensor);
                callArgs[side] = new Object[] {batch};
                continue;
            }
            if (!train) {
                Class<?> latency = loader.loadClass("io.github.lenet5j.model.LatencyPredictor");
                targets[side] = latency.getConstructor(modelClass, int.class).newInstance(model, threads);
                call[side] = latency.getMethod("predict", float[].class);
                callArgs[side] = new Object[] {images};
                continue;
            }
            Class<?> sgdConfig = loader.loadClass("io.github.lenet5j.optim.SgdConfig");
            Object sgd = sgdConfig.getMethod("of", float.class).invoke(null, 0.01f);
            sgd = sgdConfig.getMethod("withMomentum", float.class).invoke(sgd, 0.9f);
            Object parameters = model.getClass().getMethod("parameters").invoke(model);
            Object optimizer = loader.loadClass("io.github.lenet5j.optim.SGD")
                    .getConstructor(List.class, sgdConfig).newInstance(parameters, sgd);
            Class<?> trainConfig = loader.loadClass("io.github.lenet5j.train.TrainConfig");
            Object settings = trainConfig.getMethod("of", int.class, int.class, long.class).invoke(null, 1, 64, 0L);
            settings = trainConfig.getMethod("withThreads", int.class).invoke(settings, threads);
            Class<?> trainer = loader.loadClass("io.github.lenet5j.train.Trainer");
            Constructor<?> make = null;
            for (Constructor<?> c : trainer.getConstructors()) {
                if (c.getParameterCount() == 3) {
                    make = c;
                }
            }
            targets[side] = make.newInstance(model, optimizer, settings);
            Object batch = tensor.getConstructor(float[].class, int[].class)
                    .newInstance(images.clone(), new int[] {64, 1, 32, 32});
            call[side] = trainer.getMethod("step", tensor, int[].class);
            callArgs[side] = new Object[] {batch, labels};
        }
        double[] sums = new double[2];
        List<List<Long>> each = List.of(new ArrayList<>(), new ArrayList<>());
        for (int w = -10; w < 2 * windows; w++) {
            int side = w & 1;
            long start = System.nanoTime(), n = 0;
            while (System.nanoTime() - start < window) {
                call[side].invoke(targets[side], callArgs[side]);
                n++;
            }
            long perSecond = n * perCall * 1_000_000_000L / (System.nanoTime() - start);
            if (w >= 0) {
                sums[side] += perSecond;
                each.get(side).add(perSecond);
            }
        }
        System.out.printf("%s, %d thread(s): before %.0f after %.0f images/s (%+.1f%%); windows before %s after %s%n",
                args[0], threads, sums[0] / windows, sums[1] / windows, 100 * (sums[1] / sums[0] - 1), each.get(0),
                each.get(1));
        System.exit(0);   // the trainer's and the predictor's worker threads
    }
}
