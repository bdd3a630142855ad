import java.awt.image.BufferedImage;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import java.util.zip.GZIPInputStream;
import javax.imageio.ImageIO;

/**
 * Writes an MNIST-format dataset (a folder of IDX files, gzipped or not) as a folder of grayscale PNGs:
 * {@code OUT/train/<class>/00001.png} and {@code OUT/test/<class>/00001.png}, numbered in the files' order. Each PNG
 * holds the image's bytes unchanged (8-bit gray), so a model trained on the PNGs sees the same bytes as one
 * trained on the IDX files. Class folders are named by {@code --names} (comma-separated, one per label; a
 * {@code /} becomes {@code -}) or by the labels' digits. {@code --limit N} writes the first N pictures of each split
 * only.
 *
 * <pre>java tools/IdxToPng.java /usr/share/datasets/fashion-mnist fashion-png
 *     --names "T-shirt/top,Trouser,Pullover,Dress,Coat,Sandal,Shirt,Sneaker,Bag,Ankle boot"</pre>
 *
 * <p>Needs only the JDK (run as a single-file program, headless). docs/own-pictures.md trains a model on it.
 */
public final class IdxToPng {
    public static void main(String[] args) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<String> positional = new ArrayList<>();
        List<String> names = null;
        int limit = Integer.MAX_VALUE;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--names") && i + 1 < args.length) {
                names = Arrays.stream(args[++i].split(",")).map(n -> n.strip().replace('/', '-')).toList();
            } else if (args[i].equals("--limit") && i + 1 < args.length) {
                limit = Integer.parseInt(args[++i]);
            } else {
                positional.add(args[i]);
            }
        }
        if (positional.size() != 2) {
            System.err.println("usage: java tools/IdxToPng.java IDX_FOLDER OUT_FOLDER [--names a,b,c,...] [--limit N]");
            System.exit(2);
        }
        Path in = Path.of(positional.get(0)), out = Path.of(positional.get(1));
        int total = 0;
        for (String[] split : new String[][] {{"train", "train"}, {"t10k", "test"}}) {
            Idx images = read(in, split[0] + "-images-idx3-ubyte", 3), labels = read(in, split[0] + "-labels-idx1-ubyte", 1);
            int count = images.dims()[0], side = images.dims()[1], max = 0;
            for (byte label : labels.data()) {
                max = Math.max(max, label & 0xff);
            }
            if (labels.dims()[0] != count || side != images.dims()[2] || (names != null && names.size() <= max)) {
                throw new IOException(split[0] + ": " + labels.dims()[0] + " labels for " + count + " images of "
                        + Arrays.toString(images.dims()) + ", labels up to " + max
                        + (names == null ? "" : ", " + names.size() + " names"));
            }
            List<String> folders = names;
            for (int c = 0; c <= max; c++) {
                Files.createDirectories(out.resolve(split[1]).resolve(folders == null ? String.valueOf(c) : folders.get(c)));
            }
            IntStream.range(0, Math.min(count, limit)).parallel().forEach(n -> {
                BufferedImage picture = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_GRAY);
                for (int p = 0; p < side * side; p++) {
                    picture.getRaster().setSample(p % side, p / side, 0, images.data()[n * side * side + p] & 0xff);
                }
                int label = labels.data()[n] & 0xff;
                Path file = out.resolve(split[1]).resolve(folders == null ? String.valueOf(label) : folders.get(label))
                        .resolve(String.format(Locale.ROOT, "%05d.png", n + 1));
                try {
                    ImageIO.write(picture, "png", file.toFile());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            total += Math.min(count, limit);
        }
        System.out.printf(Locale.ROOT, "wrote %,d PNGs to %s/train and %s/test%n", total, out, out);
    }

    /** An IDX file of unsigned bytes: its dimensions and its data. */
    record Idx(int[] dims, byte[] data) {
    }

    /** Reads {@code name} or {@code name.gz} in {@code dir}, an IDX file of unsigned bytes with {@code rank} dimensions. */
    private static Idx read(Path dir, String name, int rank) throws IOException {
        Path file = Files.isRegularFile(dir.resolve(name + ".gz")) ? dir.resolve(name + ".gz") : dir.resolve(name);
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file));
                DataInputStream in = new DataInputStream(file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw)) {
            int magic = in.readInt();
            if (magic != (0x0800 | rank)) {
                throw new IOException(file + ": not an IDX file of unsigned bytes with " + rank + " dimension(s)");
            }
            long size = 1;
            int[] dims = new int[rank];
            for (int d = 0; d < rank; d++) {
                dims[d] = in.readInt();
                size *= dims[d];
            }
            if (size > Integer.MAX_VALUE - 8) {
                throw new IOException(file + ": too large");
            }
            byte[] data = new byte[(int) size];
            in.readFully(data);
            return new Idx(dims, data);
        }
    }
}
