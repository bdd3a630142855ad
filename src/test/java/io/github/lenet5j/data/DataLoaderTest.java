package io.github.lenet5j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DataLoaderTest {
    /** Example i: label i % 3, every pixel of channel c equal to i + c / 10. */
    private record NumberedDataset(int size, int channels) implements Dataset {
        @Override
        public int numClasses() {
            return 3;
        }

        @Override
        public int label(int index) {
            return index % 3;
        }

        @Override
        public void image(int index, float[] dest, int offset) {
            for (int c = 0; c < channels; c++) {
                Arrays.fill(dest, offset + c * 1024, offset + (c + 1) * 1024, index + c / 10f);
            }
        }

        @Override
        public List<String> classNames() {
            return List.of("a", "b", "c");
        }
    }

    /** One bright pixel at (x, y) on a black 32x32 image. */
    private record DotDataset(int x, int y) implements Dataset {
        @Override
        public int size() {
            return 1;
        }

        @Override
        public int channels() {
            return 1;
        }

        @Override
        public int numClasses() {
            return 1;
        }

        @Override
        public int label(int index) {
            return 0;
        }

        @Override
        public void image(int index, float[] dest, int offset) {
            Arrays.fill(dest, offset, offset + 1024, 0f);
            dest[offset + y * 32 + x] = 1f;
        }

        @Override
        public List<String> classNames() {
            return List.of("dot");
        }
    }

    @Test
    void sameSeedAndEpochGiveTheSameOrderAndOtherEpochsDiffer() {
        DataLoader a = new DataLoader(new NumberedDataset(100, 1), 8, 42);
        DataLoader b = new DataLoader(new NumberedDataset(100, 1), 8, 42);
        assertThat(a.permutation(3)).containsExactly(b.permutation(3));
        assertThat(a.permutation(3)).isNotEqualTo(a.permutation(4));
        assertThat(a.permutation(0)).isNotEqualTo(new DataLoader(new NumberedDataset(100, 1), 8, 43).permutation(0));
    }

    @Test
    void everyExampleAppearsExactlyOncePerEpochAndTheLastBatchIsPartial() {
        DataLoader loader = new DataLoader(new NumberedDataset(10, 1), 4, 7);
        assertThat(loader.batchesPerEpoch()).isEqualTo(3);
        int[] seen = new int[10];
        for (int k = 0; k < 3; k++) {
            Batch batch = loader.batch(1, k);
            assertThat(batch.count()).isEqualTo(k < 2 ? 4 : 2);
            assertThat(batch.images().shape()).containsExactly(batch.count(), 1, 32, 32);
            for (int i = 0; i < batch.count(); i++) {
                int example = (int) batch.images().get(i, 0, 5, 5);
                assertThat(batch.labels()[i]).isEqualTo(example % 3);
                seen[example]++;
            }
        }
        assertThat(seen).containsOnly(1);
    }

    @Test
    void batchesFollowThePermutationAndCanBeRequestedOutOfOrder() {
        DataLoader loader = new DataLoader(new NumberedDataset(20, 3), 5, 1);
        int[] order = loader.permutation(2);
        loader.batch(0, 1); // a different epoch in between must not matter
        Batch batch = loader.batch(2, 3);
        assertThat(batch.epoch()).isEqualTo(2);
        assertThat(batch.index()).isEqualTo(3);
        for (int i = 0; i < 5; i++) {
            assertThat(batch.images().get(i, 0, 0, 0)).isEqualTo(order[15 + i]);
            assertThat(batch.images().get(i, 2, 31, 31)).isCloseTo(order[15 + i] + 0.2f, within(1e-6f));
        }
    }

    @Test
    void fullBatchesReuseTheSameTensor() {
        DataLoader loader = new DataLoader(new NumberedDataset(12, 1), 4, 1);
        assertThat(loader.batch(0, 0).images()).isSameAs(loader.batch(1, 1).images());
    }

    @Test
    void withoutShuffleExamplesComeInDatasetOrder() {
        DataLoader loader = new DataLoader(new NumberedDataset(5, 1), 2, false, 9, Augmentation.NONE);
        assertThat(loader.permutation(4)).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void invalidArgumentsAreRejected() {
        assertThatThrownBy(() -> new DataLoader(new NumberedDataset(5, 1), 0, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("batchSize");
        DataLoader loader = new DataLoader(new NumberedDataset(5, 1), 2, 1);
        assertThatThrownBy(() -> loader.batch(0, 3)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> loader.batch(-1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Augmentation(-1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void augmentationIsDeterministicAndIndependentOfBatchSize() {
        Dataset data = new DotDataset(16, 16);
        Augmentation aug = Augmentation.LENET;
        float[] a = new DataLoader(data, 1, true, 5, aug).batch(3, 0).images().data().clone();
        float[] b = new DataLoader(data, 8, true, 5, aug).batch(3, 0).images().data().clone();
        float[] otherEpoch = new DataLoader(data, 1, true, 5, aug).batch(4, 0).images().data();
        assertThat(a).containsExactly(b);
        assertThat(a).isNotEqualTo(otherEpoch);
    }

    @Test
    void shiftMovesTheImageByAtMostMaxShiftKeepingItsMass() {
        Dataset data = new DotDataset(16, 16);
        DataLoader loader = new DataLoader(data, 1, true, 11, new Augmentation(2, 0f, 0f));
        boolean moved = false;
        for (int epoch = 0; epoch < 5; epoch++) {
            float[] image = loader.batch(epoch, 0).images().data();
            float mass = 0;
            float cx = 0;
            float cy = 0;
            for (int i = 0; i < image.length; i++) {
                mass += image[i];
                cx += image[i] * (i % 32);
                cy += image[i] * (i / 32);
            }
            assertThat(mass).isCloseTo(1f, within(1e-5f));
            float dx = cx / mass - 16;
            float dy = cy / mass - 16;
            assertThat(Math.abs(dx)).isLessThanOrEqualTo(2f);
            assertThat(Math.abs(dy)).isLessThanOrEqualTo(2f);
            moved |= Math.abs(dx) > 0.01f || Math.abs(dy) > 0.01f;
        }
        assertThat(moved).isTrue();
    }

    @Test
    void noAugmentationLeavesImagesUnchanged() {
        float[] image = new DataLoader(new DotDataset(3, 4), 1, true, 5, Augmentation.NONE).batch(0, 0).images().data();
        assertThat(image[4 * 32 + 3]).isEqualTo(1f);
    }
}
