package io.github.lenet5j.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lenet5j.data.MnistDataset;
import io.github.lenet5j.data.Split;
import io.github.lenet5j.model.ModelFile;
import io.github.lenet5j.train.Evaluation;
import io.github.lenet5j.train.Trainer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class PretrainedModelsTest {
    @Test
    void theFashionModelsBytesHaveTheSha256OfItsModelCard() throws Exception {
        byte[] bytes;
        try (InputStream in = PretrainedModels.openFashionMnist()) {
            bytes = in.readAllBytes();
        }
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        assertThat(sha).isEqualTo(PretrainedModels.FASHION_MNIST_SHA256);
        assertThat(Files.readString(Path.of("docs/pretrained.md"))).contains(sha, String.format("%,d bytes", bytes.length));
    }

    @Test
    void theFashionModelIsAReluLeNet5WithFashionMnistsClassNamesThatClassifiesTheSample() throws IOException {
        ModelFile.Loaded fashion = PretrainedModels.fashionMnist();
        assertThat(fashion.model().config().inChannels()).isEqualTo(1);
        assertThat(fashion.model().config().activation().id()).isEqualTo("relu");
        assertThat(fashion.model().numParameters()).isEqualTo(61_706);
        assertThat(fashion.classNames()).isEqualTo(MnistDataset.FASHION_MNIST_CLASSES);
        MnistDataset sample = FashionMnistSample.load(Split.TEST);   // the first 1,000 of its test set
        Evaluation evaluation = Trainer.evaluate(fashion.model(), sample, 250);
        assertThat(evaluation.accuracy()).isGreaterThan(0.85);   // the card: 89.99% on all 10,000
    }
}
