package io.github.lenet5j.train;

/**
 * How a model did on a labelled set: loss, accuracy and the confusion matrix.
 *
 * @param loss the mean loss: cross-entropy, or the RBF loss for a 1998 model
 * @param correct images whose most probable class is the label
 * @param total images evaluated
 * @param confusion {@code confusion[label][predicted]} counts
 */
public record Evaluation(double loss, int correct, int total, int[][] confusion) {
    /** {@return correct / total} */
    public double accuracy() {
        return total == 0 ? 0 : (double) correct / total;
    }

    /**
     * The fraction of images of class {@code c} predicted as {@code c} (recall); 0 when there are none.
     *
     * @param c the class
     * @return the recall of class {@code c}
     */
    public double recall(int c) {
        int all = 0;
        for (int p = 0; p < confusion.length; p++) {
            all += confusion[c][p];
        }
        return all == 0 ? 0 : (double) confusion[c][c] / all;
    }

    /**
     * The fraction of images predicted as {@code c} that are {@code c}; 0 when none were.
     *
     * @param c the class
     * @return the precision of class {@code c}
     */
    public double precision(int c) {
        int all = 0;
        for (int[] row : confusion) {
            all += row[c];
        }
        return all == 0 ? 0 : (double) confusion[c][c] / all;
    }
}
