package io.github.lenet5j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DatasetSplitTest {
    /** Example i: label given, every pixel equal to i, so a view's images say which example they are. */
    private record Labelled(int[] labels, int numClasses) implements Dataset {
        @Override
        public int size() {
            return labels.length;
        }

        @Override
        public int channels() {
            return 1;
        }

        @Override
        public int label(int index) {
            return labels[index];
        }

        @Override
        public void image(int index, float[] dest, int offset) {
            Arrays.fill(dest, offset, offset + 1024, index);
        }

        @Override
        public List<String> classNames() {
            List<String> names = new ArrayList<>();
            for (int c = 0; c < numClasses; c++) {
                names.add("c" + c);
            }
            return names;
        }
    }

    private static int[] labels(int... perClass) {
        List<Integer> labels = new ArrayList<>();
        for (int c = 0; c < perClass.length; c++) {
            for (int i = 0; i < perClass[c]; i++) {
                labels.add(c);
            }
        }
        java.util.Collections.shuffle(labels, new java.util.Random(1));
        return labels.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int[] originalIndices(Dataset view) {
        float[] image = new float[1024];
        int[] indices = new int[view.size()];
        for (int i = 0; i < view.size(); i++) {
            view.image(i, image, 0);
            indices[i] = (int) image[0];
        }
        return indices;
    }

    private static int[] classCounts(Dataset d) {
        int[] counts = new int[d.numClasses()];
        for (int i = 0; i < d.size(); i++) {
            counts[d.label(i)]++;
        }
        return counts;
    }

    @Test
    void holdsOutTheSameShareOfEveryClass() {
        Dataset data = new Labelled(labels(600, 300, 100), 3);
        DatasetSplit split = DatasetSplit.stratified(data, HoldOut.fraction(0.1), 7);
        assertThat(split.heldOut().size()).isEqualTo(100);
        assertThat(split.train().size()).isEqualTo(900);
        assertThat(classCounts(split.heldOut())).containsExactly(60, 30, 10);
        assertThat(classCounts(split.train())).containsExactly(540, 270, 90);
    }

    @Test
    void givesTheRoundingsExamplesToTheLargestRemainders() {
        Dataset data = new Labelled(labels(5, 3, 2), 3);   // 4 of 10: shares 2.0, 1.2, 0.8
        DatasetSplit split = DatasetSplit.stratified(data, HoldOut.count(4), 3);
        assertThat(classCounts(split.heldOut())).containsExactly(2, 1, 1);
    }

    @Test
    void partsAreDisjointCoverEverythingAndKeepTheOriginalOrder() {
        Dataset data = new Labelled(labels(50, 40, 30), 3);
        DatasetSplit split = DatasetSplit.stratified(data, HoldOut.count(17), 11);
        int[] train = originalIndices(split.train()), held = originalIndices(split.heldOut());
        assertThat(train).isSorted();
        assertThat(held).isSorted();
        int[] all = new int[train.length + held.length];
        System.arraycopy(train, 0, all, 0, train.length);
        System.arraycopy(held, 0, all, train.length, held.length);
        Arrays.sort(all);
        for (int i = 0; i < all.length; i++) {
            assertThat(all[i]).isEqualTo(i);
        }
        for (int i = 0; i < held.length; i++) {
            assertThat(split.heldOut().label(i)).isEqualTo(data.label(held[i]));
        }
    }

    @Test
    void theSameSeedGivesTheSamePartsAndAnotherSeedOthers() {
        Dataset data = new Labelled(labels(200, 200, 200), 3);
        int[] first = originalIndices(DatasetSplit.stratified(data, HoldOut.fraction(0.2), 5).heldOut());
        int[] again = originalIndices(DatasetSplit.stratified(data, HoldOut.fraction(0.2), 5).heldOut());
        int[] other = originalIndices(DatasetSplit.stratified(data, HoldOut.fraction(0.2), 6).heldOut());
        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void theSampleSplitsTheSameOnEveryRun() {   // pins java.util.Random's sequence: a changed algorithm shows here
        Dataset fashion = SampleData.fashionMnist(Split.TRAIN);
        int[] labels = new int[fashion.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = fashion.label(i);
        }
        Dataset sample = new Labelled(labels, 10);   // the sample's labels, images that say their index
        DatasetSplit split = DatasetSplit.stratified(sample, HoldOut.fraction(0.1), 0);
        assertThat(split.heldOut().size()).isEqualTo(600);
        int[] all = classCounts(sample), held = classCounts(split.heldOut());
        for (int c = 0; c < all.length; c++) {   // a tenth of each class, rounded one way or the other
            assertThat(held[c]).as("class %d", c).isBetween(all[c] / 10, (all[c] + 9) / 10);
        }
        assertThat(Arrays.copyOf(originalIndices(split.heldOut()), 5)).containsExactly(PINNED);
    }

    private static final int[] PINNED = {0, 9, 10, 17, 18};

    @Test
    void viewsShareTheClassesAndChannels() {
        Dataset data = new Labelled(labels(10, 10), 2);
        DatasetSplit split = DatasetSplit.stratified(data, HoldOut.fraction(0.5), 0);
        assertThat(split.train().numClasses()).isEqualTo(2);
        assertThat(split.heldOut().classNames()).containsExactly("c0", "c1");
        assertThat(split.heldOut().channels()).isEqualTo(1);
        assertThat(classCounts(split.heldOut())).containsExactly(5, 5);
    }

    @Test
    void refusesAHoldOutThatLeavesNothingToTrainOn() {
        Dataset data = new Labelled(labels(3, 2), 2);
        assertThatThrownBy(() -> DatasetSplit.stratified(data, HoldOut.count(5), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("none would be left");
    }

    @Test
    void parsesFractionsPercentagesAndCounts() {
        assertThat(HoldOut.parse("0.1")).isEqualTo(HoldOut.fraction(0.1));
        assertThat(HoldOut.parse("10%")).isEqualTo(HoldOut.fraction(0.1));
        assertThat(HoldOut.parse("600")).isEqualTo(HoldOut.count(600));
        assertThat(HoldOut.parse("0.1").of(6000)).isEqualTo(600);
        assertThat(HoldOut.parse("600").of(60000)).isEqualTo(600);
        assertThat(HoldOut.parse("0.1")).hasToString("10%");
        for (String bad : List.of("1.5", "0", "-3", "abc", "0.0", "100%")) {
            assertThatThrownBy(() -> HoldOut.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + bad + "'");
        }
    }
}
