package io.github.lenet5j.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * A dataset cut in two: the part to train on and a held-out part (for validation, or as a test set).
 * Both are views of the original, which they share; neither copies an image.
 *
 * <p>{@link #stratified} holds out the same share of every class (so a 10% validation set of Fashion-MNIST has
 * about 10% of each of its ten classes), chosen by a seeded shuffle: the same dataset, hold-out and seed give the
 * same two parts on every JVM. Within each part the examples keep their original order.
 *
 * @param train the examples not held out
 * @param heldOut the examples held out
 */
public record DatasetSplit(Dataset train, Dataset heldOut) {
    /**
     * Validates.
     *
     * @param train the examples not held out, not null
     * @param heldOut the examples held out, not null
     */
    public DatasetSplit {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(heldOut, "heldOut");
    }

    /**
     * Holds out a seeded, class-stratified part of {@code data}.
     *
     * <p>Each class {@code c} of {@code n_c} examples gives {@code n * n_c / size} of the {@code n} held-out examples,
     * rounded down; the examples still missing go one each to the classes with the largest remainders (the lower
     * class first on ties). Which examples of a class are held out is decided by shuffling the class's examples
     * with {@code new java.util.Random(seed)} (one generator, classes in label order).
     *
     * @param data the dataset to split
     * @param holdOut how much to hold out
     * @param seed the seed of the choice
     * @return the two parts
     * @throws IllegalArgumentException if the hold-out leaves no example on either side
     */
    public static DatasetSplit stratified(Dataset data, HoldOut holdOut, long seed) {
        int size = data.size(), n = holdOut.of(size), k = data.numClasses();
        int[][] byClass = examplesByClass(data);
        int[] quota = new int[k];
        long[] remainder = new long[k];
        int given = 0;
        for (int c = 0; c < k; c++) {
            long share = (long) n * byClass[c].length;   // n * n_c / size, as a whole part and a remainder
            quota[c] = (int) (share / size);
            remainder[c] = share % size;
            given += quota[c];
        }
        for (; given < n; given++) {                   // largest remainder first, the lower class on ties
            int best = -1;
            for (int c = 0; c < k; c++) {
                if (quota[c] < byClass[c].length && (best < 0 || remainder[c] > remainder[best])) {
                    best = c;
                }
            }
            quota[best]++;
            remainder[best] = -1;
        }
        Random random = new Random(seed);
        boolean[] held = new boolean[size];
        for (int c = 0; c < k; c++) {
            int[] examples = byClass[c];
            for (int i = examples.length - 1; i > 0; i--) {   // Fisher-Yates
                int j = random.nextInt(i + 1);
                int swap = examples[i];
                examples[i] = examples[j];
                examples[j] = swap;
            }
            for (int i = 0; i < quota[c]; i++) {
                held[examples[i]] = true;
            }
        }
        int[] trainIndex = new int[size - n], heldIndex = new int[n];
        for (int i = 0, t = 0, h = 0; i < size; i++) {
            if (held[i]) {
                heldIndex[h++] = i;
            } else {
                trainIndex[t++] = i;
            }
        }
        return new DatasetSplit(new Subset(data, trainIndex), new Subset(data, heldIndex));
    }

    /** The example indices of each class, in order. */
    private static int[][] examplesByClass(Dataset data) {
        int k = data.numClasses();
        List<List<Integer>> lists = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            lists.add(new ArrayList<>());
        }
        for (int i = 0; i < data.size(); i++) {
            int label = data.label(i);
            if (label < 0 || label >= k) {
                throw new IllegalArgumentException("example " + i + " has label " + label + " but the dataset has "
                        + k + " classes");
            }
            lists.get(label).add(i);
        }
        int[][] byClass = new int[k][];
        for (int c = 0; c < k; c++) {
            byClass[c] = lists.get(c).stream().mapToInt(Integer::intValue).toArray();
        }
        return byClass;
    }

    /** Some examples of a dataset, by index: a view, allocation-free like the dataset it reads. */
    private static final class Subset implements Dataset {
        private final Dataset data;
        private final int[] index;

        Subset(Dataset data, int[] index) {
            this.data = data;
            this.index = index;
        }

        @Override
        public int size() {
            return index.length;
        }

        @Override
        public int channels() {
            return data.channels();
        }

        @Override
        public int numClasses() {
            return data.numClasses();
        }

        @Override
        public int label(int i) {
            return data.label(index[i]);
        }

        @Override
        public void image(int i, float[] dest, int offset) {
            data.image(index[i], dest, offset);
        }

        @Override
        public List<String> classNames() {
            return data.classNames();
        }

        @Override
        public String toString() {
            return index.length + " of " + data + " (examples " + Arrays.toString(Arrays.copyOf(index, Math.min(5, index.length)))
                    .replace("]", index.length > 5 ? ", ...]" : "]") + ")";
        }
    }
}
