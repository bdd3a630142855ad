package io.github.lenet5j.cli;

import io.github.lenet5j.datasets.PretrainedModels;
import io.github.lenet5j.io.AtomicFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import picocli.CommandLine.ITypeConverter;

/**
 * {@code --model}'s value: a model file, or {@value #FASHION} for the pretrained Fashion-MNIST model that comes
 * with the command line (docs/pretrained.md), unless a file of that name exists. The pretrained model is copied
 * once to {@code <java.io.tmpdir>/lenet5j-pretrained/}, named by its SHA-256, so every command reads it as a file.
 */
final class ModelFileConverter implements ITypeConverter<Path> {
    /** The name that stands for the pretrained Fashion-MNIST model. */
    static final String FASHION = "fashion";
    /** The option's description, for every command that takes --model. */
    static final String DESCRIPTION = "A model saved as safetensors, or 'fashion': the pretrained Fashion-MNIST model"
            + " (docs/pretrained.md).";

    @Override
    public Path convert(String value) throws IOException {
        Path file = Path.of(value);
        if (!value.equals(FASHION) || Files.exists(file)) {
            return file;
        }
        return pretrainedFashion();
    }

    /** The pretrained model as a file: copied from the jar on first use, checked against its SHA-256. */
    static Path pretrainedFashion() throws IOException {
        String sha = PretrainedModels.FASHION_MNIST_SHA256;
        Path copy = Path.of(System.getProperty("java.io.tmpdir"), "lenet5j-pretrained",
                "fashion-mnist-" + sha.substring(0, 12) + ".safetensors");
        if (Files.isRegularFile(copy) && sha.equals(sha256(Files.readAllBytes(copy)))) {
            return copy;
        }
        byte[] bytes;
        try (InputStream in = PretrainedModels.openFashionMnist()) {
            bytes = in.readAllBytes();
        }
        if (!sha.equals(sha256(bytes))) {
            throw new IOException("the pretrained model in the jar is damaged: its SHA-256 is " + sha256(bytes)
                    + ", not " + sha);
        }
        Files.createDirectories(copy.getParent());
        AtomicFile.write(copy, out -> out.write(bytes));
        return copy;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
