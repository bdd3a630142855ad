package io.github.lenet5j.cli;

import io.github.lenet5j.data.Augmentation;
import io.github.lenet5j.data.Batch;
import io.github.lenet5j.data.DataLoader;
import io.github.lenet5j.data.Dataset;
import io.github.lenet5j.model.LeNet5;
import io.github.lenet5j.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** The test images a model gets wrong with the most confidence, and their picture. */
final class Mistakes {
    static final int SCALE = 5;

    /** Image {@code index} of the dataset, labelled {@code label}, predicted {@code predicted} with {@code probability}. */
    record Mistake(int index, int label, int predicted, float probability) {
    }

    private Mistakes() {
    }

    /** The {@code count} wrong predictions with the highest probability, most confident first. */
    static List<Mistake> mostConfident(LeNet5 model, Dataset data, int count) {
        int k = model.config().numClasses();
        List<Mistake> wrong = new ArrayList<>();
        DataLoader loader = new DataLoader(data, 500, false, 0, Augmentation.NONE);
        for (int b = 0; b < loader.batchesPerEpoch(); b++) {
            Batch batch = loader.batch(0, b);
            Tensor p = model.forward(batch.images()).probabilities();   // (N, K)
            for (int i = 0; i < batch.count(); i++) {
                int best = 0;
                for (int c = 1; c < k; c++) {
                    if (p.data()[i * k + c] > p.data()[i * k + best]) {
                        best = c;
                    }
                }
                if (best != batch.labels()[i]) {
                    wrong.add(new Mistake(b * loader.batchSize() + i, batch.labels()[i], best, p.data()[i * k + best]));
                }
            }
        }
        wrong.sort(Comparator.comparingDouble(Mistake::probability).reversed());
        return List.copyOf(wrong.subList(0, Math.min(count, wrong.size())));
    }

    /** A grid of the mistakes' images, each labelled "true → predicted (p)". */
    static BufferedImage draw(List<Mistake> mistakes, Dataset data, List<String> classNames, int columns) {
        List<TileGrid.Tile> tiles = new ArrayList<>();
        for (Mistake m : mistakes) {
            float[] image = new float[data.imageSize()];
            data.image(m.index(), image, 0);
            String label = String.format(Locale.ROOT, "%s → %s (%.2f)", EvaluationReport.name(classNames, m.label()),
                    EvaluationReport.name(classNames, m.predicted()), m.probability());
            tiles.add(TileGrid.Tile.stretched(image, data.channels(), Dataset.SIDE, Dataset.SIDE, label));
        }
        return TileGrid.draw("The most confident mistakes (true → predicted (probability))", tiles, columns, SCALE);
    }
}
