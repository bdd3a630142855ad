package io.github.lenet5j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lenet5j.data.Preprocessing.Invert;
import io.github.lenet5j.data.Preprocessing.Resize;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PreprocessingTest {
    private static BufferedImage filled(int w, int h, Color color) {
        return ImagePreprocessorTest.filled(w, h, color);
    }

    private static int count(byte[] pixels, int value) {
        int n = 0;
        for (byte b : pixels) {
            n += (b & 0xff) == value ? 1 : 0;
        }
        return n;
    }

    @Test
    void mnistsConventionFitsIn28CentredIn32InvertsLightBordersAndDoesNotNormalise() {
        Preprocessing mnist = Preprocessing.mnist(1);
        assertThat(mnist).isEqualTo(new Preprocessing(1, Resize.FIT, 28, Invert.AUTO, Normalization.NONE));
        assertThat(Preprocessing.pictures(3)).isEqualTo(new Preprocessing(3, Resize.FIT, 28, Invert.NEVER, Normalization.NONE));
        byte[] wide = mnist.pixels(filled(56, 14, Color.BLACK));   // light border? no: kept; 28 x 7 box of 0
        assertThat(count(wide, 0)).isEqualTo(1024);
        byte[] paper = mnist.pixels(filled(56, 14, Color.WHITE));   // light border: inverted to black
        assertThat(count(paper, 0)).isEqualTo(1024);
        byte[] ink = mnist.withInvert(Invert.NEVER).pixels(filled(56, 14, Color.WHITE));
        assertThat(count(ink, 255)).isEqualTo(28 * 7);
        assertThat(ink[12 * 32 + 2] & 0xff).isEqualTo(255);
        assertThat(ink[11 * 32 + 2] & 0xff).isZero();
    }

    @Test
    void stretchFillsTheInnerBoxWhateverTheAspectAndAlwaysInverts() {
        Preprocessing stretch = Preprocessing.pictures(3).withResize(Resize.STRETCH, 30).withInvert(Invert.ALWAYS);
        byte[] pixels = stretch.pixels(filled(56, 14, Color.BLACK));
        assertThat(count(pixels, 255)).isEqualTo(3 * 30 * 30);
        assertThat(pixels[0]).isZero();
        assertThat(pixels[32 + 1] & 0xff).isEqualTo(255);
        assertThat(stretch.inverts(filled(3, 3, Color.BLACK))).isTrue();
        assertThat(Preprocessing.mnist(1).inverts(filled(3, 3, Color.WHITE))).isTrue();
        assertThat(Preprocessing.pictures(1).inverts(filled(3, 3, Color.WHITE))).isFalse();
    }

    @Test
    void theInputIsTheNormalisedBytesExactlyAsADatasetConvertsThem() {
        Preprocessing p = Preprocessing.mnist(1).withNormalization(Normalization.FASHION_MNIST);
        byte[] pixels = new byte[1024];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) i;
        }
        float[] input = p.input(pixels);
        for (int i = 0; i < pixels.length; i++) {
            assertThat(input[i]).isEqualTo(Normalization.FASHION_MNIST.apply((i & 0xff) / 255f));
        }
        assertThatThrownBy(() -> p.input(new byte[3072])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected 1024 bytes");
    }

    @Test
    void theFieldsRoundTripAndInvalidOnesAreNamed() {
        Preprocessing p = new Preprocessing(3, Resize.STRETCH, 31, Invert.ALWAYS, new Normalization(0.1307f, 0.3081f));
        assertThat(Preprocessing.fromMap(p.toMap())).isEqualTo(p);
        assertThat(p.toMap()).containsEntry("resize", "stretch").containsEntry("inner_size", 31).containsEntry("invert", "always");
        Map<String, Object> fields = new HashMap<>(p.toMap());
        fields.put("inner_size", 31.0);   // a JSON parser's number
        assertThat(Preprocessing.fromMap(fields)).isEqualTo(p);
        fields.put("invert", "sometimes");
        assertThatThrownBy(() -> Preprocessing.fromMap(fields)).hasMessageContaining("unknown invert 'sometimes'")
                .hasMessageContaining("auto, always, never");
        fields.put("invert", "auto");
        fields.put("channels", 2.5);
        assertThatThrownBy(() -> Preprocessing.fromMap(fields)).hasMessageContaining("'channels'");
        fields.remove("channels");
        assertThatThrownBy(() -> Preprocessing.fromMap(fields)).hasMessageContaining("'channels' must be a number");
        assertThatThrownBy(() -> Preprocessing.mnist(0)).hasMessageContaining("not 0");
        assertThatThrownBy(() -> Preprocessing.mnist(2).pixels(new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB)))
                .hasMessageContaining("1 (grayscale) or 3 (RGB) channels, not 2");
        assertThatThrownBy(() -> Preprocessing.mnist(1).withResize(Resize.FIT, 33)).hasMessageContaining("not 33");
        assertThat(p.describe()).isEqualTo("RGB, stretched to 31x31 centred in 32x32, invert always,"
                + " normalised with mean 0.1307, std 0.3081");
        assertThat(Preprocessing.mnist(1).describe()).isEqualTo("grayscale, fit in 28x28 centred in 32x32, invert auto,"
                + " no normalisation");
    }
}
