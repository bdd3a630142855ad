import io.github.lenet5j.model.LeNet5;
import io.github.lenet5j.model.LeNet5Config;
import io.github.lenet5j.nn.Parameter;
import io.github.lenet5j.optim.Adam;
import io.github.lenet5j.optim.AdamConfig;
import io.github.lenet5j.optim.Optimizer;
import io.github.lenet5j.optim.SGD;
import io.github.lenet5j.optim.SgdConfig;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Microseconds an optimizer step takes on one thread, on the default LeNet-5's 61,706 parameters with a fixed random
 * gradient (seed 1): SGD with momentum 0.9 (bench's) or Adam (the command line's), with the weight decay given (none
 * if not). Three warm-up rounds, then ROUNDS timed rounds of 2,000 steps each; prints each round's mean. Run it on
 * the classes of two builds to compare them (docs/performance-rounds.md, round 24: the subnormal flush that made both
 * optimizers' loops scalar, and the one that does not). The update alone, its data in the caches: in training it
 * takes longer (the same round).
 *
 * <pre>java -cp library/target/classes tools/OptimizerStep.java sgd 5
 * java -cp library/target/classes tools/OptimizerStep.java adam 5 0.01</pre>
 */
public final class OptimizerStep {
    private OptimizerStep() {
    }

    public static void main(String[] args) {
        if (args.length < 2 || args.length > 3 || !List.of("sgd", "adam").contains(args[0])) {
            System.err.println("usage: OptimizerStep sgd|adam ROUNDS [WEIGHT_DECAY]");
            System.exit(2);
        }
        int rounds = Integer.parseInt(args[1]), steps = 2_000;
        float weightDecay = args.length == 3 ? Float.parseFloat(args[2]) : 0f;
        LeNet5 model = new LeNet5(LeNet5Config.of(10, true), 1);
        List<Parameter> parameters = model.parameters();
        Random random = new Random(1);
        for (Parameter p : parameters) {
            float[] g = p.grad().data();
            for (int i = 0; i < g.length; i++) {
                g[i] = (random.nextFloat() - 0.5f) * 1e-3f;
            }
        }
        Optimizer optimizer = args[0].equals("sgd")
                ? new SGD(parameters, SgdConfig.of(0.01f).withMomentum(0.9f).withWeightDecay(weightDecay))
                : new Adam(parameters, AdamConfig.of(0.001f).withWeightDecay(weightDecay));
        double[] micros = new double[rounds];
        for (int r = -3; r < rounds; r++) {
            long start = System.nanoTime();
            for (int s = 0; s < steps; s++) {
                optimizer.step();
            }
            if (r >= 0) {
                micros[r] = (System.nanoTime() - start) / 1e3 / steps;
            }
        }
        int count = parameters.stream().mapToInt(p -> p.value().data().length).sum();
        System.out.printf(Locale.ROOT, "%s, weight decay %s, %,d parameters, one thread: %s µs a step%n", args[0],
                weightDecay, count,
                Arrays.toString(Arrays.stream(micros).map(m -> Math.round(m * 10) / 10.0).toArray()));
    }
}
