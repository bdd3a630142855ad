package io.github.lenet5j.data;

import java.util.Objects;
import java.util.Random;

/**
 * Cuts a {@link Dataset} into mini-batches, in a new seeded random order every epoch.
 *
 * <p>The order of epoch {@code e} is a permutation drawn from {@code seed} and {@code e} alone,
 * so any batch of any epoch can be produced directly: {@code batch(e, k)} is how a training
 * run resumes at batch {@code k} of epoch {@code e}. The last batch of an epoch keeps the
 * leftover examples and may be smaller. Augmentation, if any, uses one seed per (epoch,
 * example), so it does not depend on batch size or order either.
 *
 * <p>{@link #batch} allocates nothing in steady state: it refills the same {@link Batch}. A
 * loader is not thread-safe; give each thread its own.
 */
public final class DataLoader {
    static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private final Dataset dataset;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private final Augmentation augmentation;
    private final int[] order;
    private final float[] scratch;
    private final Batch batch;
    private int orderEpoch = -1;

    /**
     * A loader that shuffles every epoch and does not augment.
     *
     * @param dataset the examples
     * @param batchSize the examples of a full batch, at least 1
     * @param seed the seed of the shuffles
     * @throws IllegalArgumentException if batchSize is below 1 or the dataset is empty
     */
    public DataLoader(Dataset dataset, int batchSize, long seed) {
        this(dataset, batchSize, true, seed, Augmentation.NONE);
    }

    /**
     * A loader.
     *
     * @param dataset the examples
     * @param batchSize the examples of a full batch, at least 1
     * @param shuffle      false to visit examples in dataset order (e.g. for evaluation)
     * @param seed         the seed of the shuffles and of the augmentation
     * @param augmentation distortions applied to every image, or {@link Augmentation#NONE}
     * @throws IllegalArgumentException if batchSize is below 1 or the dataset is empty
     */
    public DataLoader(Dataset dataset, int batchSize, boolean shuffle, long seed, Augmentation augmentation) {
        this.dataset = Objects.requireNonNull(dataset);
        this.augmentation = Objects.requireNonNull(augmentation);
        if (batchSize < 1 || dataset.size() < 1) {
            throw new IllegalArgumentException("need batchSize >= 1 and a non-empty dataset, got batchSize "
                    + batchSize + " and " + dataset.size() + " examples");
        }
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.seed = seed;
        this.order = new int[dataset.size()];
        this.scratch = new float[dataset.imageSize()];
        int last = dataset.size() - (batchesPerEpoch() - 1) * batchSize;
        this.batch = new Batch(Math.min(batchSize, dataset.size()), last, dataset.channels());
    }

    /** {@return the dataset} */
    public Dataset dataset() {
        return dataset;
    }

    /** {@return the number of examples of a full batch} */
    public int batchSize() {
        return batchSize;
    }

    /** {@return the number of batches in an epoch, the last one possibly partial} */
    public int batchesPerEpoch() {
        return (dataset.size() + batchSize - 1) / batchSize;
    }

    /**
     * The order in which epoch {@code epoch} visits the dataset (a new array): a seeded
     * Fisher-Yates shuffle, or {@code 0, 1, 2, ...} when shuffling is off.
     *
     * @param epoch the epoch, from 0
     * @return a permutation of {@code 0 .. size-1}
     * @throws IllegalArgumentException if epoch is negative
     */
    public int[] permutation(int epoch) {
        return orderOf(epoch).clone();
    }

    /**
     * Fills and returns the reusable batch number {@code index} of epoch {@code epoch}.
     *
     * @param epoch the epoch, from 0
     * @param index the batch within the epoch, from 0
     * @return the batch, overwritten by the next call
     * @throws IllegalArgumentException  if epoch is negative
     * @throws IndexOutOfBoundsException if index is not in {@code [0, batchesPerEpoch())}
     */
    public Batch batch(int epoch, int index) {
        Objects.checkIndex(index, batchesPerEpoch());
        int[] visit = orderOf(epoch);
        int start = index * batchSize;
        batch.select(index == batchesPerEpoch() - 1, epoch, index);
        float[] images = batch.images().data();
        int[] labels = batch.labels();
        int imageSize = dataset.imageSize();
        for (int i = 0; i < labels.length; i++) {
            int example = visit[start + i];
            labels[i] = dataset.label(example);
            if (augmentation.isNone()) {
                dataset.image(example, images, i * imageSize);
            } else {
                dataset.image(example, scratch, 0);
                augmentation.apply(scratch, dataset.channels(), mix(mix(seed + epoch * GOLDEN) + example), images,
                        i * imageSize);
            }
        }
        return batch;
    }

    private int[] orderOf(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
        }
        if (epoch != orderEpoch) {
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            if (shuffle) {
                Random random = new Random(mix(seed ^ mix(epoch + 1L)));
                for (int i = order.length - 1; i > 0; i--) {
                    int j = random.nextInt(i + 1);
                    int swap = order[i];
                    order[i] = order[j];
                    order[j] = swap;
                }
            }
            orderEpoch = epoch;
        }
        return order;
    }

    /** SplitMix64's finaliser: spreads the bits of {@code z} so that nearby seeds give unrelated streams. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
