import io.github.lenet5j.model.Classifier;
import io.github.lenet5j.model.ClassicLeNet5;
import io.github.lenet5j.model.LeNet5;
import io.github.lenet5j.model.LeNet5Config;
import io.github.lenet5j.model.Predictor;
import io.github.lenet5j.optim.SGD;
import io.github.lenet5j.optim.SgdConfig;
import io.github.lenet5j.tensor.Tensor;
import io.github.lenet5j.train.TrainConfig;
import io.github.lenet5j.train.Trainer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Images/second of one workload of {@code bench} in windows of one second, for paired before/after measurements of
 * the kernels (docs/performance-rounds.md, round 9): run it on the classes of two builds, alternating, several times.
 * {@code train}: {@code Trainer.step} at batch 64 (SGD with momentum, as bench); {@code infer}: batch 1000, on one
 * thread {@code LeNet5.forward}, on more a {@code Predictor}. Three warm-up windows, then WINDOWS timed ones; prints
 * their median, the best and all, then each thread's processor time: two threads that got less than the run's
 * length each shared a core with another program, and the run says nothing about the kernels.
 *
 * <pre>java -Dlenet5j.kernels=scalar -cp library/target/classes tools/StepWindows.java train 5 1
 * java --add-modules jdk.incubator.vector -cp library/target/classes tools/StepWindows.java infer 5 2</pre>
 *
 * <p>The default LeNet-5 (grayscale, sigmoid, max pooling, 10 classes) or the 1998 network, random inputs, the fast
 * engine.
 */
public final class StepWindows {
    private StepWindows() {
    }

    public static void main(String[] args) {
        if (args.length != 3 || !List.of("train", "classic", "infer").contains(args[0])) {
            System.err.println("usage: StepWindows train|classic|infer WINDOWS THREADS");
            System.exit(2);
        }
        boolean train = !args[0].equals("infer");
        int windows = Integer.parseInt(args[1]), threads = Integer.parseInt(args[2]), batch = train ? 64 : 1000;
        LeNet5 model = new LeNet5(LeNet5Config.of(10, true), 1);
        Classifier trained = args[0].equals("classic") ? new ClassicLeNet5(10, 1) : model;
        Random random = new Random(2);
        Tensor x = new Tensor(batch, 1, LeNet5.INPUT_SIZE, LeNet5.INPUT_SIZE);
        for (int i = 0; i < x.data().length; i++) {
            x.data()[i] = random.nextFloat();
        }
        int[] y = random.ints(batch, 0, 10).toArray();
        Trainer trainer = train ? new Trainer(trained, new SGD(trained.parameters(), SgdConfig.of(0.01f).withMomentum(0.9f)),
                TrainConfig.of(1, batch, 0).withThreads(threads)) : null;
        Predictor predictor = !train && threads > 1 ? new Predictor(model) : null;
        double[] rates = new double[windows];
        for (int w = -3; w < windows; w++) {
            long start = System.nanoTime(), images = 0;
            while (System.nanoTime() - start < 1_000_000_000L) {
                if (trainer != null) {
                    trainer.step(x, y);
                } else if (predictor != null) {
                    predictor.probabilities(x);
                } else {
                    model.forward(x);
                }
                images += batch;
            }
            if (w >= 0) {
                rates[w] = images * 1e9 / (System.nanoTime() - start);
            }
        }
        double[] sorted = rates.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "%s batch %d, %d thread(s): median %.0f best %.0f images/s, windows %s%n",
                args[0], batch, threads, sorted[windows / 2], sorted[windows - 1],
                Arrays.toString(Arrays.stream(rates).mapToLong(Math::round).toArray()));
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (long id : mx.getAllThreadIds()) {
            long cpu = mx.getThreadCpuTime(id);
            ThreadInfo info = mx.getThreadInfo(id);
            if (cpu > 100_000_000L && info != null) {
                System.out.printf(Locale.ROOT, "  thread %s: %.1f s of processor time in %d s%n", info.getThreadName(),
                        cpu / 1e9, windows + 3);
            }
        }
        if (trainer != null) {
            trainer.close();
        }
        System.exit(0);
    }
}
