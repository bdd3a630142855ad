package io.github.lenet5j.cli;

import io.github.lenet5j.data.Dataset;
import io.github.lenet5j.data.ImagePreprocessor;
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

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "A model saved as safetensors.")
    Path modelFile;

    @Option(names = "--image", paramLabel = "IMAGE", description = "A picture to run through the model (PNG, JPEG, BMP, GIF).")
    Path image;

    @Option(names = "--invert", description = "Invert the picture (a dark drawing on a light background).")
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
        if (image != null) {
            BufferedImage picture = ImagePreprocessor.read(image);
            inverted = invert || ImagePreprocessor.hasLightBorder(picture);
            input = ImagePreprocessor.toModelInput(picture, lenet.config().inChannels(), inverted);
        }
        Files.createDirectories(out);
        Map<String, String> pictures = new LinkedHashMap<>();   // file → caption
        write(pictures, "conv1-filters.png", "conv1: 6 filters of " + lenet.config().inChannels() + "x5x5",
                filters(lenet, "conv1.weight"));
        write(pictures, "conv2-filters.png", "conv2: 16 filters (rows) of 6x5x5 (one kernel per s2 map)",
                filters(lenet, "conv2.weight"));
        String prediction = null;
        if (input != null) {
            int channels = lenet.config().inChannels();
            write(pictures, "input.png", "the input as the model sees it (32x32" + (inverted ? ", inverted" : "") + ")",
                    TileGrid.draw("", List.of(new TileGrid.Tile(input, channels, 32, 32, 0, 1, "")), 1, 8));
            Tensor x = new Tensor(input, 1, channels, Dataset.SIDE, Dataset.SIDE);
            for (Layer layer : lenet.layers()) {
                x = layer.forward(x);
                if (!layer.name().equals("flatten")) {
                    write(pictures, layer.name() + ".png", layer.name() + ": " + Arrays.toString(Arrays.copyOfRange(
                            x.shape(), 1, x.rank())), outputPicture(x));
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

    /** A filter per row or tile, normalised over the whole filter (black its lowest weight, white its highest). */
    static BufferedImage filters(LeNet5 lenet, String parameter) {
        Tensor w = lenet.parameter(parameter).value();   // (out, in, 5, 5)
        int outs = w.dim(0), ins = w.dim(1), k = w.dim(2), filterSize = ins * k * k;
        boolean rgb = ins == 3 && parameter.startsWith("conv1");
        List<TileGrid.Tile> tiles = new ArrayList<>();
        for (int o = 0; o < outs; o++) {
            float[] filter = Arrays.copyOfRange(w.data(), o * filterSize, (o + 1) * filterSize);
            TileGrid.Tile whole = TileGrid.Tile.stretched(filter, ins, k, k, "");
            if (rgb || ins == 1) {
                tiles.add(new TileGrid.Tile(filter, ins, k, k, whole.low(), whole.high(), String.valueOf(o)));
            } else {
                for (int i = 0; i < ins; i++) {
                    tiles.add(new TileGrid.Tile(Arrays.copyOfRange(filter, i * k * k, (i + 1) * k * k), 1, k, k,
                            whole.low(), whole.high(), ""));
                }
            }
        }
        int columns = rgb || ins == 1 ? outs : ins;
        return TileGrid.draw(parameter + " (black = most negative, white = most positive weight of each filter)",
                tiles, columns, rgb || ins == 1 ? 20 : 12);
    }

    /** Feature maps (1, C, H, W) as a grid, each map stretched to black..white; vectors (1, N) as a strip. */
    static BufferedImage outputPicture(Tensor x) {
        List<TileGrid.Tile> tiles = new ArrayList<>();
        if (x.rank() == 4) {
            int c = x.dim(1), h = x.dim(2), w = x.dim(3);
            for (int i = 0; i < c; i++) {
                tiles.add(TileGrid.Tile.stretched(Arrays.copyOfRange(x.data(), i * h * w, (i + 1) * h * w), 1, h, w,
                        String.valueOf(i)));
            }
            return TileGrid.draw("", tiles, Math.min(c, 8), Math.max(2, TILE_PIXELS / w));
        }
        int n = x.dim(1), rows = 3;
        float[] strip = new float[rows * n];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(x.data(), 0, strip, r * n, n);
        }
        TileGrid.Tile tile = TileGrid.Tile.stretched(strip, 1, rows, n, "");
        String range = String.format(java.util.Locale.ROOT, "%d values from %.3f (black) to %.3f (white)", n, tile.low(),
                tile.high());
        return TileGrid.draw(range, List.of(tile), 1, Math.max(4, Math.min(12, 960 / n)));
    }
}
