package io.github.lenet5j.cli;

import io.github.lenet5j.train.EpochResult;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The training curves as PNG line charts (XChart): loss and accuracy per epoch, training, validation and (curves only) test. */
final class TrainingCharts {
    static final int WIDTH = 800;
    static final int HEIGHT = 500;

    private TrainingCharts() {
    }

    static void writeLoss(Path file, List<EpochResult> epochs) throws IOException {
        XYChart chart = chart("Loss per epoch", "mean loss");
        chart.addSeries("training", x(epochs), values(epochs, r -> r.trainLoss()));
        if (all(epochs, r -> r.validation() != null)) {
            chart.addSeries("validation", x(epochs), values(epochs, r -> r.validation().loss()));
        }
        if (all(epochs, r -> r.test() != null)) {
            chart.addSeries("test (curves only)", x(epochs), values(epochs, r -> r.test().loss()));
        }
        PngFile.write(file, chart);
    }

    static void writeAccuracy(Path file, List<EpochResult> epochs) throws IOException {
        XYChart chart = chart("Accuracy per epoch", "accuracy (%)");
        chart.addSeries("training", x(epochs), values(epochs, r -> 100 * r.trainAccuracy()));
        if (all(epochs, r -> r.validation() != null)) {
            chart.addSeries("validation", x(epochs), values(epochs, r -> 100 * r.validation().accuracy()));
        }
        if (all(epochs, r -> r.test() != null)) {
            chart.addSeries("test (curves only)", x(epochs), values(epochs, r -> 100 * r.test().accuracy()));
        }
        PngFile.write(file, chart);
    }

    private static XYChart chart(String title, String yTitle) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle("epoch")
                .yAxisTitle(yTitle).build();
        XYStyler style = chart.getStyler();
        style.setXAxisDecimalPattern("0");
        style.setMarkerSize(7);
        style.setChartBackgroundColor(Color.WHITE);
        style.setSeriesMarkers(new Marker[] {SeriesMarkers.CIRCLE, SeriesMarkers.SQUARE, SeriesMarkers.DIAMOND});
        return chart;
    }

    private static boolean all(List<EpochResult> epochs, java.util.function.Predicate<EpochResult> p) {
        return !epochs.isEmpty() && epochs.stream().allMatch(p);
    }

    private static double[] x(List<EpochResult> epochs) {
        return epochs.stream().mapToDouble(EpochResult::epoch).toArray();
    }

    private static double[] values(List<EpochResult> epochs, java.util.function.ToDoubleFunction<EpochResult> f) {
        return epochs.stream().mapToDouble(f).toArray();
    }
}
