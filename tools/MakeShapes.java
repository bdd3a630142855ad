import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;

/**
 * Draws a folder of coloured shapes for trying lenet5j on pictures of your own:
 * {@code OUT/<shape>/<shape>-00001.png}, ... (every fifth picture a JPEG), one class folder per shape: circle,
 * square, triangle and star. Every picture has its own size and aspect (from 1:2 to 2:1), a random background colour, a shape of
 * another colour at a random size, place and angle, and a little noise, so that colour says nothing of the class.
 * The same arguments draw the same pictures (each picture has its own seeded generator).
 *
 * <pre>java tools/MakeShapes.java --out shapes [--per-class 1000] [--seed 1] [--min-side 24] [--max-side 96]</pre>
 *
 * <p>Needs only the JDK (run as a single-file program, headless). docs/own-pictures.md trains a model on it.
 */
public final class MakeShapes {
    static final List<String> CLASSES = List.of("circle", "square", "triangle", "star");

    public static void main(String[] args) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Path out = null;
        int perClass = 1000, minSide = 24, maxSide = 96;
        long seed = 1;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--out" -> out = Path.of(value);
                case "--per-class" -> perClass = Integer.parseInt(value);
                case "--seed" -> seed = Long.parseLong(value);
                case "--min-side" -> minSide = Integer.parseInt(value);
                case "--max-side" -> maxSide = Integer.parseInt(value);
                default -> usage("unknown argument '" + args[i] + "'");
            }
            i++;
        }
        if (out == null || perClass < 1 || minSide < 8 || maxSide < minSide) {
            usage("give --out DIR, --per-class >= 1 and 8 <= --min-side <= --max-side");
        }
        for (String shape : CLASSES) {
            Files.createDirectories(out.resolve(shape));
        }
        int count = perClass, min = minSide, max = maxSide;
        long base = seed;
        Path folder = out;
        IntStream.range(0, CLASSES.size() * count).parallel().forEach(i -> {
            String shape = CLASSES.get(i % CLASSES.size());
            int n = i / CLASSES.size() + 1;
            Random random = new Random(base * 1_000_003L + i);
            BufferedImage picture = draw(shape, random, min, max);
            String format = n % 5 == 0 ? "jpg" : "png";
            Path file = folder.resolve(shape).resolve(String.format(Locale.ROOT, "%s-%05d.%s", shape, n, format));
            try {
                ImageIO.write(picture, format, file.toFile());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        System.out.printf(Locale.ROOT, "wrote %,d pictures (%d classes x %,d) to %s%n", CLASSES.size() * count,
                CLASSES.size(), count, out);
    }

    private static void usage(String problem) {
        System.err.println("MakeShapes: " + problem);
        System.err.println("usage: java tools/MakeShapes.java --out DIR [--per-class 1000] [--seed 1] [--min-side 24]"
                + " [--max-side 96]");
        System.exit(2);
    }

    /** One picture: background, a shape of a clearly different colour, noise. */
    static BufferedImage draw(String shape, Random random, int minSide, int maxSide) {
        int w = minSide + random.nextInt(maxSide - minSide + 1);   // and an aspect from 1:2 to 2:1
        int h = (int) Math.max(minSide, Math.min(maxSide, Math.round(w * Math.pow(2, 2 * random.nextDouble() - 1))));
        Color background = randomColor(random), ink;
        do {
            ink = randomColor(random);
        } while (distance(background, ink) < 160);
        BufferedImage picture = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = picture.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(background);
        g.fillRect(0, 0, w, h);
        double side = Math.min(w, h), size = side * (0.45 + 0.45 * random.nextDouble());
        double cx = size / 2 + random.nextDouble() * (w - size), cy = size / 2 + random.nextDouble() * (h - size);
        AffineTransform place = new AffineTransform();
        place.translate(cx, cy);
        place.rotate(random.nextDouble() * 2 * Math.PI);
        place.scale(size / 2, size / 2);
        g.setColor(ink);
        g.fill(place.createTransformedShape(unitShape(shape)));
        if (random.nextInt(3) == 0) {   // a distracting line now and then
            g.setColor(randomColor(random));
            g.setStroke(new BasicStroke(1 + random.nextInt(2)));
            g.drawLine(random.nextInt(w), random.nextInt(h), random.nextInt(w), random.nextInt(h));
        }
        g.dispose();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = picture.getRGB(x, y), noise = (int) Math.round(random.nextGaussian() * 8);
                picture.setRGB(x, y, clamp((rgb >> 16 & 0xff) + noise) << 16 | clamp((rgb >> 8 & 0xff) + noise) << 8
                        | clamp((rgb & 0xff) + noise));
            }
        }
        return picture;
    }

    /** The shape inside the circle of radius 1 around the origin. */
    static Shape unitShape(String shape) {
        return switch (shape) {
            case "circle" -> new Ellipse2D.Double(-0.9, -0.9, 1.8, 1.8);
            case "square" -> new Path2D.Double(new java.awt.Rectangle(-7, -7, 14, 14),
                    AffineTransform.getScaleInstance(0.1, 0.1));
            case "triangle" -> regular(3, 1, 1);
            case "star" -> regular(5, 1, 0.42);
            default -> throw new IllegalArgumentException(shape);
        };
    }

    /** A regular polygon of {@code points} corners at radius {@code outer}, with inner corners at {@code inner}. */
    private static Shape regular(int points, double outer, double inner) {
        Path2D.Double path = new Path2D.Double();
        int corners = inner == outer ? points : 2 * points;
        for (int k = 0; k < corners; k++) {
            double r = k % 2 == 0 || inner == outer ? outer : inner, angle = -Math.PI / 2 + 2 * Math.PI * k / corners;
            if (k == 0) {
                path.moveTo(r * Math.cos(angle), r * Math.sin(angle));
            } else {
                path.lineTo(r * Math.cos(angle), r * Math.sin(angle));
            }
        }
        path.closePath();
        return path;
    }

    private static Color randomColor(Random random) {
        return new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256));
    }

    private static double distance(Color a, Color b) {
        int dr = a.getRed() - b.getRed(), dg = a.getGreen() - b.getGreen(), db = a.getBlue() - b.getBlue();
        return Math.sqrt(dr * dr + dg * dg + db * db);
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
