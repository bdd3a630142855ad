package io.github.lenet5j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
    @Test
    void theLineShowsEpochBatchSpeedLossAndTimeLeftForTheRun() {
        // epoch 1 of 2, 25 of 100 batches in 5 s: 20 s per epoch, 15 s left in this one and 20 s for the next
        String line = ProgressBar.line(1, 2, 25, 100, 0.5f, 1600, 5.0);
        assertThat(line).startsWith("epoch 1/2 [######..................] batch 25/100")
                .contains("320 images/s").contains("loss 0.5000").endsWith("ETA 0:35");
        assertThat(ProgressBar.duration(3725)).isEqualTo("1:02:05");
    }

    @Test
    void redrawsInPlaceAtMostTenTimesASecondAndAlwaysAtTheLastBatch() {
        StringWriter text = new StringWriter();
        long[] now = {0};
        ProgressBar bar = new ProgressBar(new PrintWriter(text), 1, () -> now[0]);
        for (int b = 1; b <= 100; b++) {
            now[0] = b * 10_000_000L;   // a batch every 10 ms: one second in all
            bar.onBatch(1, b, 100, 1f, b * 64, b * 0.01);
        }
        long draws = text.toString().chars().filter(c -> c == '\r').count();
        assertThat(draws).isBetween(10L, 12L);
        assertThat(text.toString()).endsWith("batch 100/100  6,400 images/s  loss 1.0000  ETA 0:00").doesNotContain("\n");
        bar.clear();
        assertThat(text.toString()).endsWith("\r");
    }

    @Test
    void loadingShowsPicturesDoneSpeedAndTimeLeftAndAlwaysTheLastPicture() {
        assertThat(ProgressBar.loadLine(250, 1000, 0.5)).isEqualTo(
                "loading pictures [######..................] 250/1,000  500 pictures/s  ETA 0:02");
        StringWriter text = new StringWriter();
        long[] now = {0};
        ProgressBar bar = new ProgressBar(new PrintWriter(text), 0, () -> now[0]);
        bar.onLoad(1, 3, 0.01);
        bar.onLoad(2, 3, 0.02);   // too soon: not drawn
        bar.onLoad(3, 3, 0.03);
        assertThat(text.toString().chars().filter(c -> c == '\r').count()).isEqualTo(2);
        assertThat(text.toString()).endsWith("3/3  100 pictures/s  ETA 0:00");
    }
}
