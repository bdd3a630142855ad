package io.github.lenet5j.cli.serve;

import io.github.lenet5j.data.MnistDataset;
import io.github.lenet5j.model.Activation;
import io.github.lenet5j.model.LeNet5;
import io.github.lenet5j.model.LeNet5Config;
import io.github.lenet5j.model.ModelFile;
import io.github.lenet5j.model.Pooling;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.imageio.ImageIO;

/** A saved model, pictures, and a loopback HTTP client with timeouts, for the server's tests. */
final class ServeFixtures {
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private ServeFixtures() {
    }

    /** A relu model with random weights (seed 7) and Fashion-MNIST's class names, saved and loaded as serve does. */
    static ModelFile.Loaded savedModel(Path dir) throws IOException {
        Path file = dir.resolve("serve-test.safetensors");
        LeNet5 model = new LeNet5(new LeNet5Config(1, 10, Activation.RELU, Pooling.MAX), 7);
        ModelFile.save(model, MnistDataset.FASHION_MNIST_CLASSES, file);
        return ModelFile.load(file);
    }

    static HttpClient client() {
        return HttpClient.newBuilder().connectTimeout(TIMEOUT).version(HttpClient.Version.HTTP_1_1).build();
    }

    static HttpRequest.Builder request(URI base, String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT);
    }

    static HttpResponse<String> send(HttpClient client, HttpRequest request) throws IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** A dark filled square on white paper, w x h, as PNG bytes. */
    static byte[] inkOnPaperPng(int w, int h) throws IOException {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setColor(Color.BLACK);
        g.fillRect(w / 4, h / 5, w / 3, h / 2);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    static byte[] read(Path file) throws IOException {
        return Files.readAllBytes(file);
    }
}
