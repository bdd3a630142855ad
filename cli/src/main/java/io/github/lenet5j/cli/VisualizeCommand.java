package io.github.lenet5j.cli;

import io.github.lenet5j.data.Dataset;
import io.github.lenet5j.data.ImagePreprocessor;
import io.github.lenet5j.data.Preprocessing;
import io.github.lenet5j.model.LeNet5;
import io.github.lenet5j.model.ModelFile;
import io.github.lenet5j.nn.Layer;
import io.github.lenet5j.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code visualize}: pictures of what a model learned: the conv1 and conv2 filters and, for an input image, the
 * output of every layer, with an {@code index.html} that shows them next to the layer table.
 */
@Command(name = "visualize", mixinStandardHelpOptions = true,
        description = "Draw a saved model's conv1 and conv2 filters and, with --image, every layer's output for that"
                + " image, as PNGs with an index.html in the --out folder.")
final class VisualizeCommand implements Callable<Integer> {
    /** Feature maps and filters are scaled up to about this many pixels a side. */
    static final int TILE_PIXELS = 112;

    @Option(names = "--model", required = true, paramLabel = "FILE", converter = ModelFileConverter.class,
            description = ModelFileConverter.DESCRIPTION)
    Path modelFile;

    @Option(names = "--image", paramLabel = "IMAGE", description = "A picture to run through the model (PNG, JPEG, BMP, GIF).")
    Path image;

    @Option(names = "--invert", description = "Invert the picture (a dark drawing on a light background), whatever the"
            + " model records (it is otherwise prepared as the model file records, as its training pictures were).")
    boolean invert;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The folder for the PNGs and index.html.")
    Path out;

    @Mixin
    ModelOptions model;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ModelFile.Loaded loaded = model.load(modelFile, spec.commandLine().getParseResult());
        LeNet5 lenet = loaded.model();
        float[] input = null;
        boolean inverted = false;
        Preprocessing preprocessing = loaded.preprocessing();
        if (image != null) {
            BufferedImage picture = ImagePreprocessor.read(image);
            inverted = invert || preprocessing.inverts(picture);
            input = preprocessing.input(preprocessing.pixels(picture, inverted));
        }
        Files.createDirectories(out);
        Map<String, String> pictures = new LinkedHashMap<>();   // file → caption
        write(pictures, "conv1-filters.png", "conv1: 6 filters of " + lenet.config().inChannels() + "x5x5",
                filters(lenet, "conv1.weight"));
        write(pictures, "conv2-filters.png", "conv2: 16 filters, one per row and output map, each of 6 kernels of 5x5,"
                + " one per column and input map (the s2 maps)",
                filters(lenet, "conv2.weight"));
        String prediction = null;
        if (input != null) {
            int channels = lenet.config().inChannels();
            float black = preprocessing.normalization().apply(0), white = preprocessing.normalization().apply(1);
            write(pictures, "input.png", "the input as the model sees it (32x32" + (inverted ? ", inverted" : "") + ")",
                    TileGrid.draw("", List.of(new TileGrid.Tile(input, channels, 32, 32, black, white, "")), 1, 8));
            Tensor x = new Tensor(input, 1, channels, Dataset.SIDE, Dataset.SIDE);
            List<Layer> layers = lenet.layers();
            List<String> classNames = new ArrayList<>();
            for (int c = 0; c < lenet.config().numClasses(); c++) {
                classNames.add(loaded.className(c));
            }
            for (Layer layer : layers) {
                x = layer.forward(x);
                if (!layer.name().equals("flatten")) {
                    boolean output = layer == layers.get(layers.size() - 1);   // the logits, one per class
                    write(pictures, layer.name() + ".png", layer.name() + ": " + Arrays.toString(Arrays.copyOfRange(
                            x.shape(), 1, x.rank())) + (output ? ", the output layer: one value (logit) per class" : ""),
                            outputPicture(x, output ? classNames : null));
                }
            }
            float[] p = lenet.forward(new Tensor(input, 1, channels, Dataset.SIDE, Dataset.SIDE)).probabilities().data();
            int best = 0;
            for (int c = 1; c < p.length; c++) {
                best = p[c] > p[best] ? c : best;
            }
            prediction = String.format(java.util.Locale.ROOT, "%s: class %d %s, probability %.3f", image.getFileName(),
                    best, loaded.classNames().isEmpty() ? "" : "(" + loaded.className(best) + ")", p[best]);
        }
        VisualizationPage.write(out.resolve("index.html"), modelFile, lenet, pictures, prediction);
        PrintWriter w = spec.commandLine().getOut();
        w.println("wrote " + pictures.size() + " pictures and index.html to " + out);
        if (prediction != null) {
            w.println(prediction);
        }
        return 0;
    }

    private void write(Map<String, String> pictures, String file, String caption, BufferedImage picture)
            throws java.io.IOException {
        PngFile.write(out.resolve(file), picture);
        pictures.put(file, caption);
    }

    /**
     * A filter per tile (conv1), or per row with one kernel per input map in its columns (conv2: 16 rows labelled
     * with the output map, 6 columns with the input map), each filter normalised on its own (black its lowest
     * weight, white its highest).
     */
    static BufferedImage filters(LeNet5 lenet, String parameter) {
        Tensor w = lenet.parameter(parameter).value();   // (out, in, 5, 5)
        int outs = w.dim(0), ins = w.dim(1), k = w.dim(2), filterSize = ins * k * k;
        boolean whole = ins == 1 || (ins == 3 && parameter.startsWith("conv1"));   // one tile per filter
        List<TileGrid.Tile> tiles = new ArrayList<>();
        for (int o = 0; o < outs; o++) {
            float[] filter = Arrays.copyOfRange(w.data(), o * filterSize, (o + 1) * filterSize);
            TileGrid.Tile all = TileGrid.Tile.stretched(filter, ins, k, k, "");
            if (whole) {
                tiles.add(new TileGrid.Tile(filter, ins, k, k, all.low(), all.high(), "out " + o));
            } else {
                for (int i = 0; i < ins; i++) {
                    tiles.add(new TileGrid.Tile(Arrays.copyOfRange(filter, i * k * k, (i + 1) * k * k), 1, k, k,
                            all.low(), all.high(), ""));
                }
            }
        }
        String title = parameter + ", each filter: black its lowest, white its highest weight";
        if (whole) {
            return TileGrid.draw(title, tiles, outs, 20);
        }
        List<String> rows = new ArrayList<>(), columns = new ArrayList<>();
        for (int o = 0; o < outs; o++) {
            rows.add("out " + o);
        }
        for (int i = 0; i < ins; i++) {
            columns.add("in " + i);
        }
        return TileGrid.draw(title, tiles, ins, 12, rows, columns);
    }

    /** Feature maps (1, C, H, W) as a grid, each map stretched to black..white; vectors (1, N) as a strip. */
    static BufferedImage outputPicture(Tensor x) {
        return outputPicture(x, null);
    }

    /**
     * As {@link #outputPicture(Tensor)}; a vector with one value per class ({@code classNames} non-null, as many
     * names as values) is drawn as one cell per class, labelled with its name and value.
     */
    static BufferedImage outputPicture(Tensor x, List<String> classNames) {
        List<TileGrid.Tile> tiles = new ArrayList<>();
        if (x.rank() == 4) {
            int c = x.dim(1), h = x.dim(2), w = x.dim(3);
            for (int i = 0; i < c; i++) {
                tiles.add(TileGrid.Tile.stretched(Arrays.copyOfRange(x.data(), i * h * w, (i + 1) * h * w), 1, h, w,
                        String.valueOf(i)));
            }
            return TileGrid.draw("", tiles, c > 8 ? (c + 1) / 2 : c, Math.max(2, TILE_PIXELS / w));
        }
        int n = x.dim(1);
        TileGrid.Tile range = TileGrid.Tile.stretched(Arrays.copyOf(x.data(), n), 1, 1, n, "");
        String title = String.format(java.util.Locale.ROOT, "%d values from %.3f (black) to %.3f (white)", n, range.low(),
                range.high());
        if (classNames != null && classNames.size() == n) {
            for (int c = 0; c < n; c++) {
                tiles.add(new TileGrid.Tile(new float[] {x.data()[c]}, 1, 1, 1, range.low(), range.high(),
                        classNames.get(c) + "\n" + String.format(java.util.Locale.ROOT, "%.3f", x.data()[c])));
            }
            return TileGrid.draw(title, tiles, n, 40);
        }
        int rows = 3;
        float[] strip = new float[rows * n];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(x.data(), 0, strip, r * n, n);
        }
        return TileGrid.draw(title, List.of(TileGrid.Tile.stretched(strip, 1, rows, n, "")), 1,
                Math.max(4, Math.min(12, 960 / n)));
    }
}
