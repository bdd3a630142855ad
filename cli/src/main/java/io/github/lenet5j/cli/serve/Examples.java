package io.github.lenet5j.cli.serve;

import io.github.lenet5j.data.Dataset;
import io.github.lenet5j.data.MnistDataset;
import io.github.lenet5j.data.Split;
import io.github.lenet5j.datasets.FashionMnistSample;
import io.github.lenet5j.model.ModelFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /examples}: one test picture per class for the drawing page to offer before the first stroke, taken
 * from the bundled Fashion-MNIST sample, and only for a model of Fashion-MNIST's classes (for any other model the
 * list is empty, and the page shows its placeholders alone).
 */
final class Examples {
    private static final int SIDE = 28;

    private Examples() {
    }

    /** {@code [{"class", "name", "pixels": [784 values in 0..1]}, ...]}, one per class, or empty. */
    static List<Object> json(ModelFile.Loaded model) {
        if (!model.classNames().equals(MnistDataset.FASHION_MNIST_CLASSES)) {
            return List.of();
        }
        MnistDataset test;
        try {
            test = FashionMnistSample.load(Split.TEST);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int input = Dataset.SIDE, pad = (input - SIDE) / 2;
        float[] image = new float[input * input];   // the model's 32x32 input
        List<Object> examples = new ArrayList<>();
        for (int c = 0; c < test.numClasses(); c++) {
            for (int i = 0; i < test.size(); i++) {
                if (test.label(i) == c) {
                    test.image(i, image, 0);
                    float[] pixels = new float[SIDE * SIDE];   // the 28x28 drawing inside the 32x32 input
                    for (int y = 0; y < SIDE; y++) {
                        for (int x = 0; x < SIDE; x++) {
                            pixels[y * SIDE + x] = Math.round(1000 * image[(y + pad) * input + x + pad]) / 1000f;
                        }
                    }
                    Map<String, Object> o = new LinkedHashMap<>();
                    o.put("class", c);
                    o.put("name", model.className(c));
                    o.put("pixels", pixels);
                    examples.add(o);
                    break;
                }
            }
        }
        return examples;
    }
}
