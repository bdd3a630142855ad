import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One image at a time ({@code LatencyPredictor}, as {@code bench}'s {@code infer_ips_b1}) on the classes of two
 * builds in one JVM, alternating windows of half a second, for paired before/after measurements of the kernels
 * (docs/performance.md, round 15). Each build's classes load in their own class loader, so both sides share the
 * JVM, the core and the moment; six warm-up windows, then WINDOWS timed ones each; prints both means and each
 * window.
 *
 * <pre>git worktree add /tmp/before HEAD~1 &amp;&amp; mvn -B -q -f /tmp/before/pom.xml -pl library compile
 * java --add-modules jdk.incubator.vector tools/OneImageAB.java /tmp/before/library/target/classes \
 *     library/target/classes 1 6</pre>
 *
 * <p>The default LeNet-5 (grayscale, sigmoid, max pooling, 10 classes), seed 1, a random image.
 */
public final class OneImageAB {
    private OneImageAB() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: OneImageAB BEFORE_CLASSES AFTER_CLASSES THREADS WINDOWS");
            System.exit(2);
        }
        int threads = Integer.parseInt(args[2]), windows = Integer.parseInt(args[3]);
        Object[] predictors = new Object[2];
        Method[] predict = new Method[2];
        for (int side = 0; side < 2; side++) {
            ClassLoader loader = new URLClassLoader(new URL[] {Path.of(args[side]).toUri().toURL()},
                    ClassLoader.getPlatformClassLoader());
            Class<?> config = loader.loadClass("io.github.lenet5j.model.LeNet5Config");
            Object defaults = config.getMethod("of", int.class, boolean.class).invoke(null, 10, true);
            Class<?> modelClass = loader.loadClass("io.github.lenet5j.model.LeNet5");
            Object model = modelClass.getConstructor(config, long.class).newInstance(defaults, 1L);
            Class<?> latency = loader.loadClass("io.github.lenet5j.model.LatencyPredictor");
            Constructor<?> make = latency.getConstructor(modelClass, int.class);
            predictors[side] = make.newInstance(model, threads);
            predict[side] = latency.getMethod("predict", float[].class);
        }
        float[] image = new float[32 * 32];   // [1, 32, 32]
        Random random = new Random(1);
        for (int i = 0; i < image.length; i++) {
            image[i] = random.nextFloat();
        }
        double[] sums = new double[2];
        List<List<Long>> each = List.of(new ArrayList<>(), new ArrayList<>());
        for (int w = -6; w < 2 * windows; w++) {
            int side = w & 1;
            long start = System.nanoTime(), n = 0;
            while (System.nanoTime() - start < 500_000_000L) {
                predict[side].invoke(predictors[side], (Object) image);
                n++;
            }
            long perSecond = n * 1_000_000_000L / (System.nanoTime() - start);
            if (w >= 0) {
                sums[side] += perSecond;
                each.get(side).add(perSecond);
            }
        }
        System.out.printf("before %.0f after %.0f images/s (%+.1f%%); windows before %s after %s%n",
                sums[0] / windows, sums[1] / windows, 100 * (sums[1] / sums[0] - 1), each.get(0), each.get(1));
    }
}
