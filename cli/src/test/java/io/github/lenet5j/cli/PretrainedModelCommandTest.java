package io.github.lenet5j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lenet5j.data.MnistDataset;
import io.github.lenet5j.data.Split;
import io.github.lenet5j.datasets.FashionMnistSample;
import io.github.lenet5j.datasets.PretrainedModels;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --model fashion}: the pretrained model that comes with the command line, without a training run. */
class PretrainedModelCommandTest {
    @TempDir
    Path dir;

    @Test
    void predictWithTheFashionModelNamesAnAnkleBootDrawnDarkOnLight() throws IOException {
        Path boot = sampleTestImage(0, dir.resolve("boot.png"));   // the sample's first test image: an ankle boot
        CliRunner r = CliRunner.run("predict", "--model", "fashion", "--top", "1", boot.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("boot.png").containsPattern("1\\. 9 Ankle boot +\\d+\\.\\d\\d%");
    }

    @Test
    void evalWithTheFashionModelOnTheSampleReportsItsAccuracy() {
        CliRunner r = CliRunner.run("eval", "--model", "fashion");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("accuracy (8[5-9]|9\\d)\\.\\d\\d%");
    }

    @Test
    void aFileNamedFashionInTheWorkingFolderWinsOverThePretrainedModel() throws Exception {
        assertThat(new ModelFileConverter().convert(dir.resolve("fashion").toString()))
                .isEqualTo(dir.resolve("fashion"));   // a path that is not the bare name is always a path
        Path copy = new ModelFileConverter().convert("fashion");
        assertThat(copy.getFileName().toString()).startsWith("fashion-mnist-");
        assertThat(ModelFileConverter.sha256(Files.readAllBytes(copy))).isEqualTo(PretrainedModels.FASHION_MNIST_SHA256);
    }

    @Test
    void aDamagedCopyOfThePretrainedModelIsReplaced() throws Exception {
        Path copy = ModelFileConverter.pretrainedFashion();
        Files.write(copy, new byte[] {1, 2, 3});
        assertThat(ModelFileConverter.pretrainedFashion()).isEqualTo(copy);
        assertThat(ModelFileConverter.sha256(Files.readAllBytes(copy))).isEqualTo(PretrainedModels.FASHION_MNIST_SHA256);
    }

    private static Path sampleTestImage(int index, Path file) throws IOException {
        MnistDataset test = FashionMnistSample.load(Split.TEST);
        float[] pixels = new float[32 * 32];
        test.image(index, pixels, 0);
        BufferedImage picture = new BufferedImage(32, 32, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                picture.getRaster().setSample(x, y, 0, 255 - Math.round(pixels[y * 32 + x] * 255));
            }
        }
        ImageIO.write(picture, "png", file.toFile());
        return file;
    }
}
