package io.github.lenet5j.cli;

import io.github.lenet5j.train.TrainingListener;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A one-line progress bar for a terminal, redrawn in place with {@code \r} at most ten times a second:
 * epoch, batch, a bar, images per second, the batch loss and the estimated time left for the whole run
 * (from this epoch's speed; the evaluations after each epoch are not counted). While pictures load, {@link #onLoad}
 * shows how many are done. {@link #clear} erases it before a normal line is printed.
 */
final class ProgressBar implements TrainingListener {
    static final long REDRAW_NANOS = 100_000_000L;
    private static final int BAR = 24;

    private final PrintWriter out;
    private final int epochs;
    private final LongSupplier nanoClock;
    private long lastDraw = Long.MIN_VALUE;
    private int drawnLength;

    ProgressBar(PrintWriter out, int epochs, LongSupplier nanoClock) {
        this.out = out;
        this.epochs = epochs;
        this.nanoClock = nanoClock;
    }

    @Override
    public void onBatch(int epoch, int batch, int batches, float loss, int images, double seconds) {
        if (due(batch == batches)) {
            draw(line(epoch, epochs, batch, batches, loss, images, seconds));
        }
    }

    /** Loading pictures: {@code done} of {@code total} after {@code seconds}. */
    void onLoad(int done, int total, double seconds) {
        if (due(done == total)) {
            draw(loadLine(done, total, seconds));
        }
    }

    /** True for the last step, and otherwise at most every {@link #REDRAW_NANOS}. */
    private boolean due(boolean last) {
        long now = nanoClock.getAsLong();
        if (!last && lastDraw != Long.MIN_VALUE && now - lastDraw < REDRAW_NANOS) {
            return false;
        }
        lastDraw = now;
        return true;
    }

    private void draw(String line) {
        out.print("\r" + line + " ".repeat(Math.max(0, drawnLength - line.length())));
        out.flush();
        drawnLength = line.length();
    }

    /** Erases the bar, leaving the cursor at the start of the empty line. */
    void clear() {
        if (drawnLength > 0) {
            out.print("\r" + " ".repeat(drawnLength) + "\r");
            out.flush();
            drawnLength = 0;
        }
    }

    static String line(int epoch, int epochs, int batch, int batches, float loss, int images, double seconds) {
        int filled = (int) ((long) BAR * batch / batches);
        double rate = seconds > 0 ? images / seconds : 0;
        double perBatch = batch > 0 ? seconds / batch : 0;
        double left = perBatch * ((batches - batch) + (long) (epochs - epoch) * batches);
        return String.format(Locale.ROOT, "epoch %d/%d [%s%s] batch %d/%d  %,.0f images/s  loss %.4f  ETA %s", epoch,
                epochs, "#".repeat(filled), ".".repeat(BAR - filled), batch, batches, rate, loss, duration(left));
    }

    static String loadLine(int done, int total, double seconds) {
        int filled = (int) ((long) BAR * done / total);
        double rate = seconds > 0 ? done / seconds : 0;
        return String.format(Locale.ROOT, "loading pictures [%s%s] %,d/%,d  %,.0f pictures/s  ETA %s", "#".repeat(filled),
                ".".repeat(BAR - filled), done, total, rate, duration(rate > 0 ? (total - done) / rate : 0));
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
