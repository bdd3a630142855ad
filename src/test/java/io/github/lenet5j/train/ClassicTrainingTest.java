package io.github.lenet5j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lenet5j.data.MnistDataset;
import io.github.lenet5j.data.SampleData;
import io.github.lenet5j.data.Normalization;
import io.github.lenet5j.data.Split;
import io.github.lenet5j.io.SafeTensorsException;
import io.github.lenet5j.model.ClassicLeNet5;
import io.github.lenet5j.model.ModelFile;
import io.github.lenet5j.optim.Adam;
import io.github.lenet5j.optim.AdamConfig;
import io.github.lenet5j.tensor.Tensor;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The 1998 model trains with the same Trainer (RBF + MAP loss, argmin predictions) and round-trips through safetensors. */
class ClassicTrainingTest {
    @TempDir
    Path dir;

    @Test
    void theClassicModelLearnsOnTheSampleAndSavesAndLoads() throws Exception {
        MnistDataset train = SampleData.fashionMnist(Split.TRAIN).subset(0, 1200).withNormalization(Normalization.PAPER_1998);
        MnistDataset test = SampleData.fashionMnist(Split.TEST).subset(0, 300).withNormalization(Normalization.PAPER_1998);
        ClassicLeNet5 model = new ClassicLeNet5(10, 1);
        List<EpochResult> results;
        try (Trainer trainer = new Trainer(model, new Adam(model.parameters(), AdamConfig.of(3e-3f)), TrainConfig.of(3, 32, 1))) {
            results = trainer.fit(train, test, TrainingListener.NONE);
        }
        assertThat(results.get(2).validation().accuracy()).isGreaterThan(0.6);

        Path file = dir.resolve("classic.safetensors");
        ModelFile.save(model, MnistDataset.FASHION_MNIST_CLASSES, file);
        assertThat(ModelFile.isClassic(file)).isTrue();
        ModelFile.LoadedClassic loaded = ModelFile.loadClassic(file);
        assertThat(loaded.classNames()).isEqualTo(MnistDataset.FASHION_MNIST_CLASSES);
        Tensor x = io.github.lenet5j.nn.GradientCheck.random(1, -0.1f, 1.175f, 3, 1, 32, 32);
        assertThat(loaded.model().forward(x).data()).containsExactly(model.forward(x).data().clone());
        assertThat(Trainer.evaluate(loaded.model(), test, 100).correct()).isEqualTo(results.get(2).validation().correct());
        assertThatThrownBy(() -> ModelFile.load(file)).isInstanceOf(SafeTensorsException.class);
    }
}
