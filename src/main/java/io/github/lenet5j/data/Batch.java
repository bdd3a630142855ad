package io.github.lenet5j.data;

import io.github.lenet5j.tensor.Tensor;

/**
 * One mini-batch, filled by {@link DataLoader#batch}: images {@code [count, C, 32, 32]} and
 * their labels. The loader reuses the same object (and arrays) for every batch, so copy what
 * you want to keep. All batches of an epoch have {@code batchSize} examples except perhaps the
 * last, which has its own, smaller, preallocated tensor.
 */
public final class Batch {
    private final Tensor fullImages;
    private final int[] fullLabels;
    private final Tensor lastImages;
    private final int[] lastLabels;
    private Tensor images;
    private int[] labels;
    private int epoch;
    private int index;

    Batch(int batchSize, int lastCount, int channels) {
        fullImages = new Tensor(batchSize, channels, Dataset.SIDE, Dataset.SIDE);
        fullLabels = new int[batchSize];
        boolean partial = lastCount != batchSize;
        lastImages = partial ? new Tensor(lastCount, channels, Dataset.SIDE, Dataset.SIDE) : fullImages;
        lastLabels = partial ? new int[lastCount] : fullLabels;
        images = fullImages;
        labels = fullLabels;
    }

    /** Switches to the full or the last-batch buffers; called by the loader before filling. */
    void select(boolean last, int epoch, int index) {
        images = last ? lastImages : fullImages;
        labels = last ? lastLabels : fullLabels;
        this.epoch = epoch;
        this.index = index;
    }

    /** {@return the images, shape {@code [count(), channels, 32, 32]}} */
    public Tensor images() {
        return images;
    }

    /** {@return the labels, one per image ({@code labels().length == count()})} */
    public int[] labels() {
        return labels;
    }

    /** {@return the number of examples in this batch} */
    public int count() {
        return labels.length;
    }

    /** {@return the epoch this batch belongs to} */
    public int epoch() {
        return epoch;
    }

    /** {@return the position of this batch in its epoch, from 0} */
    public int index() {
        return index;
    }
}
