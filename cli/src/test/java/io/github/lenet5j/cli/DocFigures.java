package io.github.lenet5j.cli;

import io.github.lenet5j.data.Dataset;
import io.github.lenet5j.data.Split;
import io.github.lenet5j.datasets.FashionMnistSample;
import io.github.lenet5j.model.Activation;
import io.github.lenet5j.model.LeNet5;
import io.github.lenet5j.model.LeNet5Config;
import io.github.lenet5j.model.Pooling;
import io.github.lenet5j.nn.Layer;
import io.github.lenet5j.nn.RbfBitmaps;
import io.github.lenet5j.optim.Adam;
import io.github.lenet5j.optim.AdamConfig;
import io.github.lenet5j.optim.Optimizer;
import io.github.lenet5j.optim.SGD;
import io.github.lenet5j.optim.SgdConfig;
import io.github.lenet5j.tensor.Tensor;
import io.github.lenet5j.train.EpochResult;
import io.github.lenet5j.train.TrainConfig;
import io.github.lenet5j.train.Trainer;
import io.github.lenet5j.train.TrainingListener;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.series.MarkerSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Writes the figures of docs/ into a folder (docs/images in the repository), from the project's own code:
 * <pre>
 * mvn -B -q package -DskipTests
 * java -cp cli/target/lenet5j-cli.jar:cli/target/test-classes io.github.lenet5j.cli.DocFigures docs/images
 * </pre>
 * The trained figures come from three seeded runs on the bundled Fashion-MNIST sample (one thread, so the same
 * kernels give the same weights); started without {@code --add-modules jdk.incubator.vector}, as above, they run
 * on the scalar kernels, whose results do not depend on the machine. About a minute on one core.
 */
public final class DocFigures {
    /** Epochs of the three training runs. */
    static final int EPOCHS = 10;
    static final long SEED = 1;
    static final int BATCH = 64;

    private DocFigures() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: DocFigures OUTPUT-FOLDER   (the repository's figures are in docs/images)");
            System.exit(2);
        }
        write(Path.of(args[0]), FashionMnistSample.load(Split.TRAIN), FashionMnistSample.load(Split.TEST),
                EPOCHS, System.out);
    }

    /** The runs behind the trained figures: name, activation, optimizer. */
    private record Run(String name, Activation activation, boolean sgd) {
        Optimizer optimizer(LeNet5 model) {
            return sgd ? new SGD(model.parameters(), SgdConfig.of(0.01f).withMomentum(0.9f))
                    : new Adam(model.parameters(), AdamConfig.of(1e-3f));
        }
    }

    /**
     * Writes every figure into {@code folder}, training on {@code train} for {@code epochs} epochs and evaluating
     * on {@code test}, and prints what it measured to {@code log}.
     */
    static void write(Path folder, Dataset train, Dataset test, int epochs, PrintStream log) throws IOException {
        Files.createDirectories(folder);
        LeNet5 untrained = new LeNet5(new LeNet5Config(1, 10, Activation.SIGMOID, Pooling.MAX), SEED);
        PngFile.write(folder.resolve("architecture.png"), Diagrams.architecture(untrained));
        PngFile.write(folder.resolve("conv-backward.png"), Diagrams.convolutionRoutes());
        PngFile.write(folder.resolve("c3-table.png"), Diagrams.c3Table());
        PngFile.write(folder.resolve("rbf-bitmaps.png"), rbfBitmaps());

        Tensor batch = new Tensor(BATCH, 1, 32, 32);
        int[] labels = new int[BATCH];
        for (int i = 0; i < BATCH; i++) {
            test.image(i, batch.data(), i * 32 * 32);
            labels[i] = test.label(i);
        }
        List<Run> runs = List.of(new Run("sigmoid + SGD", Activation.SIGMOID, true),
                new Run("sigmoid + Adam", Activation.SIGMOID, false), new Run("ReLU + Adam", Activation.RELU, false));
        Map<String, List<EpochResult>> curves = new LinkedHashMap<>();
        Map<String, LayerSizes> sizes = new LinkedHashMap<>();
        LeNet5 relu = null;
        for (Run run : runs) {
            LeNet5 model = new LeNet5(new LeNet5Config(1, 10, run.activation(), Pooling.MAX), SEED);
            String initialWeights = run.name().substring(0, run.name().indexOf(' ')) + ", initial weights";
            if (!sizes.containsKey(initialWeights)) {
                LayerSizes initial = LayerSizes.measure(model, batch, labels);
                sizes.put(initialWeights, initial);
                log.printf("%s, on the first %d test images:%n%s%n", initialWeights, BATCH, initial.table());
            }
            try (Trainer trainer = new Trainer(model, run.optimizer(model), TrainConfig.of(epochs, BATCH, SEED))) {
                curves.put(run.name(), trainer.testEachEpoch(test).fit(train, null, TrainingListener.NONE));   // curves only
            }
            EpochResult last = curves.get(run.name()).get(epochs - 1);
            log.printf(Locale.ROOT, "%s: test accuracy after %d epochs %.2f%%%n", run.name(), epochs,
                    100 * last.test().accuracy());
            if (run.activation() == Activation.SIGMOID) {
                LayerSizes after = LayerSizes.measure(model, batch, labels);
                sizes.put(run.name() + ", after " + epochs + " epochs", after);
                log.printf("%s after %d epochs:%n%s%n", run.name(), epochs, after.table());
            } else {
                relu = model;
            }
        }
        PngFile.write(folder.resolve("training-curves.png"), trainingCurves(curves, train.size()));
        PngFile.write(folder.resolve("layer-sizes.png"), layerSizes(sizes));
        PngFile.write(folder.resolve("filters.png"), filters(relu));
        PngFile.write(folder.resolve("feature-maps.png"), featureMaps(relu, test, 0));
    }

    /** The 10 digit codes of the RBF output layer, 7×12 each, and the squared distance between every two. */
    static BufferedImage rbfBitmaps() {
        Tensor codes = RbfBitmaps.forClasses(10);
        List<TileGrid.Tile> tiles = new ArrayList<>();
        for (int k = 0; k < 10; k++) {
            float[] ink = new float[RbfBitmaps.SIZE];   // drawn as ink on paper: +1 black, -1 light grey
            for (int j = 0; j < ink.length; j++) {
                ink[j] = -codes.get(k, j);
            }
            tiles.add(new TileGrid.Tile(ink, 1, RbfBitmaps.ROWS, RbfBitmaps.COLUMNS, -1, 1.4f, "class " + k));   // -1: light grey
        }
        return TileGrid.draw("RbfBitmaps.forClasses(10): the fixed 7x12 codes of the RBF outputs (black +1, grey -1)",
                tiles, 10, 12);
    }

    /** Test accuracy and training loss per epoch of the three runs, side by side. */
    static BufferedImage trainingCurves(Map<String, List<EpochResult>> curves, int trainImages) {
        XYChart accuracy = new XYChartBuilder().width(640).height(440).title("Test accuracy per epoch")
                .xAxisTitle("epoch").yAxisTitle("test accuracy (%)").build();
        XYChart loss = new XYChartBuilder().width(640).height(440).title("Training loss per epoch")
                .xAxisTitle("epoch").yAxisTitle("mean cross-entropy").build();
        for (XYChart chart : List.of(accuracy, loss)) {
            chart.getStyler().setXAxisDecimalPattern("0").setChartBackgroundColor(Color.WHITE)
                    .setLegendPosition(Styler.LegendPosition.OutsideS).setLegendLayout(Styler.LegendLayout.Horizontal)
                    .setMarkerSize(7);
            chart.getStyler().setSeriesMarkers(new org.knowm.xchart.style.markers.Marker[] {
                SeriesMarkers.CIRCLE, SeriesMarkers.SQUARE, SeriesMarkers.DIAMOND});
        }
        accuracy.getStyler().setYAxisMin(0.0).setYAxisMax(100.0);
        curves.forEach((name, epochs) -> {
            double[] x = epochs.stream().mapToDouble(EpochResult::epoch).toArray();
            colour(accuracy.addSeries(name, x, epochs.stream().mapToDouble(r -> 100 * r.test().accuracy()).toArray()));
            colour(loss.addSeries(name, x, epochs.stream().mapToDouble(EpochResult::trainLoss).toArray()));
        });
        return sideBySide(String.format(Locale.ROOT, "LeNet-5 (max pooling) on the bundled Fashion-MNIST sample: %,d"
                        + " training images, batch %d, seed %d; Adam lr 0.001, SGD lr 0.01 momentum 0.9", trainImages,
                BATCH, SEED), BitmapEncoder.getBufferedImage(accuracy), BitmapEncoder.getBufferedImage(loss));
    }

    /** Per layer: how much its output varies between images, and the gradient each weight gets, log scale. */
    static BufferedImage layerSizes(Map<String, LayerSizes> sizes) {
        CategoryChart spread = new CategoryChartBuilder().width(760).height(520)
                .title("How much each layer's output depends on the image").xAxisTitle("layer")
                .yAxisTitle("spread over 64 test images (rms of std)").build();
        CategoryChart gradients = new CategoryChartBuilder().width(560).height(520)
                .title("Gradient reaching each weight").xAxisTitle("layer").yAxisTitle("rms of dL/dweight").build();
        for (CategoryChart chart : List.of(spread, gradients)) {
            chart.getStyler().setYAxisLogarithmic(true).setXAxisMaxLabelCount(20).setXAxisTickMarkSpacingHint(30);
            chart.getStyler().setChartBackgroundColor(Color.WHITE).setLegendPosition(Styler.LegendPosition.OutsideS)
                    .setMarkerSize(7);
            chart.getStyler().setDefaultSeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line)
                    .setOverlapped(true);
        }
        sizes.forEach((name, s) -> {
            colour(spread.addSeries(name, s.layers().stream().map(LayerSizes.Row::layer).toList(),
                    s.layers().stream().map(LayerSizes.Row::spread).toList()));
            colour(gradients.addSeries(name, List.copyOf(s.weightGradients().keySet()),
                    List.copyOf(s.weightGradients().values())));
        });
        return sideBySide("Sigmoid nets at their initial weights pass almost nothing of the image on, and almost no"
                        + " gradient back; SGD leaves them so, Adam does not",
                BitmapEncoder.getBufferedImage(spread), BitmapEncoder.getBufferedImage(gradients));
    }

    /** conv1's 6 filters, and conv2's 16 as a grid: a column per filter, a row per S2 map it reads. */
    static BufferedImage filters(LeNet5 model) {
        Tensor w1 = model.parameter("conv1.weight").value(), w2 = model.parameter("conv2.weight").value();
        List<TileGrid.Tile> first = new ArrayList<>();
        for (int o = 0; o < w1.dim(0); o++) {
            first.add(TileGrid.Tile.stretched(kernel(w1, o, 0), 1, 5, 5, "filter " + o));
        }
        List<TileGrid.Tile> second = new ArrayList<>();
        int outs = w2.dim(0), ins = w2.dim(1);
        for (int i = 0; i < ins; i++) {
            for (int o = 0; o < outs; o++) {
                TileGrid.Tile whole = TileGrid.Tile.stretched(Arrays.copyOfRange(w2.data(), o * ins * 25,
                        (o + 1) * ins * 25), 1, ins * 5, 5, "");   // one scale for the whole filter
                second.add(new TileGrid.Tile(kernel(w2, o, i), 1, 5, 5, whole.low(), whole.high(), ""));
            }
        }
        List<String> rows = new ArrayList<>(), columns = new ArrayList<>();
        for (int i = 0; i < ins; i++) {
            rows.add("S2 map " + i);
        }
        for (int o = 0; o < outs; o++) {
            columns.add(String.valueOf(o));
        }
        return stack("The trained ReLU model's filters (black: a filter's most negative weight, white: its most positive)",
                List.of(TileGrid.draw("", first, first.size(), 16), TileGrid.draw("", second, outs, 10, rows, columns)),
                List.of("conv1.weight [6, 1, 5, 5]: the 6 filters of C1, each applied to the input image",
                        "conv2.weight [16, 6, 5, 5]: a column per filter (C3 map 0-15), a row per S2 map it reads"));
    }

    private static float[] kernel(Tensor weight, int out, int in) {
        int ins = weight.dim(1), from = (out * ins + in) * 25;
        return Arrays.copyOfRange(weight.data(), from, from + 25);
    }

    /** One colour per run in every chart: SGD orange, Adam purple, ReLU green, the untrained sigmoid net blue. */
    private static void colour(MarkerSeries series) {
        String name = series.getName();
        Color colour = name.startsWith("sigmoid + SGD") ? Diagrams.HIGHLIGHT
                : name.startsWith("sigmoid + Adam") ? new Color(117, 80, 180)
                : name.startsWith("ReLU") ? new Color(27, 150, 80) : new Color(45, 100, 200);
        series.setLineColor(colour);
        series.setMarkerColor(colour);
    }

    /** One image through the trained model: the input, then every layer's output as a row of maps or a strip. */
    static BufferedImage featureMaps(LeNet5 model, Dataset data, int index) {
        float[] pixels = new float[32 * 32];
        data.image(index, pixels, 0);
        List<BufferedImage> rows = new ArrayList<>();
        List<String> captions = new ArrayList<>();
        rows.add(TileGrid.draw("", List.of(new TileGrid.Tile(pixels, 1, 32, 32, 0, 1, "")), 1, 3));
        captions.add("input: test image " + index + " (" + data.classNames().get(data.label(index)) + "), 1@32x32");
        Tensor x = new Tensor(pixels, 1, 1, 32, 32);
        for (Layer layer : model.layers()) {
            x = layer.forward(x);
            String name = layer.name();
            if (name.startsWith("act") || name.startsWith("s")) {
                rows.add(x.rank() == 4 ? mapsInOneRow(x) : VisualizeCommand.outputPicture(x));
                captions.add(name + ": " + String.join("x", Arrays.stream(x.shape()).skip(1).mapToObj(String::valueOf)
                        .toList()) + (x.rank() == 4 ? " (each map stretched from black to white)" : ""));
            }
        }
        float[] p = model.forward(new Tensor(pixels, 1, 1, 32, 32)).probabilities().data();
        rows.add(probabilities(p, data.classNames()));
        captions.add("fc3 → softmax: the probability of each class");
        return stack("One Fashion-MNIST test image through the trained ReLU model, layer by layer", rows, captions);
    }

    private static BufferedImage probabilities(float[] p, List<String> names) {
        int rowHeight = 18, labelWidth = 110, barWidth = 300;
        BufferedImage image = Diagrams.canvas(labelWidth + barWidth + 70, p.length * rowHeight + 6);
        Graphics2D g = Diagrams.graphics(image);
        g.setFont(Diagrams.font(Font.PLAIN, 12));
        for (int k = 0; k < p.length; k++) {
            int y = 3 + k * rowHeight;
            g.setColor(Diagrams.INK);
            g.drawString(names.get(k), 8, y + 13);
            g.setColor(Diagrams.EDGE);
            g.fillRect(labelWidth, y + 3, Math.max(1, Math.round(barWidth * p[k])), rowHeight - 6);
            g.setColor(Diagrams.INK);
            g.drawString(String.format(Locale.ROOT, "%.3f", p[k]), labelWidth + Math.round(barWidth * p[k]) + 6, y + 13);
        }
        g.dispose();
        return image;
    }

    private static BufferedImage mapsInOneRow(Tensor x) {
        int c = x.dim(1), h = x.dim(2), w = x.dim(3);
        List<TileGrid.Tile> tiles = new ArrayList<>();
        for (int i = 0; i < c; i++) {
            tiles.add(TileGrid.Tile.stretched(Arrays.copyOfRange(x.data(), i * h * w, (i + 1) * h * w), 1, h, w, ""));
        }
        return TileGrid.draw("", tiles, c, Math.max(2, 84 / w));
    }

    private static BufferedImage sideBySide(String title, BufferedImage left, BufferedImage right) {
        BufferedImage image = Diagrams.canvas(left.getWidth() + right.getWidth(),
                Math.max(left.getHeight(), right.getHeight()) + 34);
        Graphics2D g = Diagrams.graphics(image);
        g.setFont(Diagrams.font(Font.BOLD, 15));
        g.drawString(title, 12, 22);
        g.drawImage(left, 0, 34, null);
        g.drawImage(right, left.getWidth(), 34, null);
        g.dispose();
        return image;
    }

    private static BufferedImage stack(String title, List<BufferedImage> rows, List<String> captions) {
        int width = rows.stream().mapToInt(BufferedImage::getWidth).max().orElseThrow() + 16;
        int height = 40 + rows.stream().mapToInt(r -> r.getHeight() + 22).sum();
        BufferedImage image = Diagrams.canvas(width, height);
        Graphics2D g = Diagrams.graphics(image);
        g.setFont(Diagrams.font(Font.BOLD, 15));
        g.drawString(title, 12, 24);
        g.setFont(Diagrams.font(Font.PLAIN, 12));
        int y = 40;
        for (int i = 0; i < rows.size(); i++) {
            g.setColor(Diagrams.INK);
            g.drawString(captions.get(i), 12, y + 14);
            g.drawImage(rows.get(i), 4, y + 18, null);
            y += rows.get(i).getHeight() + 22;
        }
        g.dispose();
        return image;
    }
}
