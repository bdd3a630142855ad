package io.github.lenet5j.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * Fuzzes the picture path of {@code predict} and {@code serve}: any bytes either decode to an image within
 * the size cap that converts to a 32×32 input in [0, 1], or fail with an {@link IOException} naming the
 * source. Anything else escaping the JDK's decoders (an index out of bounds, a negative array size, an
 * out-of-memory error) is a bug. The cap here is 512 px a side, so that one fuzz input cannot fill the heap.
 * Without {@code JAZZER_FUZZ} this replays the corpus in {@code ImageFuzzTestInputs/} (tiny and truncated
 * PNG, JPEG, BMP and GIF files, a PNG claiming 60,000×60,000 pixels); docs/reliability.md says how to fuzz.
 */
class ImageFuzzTest {
    private static final int CAP = 512;

    @FuzzTest(maxDuration = "2m")
    void anyBytesDecodeToABoundedImageOrFailWithIOException(byte[] bytes) {
        BufferedImage image;
        try {
            image = ImagePreprocessor.read(new ByteArrayInputStream(bytes), "fuzz", CAP);
        } catch (IOException expected) {
            assertThat(expected).hasMessageStartingWith("fuzz: ");
            return;
        }
        assertThat(image.getWidth()).isBetween(1, CAP);
        assertThat(image.getHeight()).isBetween(1, CAP);
        for (int channels : new int[] {1, 3}) {
            float[] input = ImagePreprocessor.toModelInput(image, channels, ImagePreprocessor.hasLightBorder(image));
            assertThat(input).hasSize(channels * 32 * 32);
            for (float v : input) {
                assertThat(v).isBetween(0f, 1f);
            }
        }
    }
}
