package io.github.lenet5j.train;

/** Progress events from a {@link Trainer}; the command line draws them. Every method has a no-op default. */
public interface TrainingListener {
    /** Nothing. */
    TrainingListener NONE = new TrainingListener() {
    };

    /**
     * After each training step.
     *
     * @param epoch the epoch, from 1
     * @param batch the batch within the epoch, from 1
     * @param batches the batches in an epoch
     * @param loss this batch's mean loss
     * @param images the images trained on so far in this epoch
     * @param seconds the seconds spent so far in this epoch
     */
    default void onBatch(int epoch, int batch, int batches, float loss, int images, double seconds) {
    }

    /**
     * After each epoch, with its evaluation.
     *
     * @param result the epoch's measurements
     */
    default void onEpoch(EpochResult result) {
    }
}
