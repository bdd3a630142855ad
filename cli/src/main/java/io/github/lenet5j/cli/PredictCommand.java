package io.github.lenet5j.cli;

import io.github.lenet5j.data.Dataset;
import io.github.lenet5j.data.IdxFile;
import io.github.lenet5j.data.ImagePreprocessor;
import io.github.lenet5j.data.Preprocessing;
import io.github.lenet5j.io.Json;
import io.github.lenet5j.model.ModelFile;
import io.github.lenet5j.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code predict}: classifies pictures (anything javax.imageio reads) or the images of an IDX file with a saved
 * model, printing the most probable classes. Pictures are prepared by the {@link Preprocessing} the model file
 * records (MNIST's convention for a file that records none), exactly as the model's training pictures were.
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Classify images (PNG, JPEG, BMP, GIF, or IDX files such as t10k-images-idx3-ubyte.gz) with a"
                + " saved model. Each picture is prepared as the model file records (as its training pictures were);"
                + " a model trained on MNIST-format files converts it to the model's channels, scales it to fit 28x28,"
                + " centres it in 32x32 and inverts it when its border is light (MNIST is light on black).")
final class PredictCommand implements Callable<Integer> {
    private static final int BATCH = 256;

    @Option(names = "--model", required = true, paramLabel = "FILE", converter = ModelFileConverter.class,
            description = ModelFileConverter.DESCRIPTION)
    Path modelFile;

    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Image files or IDX image files.")
    List<Path> files;

    @Option(names = "--top", defaultValue = "3", paramLabel = "K", converter = Check.AtLeastOne.class, description = "Classes to print per image (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--limit", paramLabel = "N", converter = Check.AtLeastOne.class, description = "Only the first N images of an IDX file (default: all).")
    Integer limit;

    @Option(names = "--invert", description = "Invert every picture (dark drawings on a light background), whatever the"
            + " model records.")
    boolean invert;

    @Option(names = "--no-auto-invert", description = "Never invert a picture because its border is light (for a model"
            + " that records invert auto).")
    boolean noAutoInvert;

    @Option(names = "--json", description = "Print JSON Lines: {\"file\":...,\"predictions\":[{\"class\":i,\"name\":...,"
            + "\"probability\":p},...]} per image, best first.")
    boolean json;

    @Mixin
    ModelOptions model;

    @Spec
    CommandSpec spec;

    /** One prepared input: where it came from (an IDX file's image index, or -1) and whether it was inverted. */
    record Input(Path file, int index, boolean inverted, float[] values) {
    }

    @Override
    public Integer call() throws Exception {
        ModelFile.Loaded loaded = model.load(modelFile, spec.commandLine().getParseResult());
        int channels = loaded.model().config().inChannels(), k = loaded.model().config().numClasses();
        Preprocessing preprocessing = invert ? loaded.preprocessing().withInvert(Preprocessing.Invert.ALWAYS)
                : noAutoInvert && loaded.preprocessing().invert() == Preprocessing.Invert.AUTO
                ? loaded.preprocessing().withInvert(Preprocessing.Invert.NEVER) : loaded.preprocessing();
        List<Input> inputs = new ArrayList<>();
        for (Path file : files) {
            inputs.addAll(isIdx(file) ? idxInputs(file, preprocessing) : List.of(pictureInput(file, preprocessing)));
        }
        PrintWriter w = spec.commandLine().getOut();
        int size = channels * Dataset.SIDE * Dataset.SIDE;
        for (int from = 0; from < inputs.size(); from += BATCH) {
            List<Input> chunk = inputs.subList(from, Math.min(inputs.size(), from + BATCH));
            Tensor batch = new Tensor(chunk.size(), channels, Dataset.SIDE, Dataset.SIDE);
            for (int i = 0; i < chunk.size(); i++) {
                System.arraycopy(chunk.get(i).values(), 0, batch.data(), i * size, size);
            }
            float[] p = loaded.model().forward(batch).probabilities().data();   // (N, K)
            for (int i = 0; i < chunk.size(); i++) {
                print(w, chunk.get(i), p, i * k, ranked(p, i * k, k), loaded);
            }
        }
        return 0;
    }

    private Input pictureInput(Path file, Preprocessing preprocessing) throws IOException {
        BufferedImage image = ImagePreprocessor.read(file);
        boolean inverted = preprocessing.inverts(image);
        return new Input(file, -1, inverted, preprocessing.input(preprocessing.pixels(image, inverted)));
    }

    /**
     * The images of an IDX file (count, 28 or 32, same), as MnistDataset gives them: each byte as the preprocessing
     * converts bytes, centred in 32 x 32, copied to every channel; inverted only with --invert.
     */
    private List<Input> idxInputs(Path file, Preprocessing preprocessing) throws IOException {
        int channels = preprocessing.channels();
        IdxFile idx = IdxFile.read(file);
        int side = idx.rank() == 3 ? idx.dim(1) : 0;
        if (idx.rank() != 3 || idx.dim(2) != side || (side != 28 && side != 32)) {
            throw new IOException(file + " is an IDX file of shape " + java.util.Arrays.toString(idx.dims())
                    + ", not images (count, 28, 28) or (count, 32, 32); give predict an image file");
        }
        int count = limit == null ? idx.dim(0) : Math.min(limit, idx.dim(0)), pad = (Dataset.SIDE - side) / 2;
        int plane = Dataset.SIDE * Dataset.SIDE;
        List<Input> inputs = new ArrayList<>(count);
        for (int n = 0; n < count; n++) {
            byte[] pixels = new byte[channels * plane];
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    int v = idx.data()[(n * side + y) * side + x] & 0xff;
                    for (int c = 0; c < channels; c++) {
                        pixels[c * plane + (y + pad) * Dataset.SIDE + x + pad] = (byte) (invert ? 255 - v : v);
                    }
                }
            }
            inputs.add(new Input(file, n, invert, preprocessing.input(pixels)));
        }
        return inputs;
    }

    /** An IDX file starts with two zero bytes and type 0x08, or is gzipped (1f 8b). */
    private static boolean isIdx(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new FileNotFoundException(file + ": no such file");
        }
        byte[] head = new byte[3];
        try (InputStream in = Files.newInputStream(file)) {
            int n = in.readNBytes(head, 0, 3);
            return n >= 2 && ((head[0] == 0x1f && (head[1] & 0xff) == 0x8b) || (n == 3 && head[0] == 0 && head[1] == 0
                    && head[2] == 0x08));
        }
    }

    /** The classes by probability, best first, cut to --top. */
    private List<Integer> ranked(float[] p, int offset, int k) {
        return IntStream.range(0, k).boxed().sorted((a, b) -> Float.compare(p[offset + b], p[offset + a]))
                .limit(top).toList();
    }

    private void print(PrintWriter w, Input in, float[] p, int offset, List<Integer> classes, ModelFile.Loaded loaded) {
        String source = in.index() < 0 ? in.file().toString() : in.file() + " #" + in.index();
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("file", in.file().toString());
            if (in.index() >= 0) {
                o.put("index", in.index());
            }
            o.put("inverted", in.inverted());
            List<Object> predictions = new ArrayList<>();
            for (int c : classes) {
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("class", c);
                one.put("name", loaded.className(c));
                one.put("probability", p[offset + c]);
                predictions.add(one);
            }
            o.put("predictions", predictions);
            w.println(Json.write(o));
            return;
        }
        boolean guessed = in.inverted() && !invert;
        w.println(source + (guessed ? "  (light background: inverted; --no-auto-invert to keep it)" : ""));
        for (int rank = 0; rank < classes.size(); rank++) {
            int c = classes.get(rank);
            w.printf(Locale.ROOT, "  %d. %-16s %6.2f%%%n", rank + 1, c + " " + (loaded.classNames().isEmpty() ? ""
                    : loaded.className(c)), 100 * p[offset + c]);
        }
    }
}
