package io.github.lenet5j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lenet5j.data.ImageFolderDataset.Layout;
import io.github.lenet5j.data.ImageFolderDataset.Options;
import io.github.lenet5j.data.Preprocessing.Resize;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderDatasetTest {
    /** Stretched onto the whole 32 x 32 input: a filled picture fills it. */
    private static final Preprocessing WHOLE = Preprocessing.pictures(1).withResize(Resize.STRETCH, 32);

    @TempDir
    Path root;

    private Path png(String folder, String name, Color color, int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, width, height);
        g.dispose();
        Path dir = Files.createDirectories(root.resolve(folder));
        Path file = dir.resolve(name);
        ImageIO.write(image, name.substring(name.lastIndexOf('.') + 1).toLowerCase(java.util.Locale.ROOT), file.toFile());
        return file;
    }

    private Path png(String folder, String name, Color color, int side) throws IOException {
        return png(folder, name, color, side, side);
    }

    /** Noisy pictures of random sizes and colours, some on light backgrounds, in a few formats. */
    private List<Path> randomPictures(String folder, int count, long seed) throws IOException {
        Random random = new Random(seed);
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int w = 5 + random.nextInt(80), h = 5 + random.nextInt(80);
            BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    image.setRGB(x, y, random.nextInt());
                }
            }
            String format = List.of("png", "bmp", "gif", "jpg").get(i % 4);
            BufferedImage written = format.equals("png") ? image : rgb(image);
            Path dir = Files.createDirectories(root.resolve(folder));
            Path file = dir.resolve(String.format("%03d.%s", i, format));
            ImageIO.write(written, format, file.toFile());
            files.add(file);
        }
        return files;
    }

    private static BufferedImage rgb(BufferedImage argb) {
        BufferedImage rgb = new BufferedImage(argb.getWidth(), argb.getHeight(), BufferedImage.TYPE_INT_RGB);
        rgb.getGraphics().drawImage(argb, 0, 0, null);
        return rgb;
    }

    @Test
    void classesAndFilesAreSortedByNameAndLabelledByFolder() throws IOException {
        png("zebra", "b.png", Color.WHITE, 10);
        png("zebra", "a.png", Color.BLACK, 10);
        png("ant", "x.PNG", Color.RED, 64);
        Files.writeString(root.resolve("ant").resolve("notes.txt"), "ignored");
        Files.createDirectories(root.resolve(".hidden"));
        ImageFolderDataset data = ImageFolderDataset.load(root, WHOLE);
        assertThat(data.classNames()).containsExactly("ant", "zebra");
        assertThat(data.size()).isEqualTo(3);
        assertThat(new int[] {data.label(0), data.label(1), data.label(2)}).containsExactly(0, 1, 1);
        assertThat(data.file(1)).isEqualTo(root.resolve("zebra/a.png"));
        float[] image = new float[32 * 32];
        data.image(1, image, 0);
        assertThat(image).containsOnly(0f); // zebra/a.png is black
        data.image(2, image, 0);
        assertThat(image).containsOnly(1f); // zebra/b.png is white
    }

    @Test
    void grayscaleIsLuminanceAndRgbKeepsChannels() throws IOException {
        png("red", "r.png", new Color(255, 0, 0), 32);
        png("blue", "b.png", new Color(0, 0, 255), 32);
        float[] gray = new float[32 * 32];
        ImageFolderDataset.load(root, WHOLE).image(1, gray, 0);
        assertThat(gray[100]).isEqualTo(76 / 255f);   // round(0.299 * 255)
        ImageFolderDataset rgb = ImageFolderDataset.load(root, WHOLE.withChannels(3));
        float[] colour = new float[3 * 32 * 32];
        rgb.image(1, colour, 0);
        assertThat(rgb.channels()).isEqualTo(3);
        assertThat(new float[] {colour[5], colour[1024 + 5], colour[2048 + 5]}).containsExactly(1f, 0f, 0f);
    }

    @Test
    void everyPictureGivesExactlyTheInputItsPreprocessingGivesToPredictionInAnyFormatSizeAndThreadCount()
            throws IOException {
        List<Path> files = new ArrayList<>(randomPictures("a", 12, 1));
        files.addAll(randomPictures("b", 12, 2));
        for (Preprocessing p : List.of(Preprocessing.mnist(1), Preprocessing.pictures(3).withResize(Resize.STRETCH, 30),
                Preprocessing.mnist(3).withNormalization(Normalization.FASHION_MNIST))) {
            ImageFolderDataset one = ImageFolderDataset.load(root, p, Options.defaults().withThreads(1));
            ImageFolderDataset four = ImageFolderDataset.load(root, p, Options.defaults().withThreads(4));
            float[] a = new float[one.imageSize()], b = new float[one.imageSize()];
            for (int i = 0; i < files.size(); i++) {
                one.image(i, a, 0);
                four.image(i, b, 0);
                float[] predicted = p.input(ImagePreprocessor.read(files.get(i)));
                assertThat(a).as("%s with %s", files.get(i), p).isEqualTo(predicted).isEqualTo(b);
            }
        }
    }

    @Test
    void unreadableAndOversizedFilesAreSkippedOneReportEachAndCounted() throws IOException {
        png("cat", "good.png", Color.GRAY, 8);
        png("cat", "big.png", Color.GRAY, 40, 8);
        Path broken = Files.write(root.resolve("cat").resolve("broken.jpg"), new byte[] {1, 2, 3});
        png("dog", "good.png", Color.WHITE, 8);
        List<String> skipped = new ArrayList<>();
        List<int[]> progress = new ArrayList<>();
        ImageFolderDataset.Listener listener = new ImageFolderDataset.Listener() {
            @Override
            public void onProgress(int done, int total) {
                progress.add(new int[] {done, total});
            }

            @Override
            public void onSkipped(Path file, String reason) {
                skipped.add(file.getFileName() + ": " + reason);
            }
        };
        Options options = new Options(2, false, false, 32, listener);
        ImageFolderDataset data = ImageFolderDataset.load(root, WHOLE, options);
        assertThat(data.size()).isEqualTo(2);
        assertThat(data.skipped()).isEqualTo(2);
        assertThat(skipped).hasSize(2).anySatisfy(s -> assertThat(s).startsWith("big.png: ").contains("40x8 pixels; at most 32"))
                .anySatisfy(s -> assertThat(s).startsWith("broken.jpg: ").contains(broken.toString()));
        assertThat(progress).hasSize(4).last().isEqualTo(new int[] {4, 4});

        assertThatThrownBy(() -> ImageFolderDataset.load(root, WHOLE, options.withStrict(true)))
                .isInstanceOf(IOException.class).hasMessageContaining(root.resolve("cat").toString());
    }

    @Test
    void emptyFoldersASingleClassAndAClassWithNoReadablePictureAreClearErrors() throws IOException {
        assertThatThrownBy(() -> ImageFolderDataset.load(root.resolve("missing"), WHOLE))
                .isInstanceOf(IOException.class).hasMessageContaining("no such folder");
        assertThatThrownBy(() -> ImageFolderDataset.load(root, WHOLE)).isInstanceOf(IOException.class)
                .hasMessageContaining("no class folders");
        png("cat", "a.png", Color.GRAY, 8);
        assertThatThrownBy(() -> ImageFolderDataset.load(root, WHOLE)).isInstanceOf(IOException.class)
                .hasMessageContaining("only one class folder (cat)");
        Files.createDirectories(root.resolve("dog"));
        Files.writeString(root.resolve("dog").resolve("readme.txt"), "no pictures here");
        assertThatThrownBy(() -> ImageFolderDataset.load(root, WHOLE)).isInstanceOf(IOException.class)
                .hasMessageContaining(root.resolve("dog") + ": a class folder with no pictures");
        Files.write(root.resolve("dog").resolve("broken.png"), new byte[] {1, 2, 3});
        assertThatThrownBy(() -> ImageFolderDataset.load(root, WHOLE)).isInstanceOf(IOException.class)
                .hasMessageContaining(root.resolve("dog") + ": none of the class folder's pictures could be read");
    }

    @Test
    void detectedChannelsAreOneWhenEveryPictureIsGrayWithTheBytesOfAGrayscalePreprocessing() throws IOException {
        png("a", "1.png", new Color(30, 30, 30), 20, 9);
        png("b", "2.bmp", new Color(200, 200, 200), 9, 20);
        Options detect = Options.defaults().withDetectChannels(true);
        ImageFolderDataset gray = ImageFolderDataset.load(root, Preprocessing.pictures(3), detect);
        ImageFolderDataset one = ImageFolderDataset.load(root, Preprocessing.pictures(1));
        assertThat(gray.channels()).isEqualTo(1);
        assertThat(gray.preprocessing()).isEqualTo(Preprocessing.pictures(1));
        float[] a = new float[1024], b = new float[1024];
        for (int i = 0; i < 2; i++) {
            gray.image(i, a, 0);
            one.image(i, b, 0);
            assertThat(a).isEqualTo(b);
        }
        png("b", "3.png", new Color(200, 10, 10), 9, 9);
        assertThat(ImageFolderDataset.load(root, Preprocessing.pictures(1), detect).preprocessing())
                .isEqualTo(Preprocessing.pictures(3));
    }

    @Test
    void aFolderOfClassFoldersIsSplitStratifiedAndSeeded() throws IOException {
        for (int i = 0; i < 20; i++) {
            png("circle", i + ".png", Color.WHITE, 8);
            png("square", i + ".png", Color.GRAY, 8);
        }
        for (int i = 0; i < 10; i++) {
            png("star", i + ".png", Color.DARK_GRAY, 8);
        }
        assertThat(ImageFolderDataset.layout(root)).isEqualTo(Layout.CLASS_FOLDERS);
        ImageFolderDataset.Splits sets = ImageFolderDataset.loadTrainAndTest(root, WHOLE, Options.defaults(),
                HoldOut.fraction(0.2), 7);
        assertThat(sets.train().size()).isEqualTo(40);
        assertThat(sets.test().size()).isEqualTo(10);
        int[] perClass = new int[3];
        for (int i = 0; i < sets.test().size(); i++) {
            perClass[sets.test().label(i)]++;
        }
        assertThat(perClass).containsExactly(4, 4, 2);
        ImageFolderDataset.Splits again = ImageFolderDataset.loadTrainAndTest(root, WHOLE, Options.defaults(),
                HoldOut.fraction(0.2), 7);
        assertThat(again.test().toString()).isEqualTo(sets.test().toString());
    }

    @Test
    void trainAndTestFoldersAreLoadedWithTheSameChannelsAndMustHoldTheSameClasses() throws IOException {
        png("train/cat", "1.png", Color.GRAY, 8);
        png("train/dog", "1.png", Color.WHITE, 8);
        png("test/cat", "1.png", new Color(250, 0, 0), 8);
        png("test/dog", "1.png", Color.BLACK, 8);
        assertThat(ImageFolderDataset.layout(root)).isEqualTo(Layout.TRAIN_AND_TEST);
        ImageFolderDataset.Splits sets = ImageFolderDataset.loadTrainAndTest(root, WHOLE,
                Options.defaults().withDetectChannels(true), HoldOut.fraction(0.5), 0);
        assertThat(sets.preprocessing().channels()).isEqualTo(1);   // from train/, all gray
        assertThat(sets.test().channels()).isEqualTo(1);
        assertThat(sets.train().classNames()).containsExactly("cat", "dog");
        png("test/fox", "1.png", Color.BLACK, 8);
        assertThatThrownBy(() -> ImageFolderDataset.loadTrainAndTest(root, WHOLE, Options.defaults(),
                HoldOut.fraction(0.5), 0)).isInstanceOf(IOException.class)
                .hasMessageContaining("[cat, dog]").hasMessageContaining("[cat, dog, fox]");
    }

    @Test
    void picturesBeingDecodedTakeTheirMegapixelsOfABudgetOfAQuarterOfTheHeap() throws Exception {
        ImageFolderDataset.PixelBudget budget = ImageFolderDataset.PixelBudget.ofHeap(1L << 30);   // 1 GB: 16 MP
        assertThat(budget.available()).isEqualTo(16);
        try (ImagePreprocessor.Admission a = budget.admit(1_500_000); ImagePreprocessor.Admission b = budget.admit(10)) {
            assertThat(budget.available()).isEqualTo(16 - 2 - 1);
        }
        assertThat(budget.available()).isEqualTo(16);
        ImagePreprocessor.Admission huge = budget.admit(10_000L * 10_000);   // more than the budget: all of it
        assertThat(budget.available()).isZero();
        java.util.concurrent.CompletableFuture<Void> next = java.util.concurrent.CompletableFuture.runAsync(() -> {
            try (ImagePreprocessor.Admission waiting = budget.admit(1)) {
                assertThat(waiting).isNotNull();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Thread.sleep(100);
        assertThat(next).as("waits while the huge picture is decoded").isNotDone();
        huge.close();
        next.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(budget.available()).isEqualTo(16);
        assertThat(ImageFolderDataset.PixelBudget.ofHeap(1L << 20).available()).as("at least one").isEqualTo(1);
    }

    @Test
    void normalisationIsRecordedInThePreprocessing() throws IOException {
        png("a", "1.png", Color.WHITE, 8);
        png("b", "1.png", Color.BLACK, 8);
        ImageFolderDataset data = ImageFolderDataset.load(root, WHOLE).withNormalization(new Normalization(0.5f, 0.25f));
        assertThat(data.preprocessing().normalization()).isEqualTo(new Normalization(0.5f, 0.25f));
        float[] image = new float[1024];
        data.image(0, image, 0);
        assertThat(image).containsOnly(2f);
    }
}
