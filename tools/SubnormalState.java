import io.github.lenet5j.data.MnistDataset;
import io.github.lenet5j.data.Split;
import io.github.lenet5j.model.ClassicLeNet5;
import io.github.lenet5j.model.Classifier;
import io.github.lenet5j.model.LeNet5;
import io.github.lenet5j.model.LeNet5Config;
import io.github.lenet5j.optim.Adam;
import io.github.lenet5j.optim.AdamConfig;
import io.github.lenet5j.optim.Optimizer;
import io.github.lenet5j.optim.SGD;
import io.github.lenet5j.optim.SgdConfig;
import io.github.lenet5j.tensor.Tensor;
import io.github.lenet5j.train.TrainConfig;
import io.github.lenet5j.train.Trainer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * How many values of the optimizer's state are subnormal (non-zero and below {@code Float.MIN_NORMAL}) while a
 * network trains on Fashion-MNIST with bench's optimizer (SGD, lr 0.01, momentum 0.9) or with the command line's
 * default (Adam, lr 0.001): batches of 64 drawn at random (seed 1), two threads, a count per state buffer every 500
 * steps. The optimizers store such values as 0 (docs/math.md, SGD), so this prints no buffer; on a build from before
 * that (6657f4e) it shows the 1998 network's C5 buffers stuck there.
 *
 * <pre>java -cp library/target/classes tools/SubnormalState.java classic sgd 3000 \
 *     /usr/share/datasets/fashion-mnist</pre>
 */
public final class SubnormalState {
    private SubnormalState() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4 || !List.of("modern", "classic").contains(args[0])
                || !List.of("sgd", "adam").contains(args[1])) {
            System.err.println("usage: SubnormalState modern|classic sgd|adam STEPS FASHION_MNIST_FOLDER");
            System.exit(2);
        }
        Classifier model = args[0].equals("classic") ? new ClassicLeNet5(10, 1)
                : new LeNet5(LeNet5Config.of(10, true), 1);
        int steps = Integer.parseInt(args[2]), batch = 64, side = LeNet5.INPUT_SIZE;
        MnistDataset data = MnistDataset.load(Path.of(args[3]), Split.TRAIN);
        Optimizer optimizer = args[1].equals("sgd")
                ? new SGD(model.parameters(), SgdConfig.of(0.01f).withMomentum(0.9f))
                : new Adam(model.parameters(), AdamConfig.of(0.001f));
        Tensor images = new Tensor(batch, 1, side, side);
        int[] labels = new int[batch];
        Random random = new Random(1);
        try (Trainer trainer = new Trainer(model, optimizer, TrainConfig.of(1, batch, 0).withThreads(2))) {
            for (int step = 1; step <= steps; step++) {
                for (int i = 0; i < batch; i++) {
                    int k = random.nextInt(data.size());
                    data.image(k, images.data(), i * side * side);
                    labels[i] = data.label(k);
                }
                trainer.step(images, labels);
                if (step % 500 == 0 || step == steps) {
                    StringBuilder line = new StringBuilder("step " + step + ", subnormal values:");
                    int total = 0;
                    for (Map.Entry<String, float[]> buffer : optimizer.state().entrySet()) {
                        int count = 0;
                        for (float v : buffer.getValue()) {
                            count += v != 0f && Math.abs(v) < Float.MIN_NORMAL ? 1 : 0;
                        }
                        total += count;
                        if (count > 0) {
                            line.append(' ').append(buffer.getKey()).append(' ').append(count)
                                    .append('/').append(buffer.getValue().length);
                        }
                    }
                    System.out.println(total == 0 ? line.append(" none") : line);
                }
            }
        }
    }
}
