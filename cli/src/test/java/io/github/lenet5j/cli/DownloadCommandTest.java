package io.github.lenet5j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DownloadCommandTest {
    @TempDir
    Path dir;

    @Test
    void anUnknownDatasetIsAUsageError() {
        CliRunner r = CliRunner.run("download", "cifar10");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("unknown dataset 'cifar10': expected mnist or fashion-mnist");
        assertThat(CliRunner.run("download", "mnsit").err()).contains("did you mean 'mnist'?");
    }

    @Test
    void anUnreachableMirrorIsOneLineNamingTheFileTheHostWhyAndTheAlternatives() {
        // Nothing listens on port 1 of this machine: the connection is refused at once.
        CliRunner r = CliRunner.run("download", "fashion-mnist", "--dir", dir.toString(), "--mirror", "http://127.0.0.1:1/");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("could not download train-images-idx3-ubyte.gz of fashion-mnist")
                .contains("http://127.0.0.1:1/train-images-idx3-ubyte.gz: 127.0.0.1 port 1 refused the connection")
                .contains("give it to train and eval as --data DIR")
                .contains("'apt-get install dataset-fashion-mnist' puts Fashion-MNIST in /usr/share/datasets/fashion-mnist");
        assertThat(dir.resolve("fashion-mnist")).as("no empty folder left behind").doesNotExist();
    }
}
