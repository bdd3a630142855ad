package io.github.lenet5j.data;

import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * How a picture becomes a LeNet-5 input: one value that training on pictures, evaluation, prediction and serving
 * all apply, and that a model file records, so that a model is always given pictures prepared as it was trained
 * on (no training/serving skew). In order:
 * <ol>
 *   <li><b>channels</b>: 1, the luminance {@code 0.299 R + 0.587 G + 0.114 B} (a gray pixel's is its gray level), or
 *       3, red, green and blue; transparent pixels are composited over white;</li>
 *   <li><b>invert</b>: {@code 1 - value} {@link Invert#ALWAYS always}, {@link Invert#NEVER never}, or
 *       {@link Invert#AUTO} when the picture's border is light ({@link ImagePreprocessor#hasLightBorder}:
 *       a dark drawing on paper, for a model of light strokes on black such as MNIST's);</li>
 *   <li><b>resize</b>: {@link Resize#FIT} scales the picture so that its longer side is {@code innerSize},
 *       keeping its aspect; {@link Resize#STRETCH} scales it to {@code innerSize x innerSize}. Area averaging
 *       when it shrinks, bilinear interpolation when it grows;</li>
 *   <li>the result is centred on a black 32 x 32 canvas and kept as bytes, {@code round(255 value)}: the form
 *       a dataset holds in memory ({@link #pixels});</li>
 *   <li>every byte {@code b} becomes {@code normalization.apply(b / 255f)}, the float the model sees
 *       ({@link #input(byte[])}), exactly as {@link MnistDataset} and {@link ImageFolderDataset} convert their
 *       bytes.</li>
 * </ol>
 * {@link #mnist} is MNIST's convention (fit in 28 x 28, centred in 32 x 32, invert when the border is light),
 * what a model trained on IDX files records and what a model file without a recorded preprocessing gets.
 *
 * @param channels      1 (grayscale) or 3 (RGB); other counts describe inputs that are not pictures
 * @param resize        fit (keep the aspect) or stretch
 * @param innerSize     the side of the box the picture is scaled into, from 1 to 32 (MNIST: 28)
 * @param invert        when to invert
 * @param normalization applied to each value in [0, 1] after the bytes
 */
public record Preprocessing(int channels, Resize resize, int innerSize, Invert invert, Normalization normalization) {
    /** How a picture is scaled into the {@code innerSize} box. */
    public enum Resize {
        /** Keep the aspect: the longer side becomes {@code innerSize}, the picture is centred. */
        FIT,
        /** Scale each side to {@code innerSize}. */
        STRETCH;

        /** {@return the name in files and on the command line: {@code fit} or {@code stretch}} */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * {@return the resize policy named {@code id}}
         *
         * @param id {@code fit} or {@code stretch}
         * @throws IllegalArgumentException for another name
         */
        public static Resize parse(String id) {
            return Preprocessing.parse(Resize.class, "resize", id);
        }
    }

    /** When a picture is inverted ({@code 1 - value}). */
    public enum Invert {
        /** When its border is light ({@link ImagePreprocessor#hasLightBorder}). */
        AUTO,
        /** Every picture. */
        ALWAYS,
        /** No picture. */
        NEVER;

        /** {@return the name in files and on the command line: {@code auto}, {@code always} or {@code never}} */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * {@return the policy named {@code id}}
         *
         * @param id {@code auto}, {@code always} or {@code never}
         * @throws IllegalArgumentException for another name
         */
        public static Invert parse(String id) {
            return Preprocessing.parse(Invert.class, "invert", id);
        }
    }

    private static final int SIDE = Dataset.SIDE, PLANE = SIDE * SIDE;

    /**
     * Validates.
     *
     * @param channels      at least 1; pictures convert to 1 or 3 (a model of other inputs may record the rest)
     * @param resize        not null
     * @param innerSize     from 1 to 32
     * @param invert        not null
     * @param normalization not null
     * @throws IllegalArgumentException if channels or innerSize is out of range
     */
    public Preprocessing {
        if (channels < 1) {
            throw new IllegalArgumentException("channels must be at least 1, not " + channels);
        }
        if (innerSize < 1 || innerSize > SIDE) {
            throw new IllegalArgumentException("the inner size must be from 1 to " + SIDE + " pixels, not " + innerSize);
        }
        Objects.requireNonNull(resize, "resize");
        Objects.requireNonNull(invert, "invert");
        Objects.requireNonNull(normalization, "normalization");
    }

    /**
     * MNIST's convention: fit in 28 x 28 keeping the aspect, centred in 32 x 32, inverted when the border is
     * light, no normalisation.
     *
     * @param channels 1 or 3
     * @return the preprocessing
     */
    public static Preprocessing mnist(int channels) {
        return new Preprocessing(channels, Resize.FIT, ImagePreprocessor.CONTENT_SIDE, Invert.AUTO, Normalization.NONE);
    }

    /**
     * The default for training on your own pictures: as {@link #mnist} but never inverted (the model learns the
     * pictures as they are, and is given them so).
     *
     * @param channels 1 or 3
     * @return the preprocessing
     */
    public static Preprocessing pictures(int channels) {
        return mnist(channels).withInvert(Invert.NEVER);
    }

    /**
     * {@return the same with {@code channels}}
     *
     * @param channels 1 or 3
     */
    public Preprocessing withChannels(int channels) {
        return new Preprocessing(channels, resize, innerSize, invert, normalization);
    }

    /**
     * {@return the same with this resize policy and inner size}
     *
     * @param resize    fit or stretch
     * @param innerSize from 1 to 32
     */
    public Preprocessing withResize(Resize resize, int innerSize) {
        return new Preprocessing(channels, resize, innerSize, invert, normalization);
    }

    /**
     * {@return the same with this inversion policy}
     *
     * @param invert when to invert
     */
    public Preprocessing withInvert(Invert invert) {
        return new Preprocessing(channels, resize, innerSize, invert, normalization);
    }

    /**
     * {@return the same with this normalisation}
     *
     * @param normalization applied after the bytes
     */
    public Preprocessing withNormalization(Normalization normalization) {
        return new Preprocessing(channels, resize, innerSize, invert, normalization);
    }

    /**
     * {@return whether {@code picture} is inverted: always, never, or (auto) when its border is light}
     *
     * @param picture the picture
     */
    public boolean inverts(BufferedImage picture) {
        return invert == Invert.AUTO ? ImagePreprocessor.hasLightBorder(picture) : invert == Invert.ALWAYS;
    }

    /**
     * The picture as bytes, {@code channels x 32 x 32} in C, H, W order, inverted as {@link #inverts} says.
     *
     * @param picture the picture, of any size
     * @return a new array of {@code channels * 1024} bytes (unsigned)
     * @throws IllegalArgumentException if the channels are neither 1 nor 3
     */
    public byte[] pixels(BufferedImage picture) {
        int[] argb = ImagePreprocessor.argb(picture);
        int w = picture.getWidth(), h = picture.getHeight();
        return pixels(argb, w, h, invert == Invert.AUTO ? ImagePreprocessor.hasLightBorder(argb, w, h)
                : invert == Invert.ALWAYS);
    }

    /**
     * The picture as bytes, as {@link #pixels(BufferedImage)}, with the decision to invert already taken (e.g. by
     * {@link #inverts}, or forced by the user).
     *
     * @param picture the picture, of any size
     * @param inverted whether to invert it
     * @return a new array of {@code channels * 1024} bytes (unsigned)
     * @throws IllegalArgumentException if the channels are neither 1 nor 3
     */
    public byte[] pixels(BufferedImage picture, boolean inverted) {
        return pixels(ImagePreprocessor.argb(picture), picture.getWidth(), picture.getHeight(), inverted);
    }

    /** Steps 1 to 4 on a picture's ARGB pixels ({@code w x h}, row by row). */
    byte[] pixels(int[] argb, int w, int h, boolean inverted) {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("pictures convert to 1 (grayscale) or 3 (RGB) channels, not " + channels);
        }
        int outW = innerSize, outH = innerSize;
        if (resize == Resize.FIT) {
            double scale = (double) innerSize / Math.max(w, h);
            outW = Math.max(1, (int) Math.round(w * scale));
            outH = Math.max(1, (int) Math.round(h * scale));
        }
        int left = (SIDE - outW) / 2, top = (SIDE - outH) / 2;
        float[] plane = new float[argb.length];          // (h, w), one channel at a time
        byte[] out = new byte[channels * PLANE];         // (C, 32, 32), black
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < argb.length; i++) {
                float v = channels == 1 ? ImagePreprocessor.luminance(argb[i]) : ImagePreprocessor.channel(argb[i], 2 - c);
                plane[i] = inverted ? 1 - v : v;
            }
            float[] small = ImagePreprocessor.resize(plane, w, h, outW, outH);   // (outH, outW)
            for (int y = 0; y < outH; y++) {
                for (int x = 0; x < outW; x++) {
                    int b = Math.round(small[y * outW + x] * 255);
                    out[c * PLANE + (top + y) * SIDE + left + x] = (byte) Math.max(0, Math.min(255, b));
                }
            }
        }
        return out;
    }

    /**
     * The model input of a picture: {@code input(pixels(picture))}.
     *
     * @param picture the picture, of any size
     * @return a new array of {@code channels * 32 * 32} floats in C, H, W order
     */
    public float[] input(BufferedImage picture) {
        return input(pixels(picture));
    }

    /**
     * The model input of prepared bytes: each byte {@code b} becomes {@code normalization.apply(b / 255f)}.
     *
     * @param pixels {@code channels * 1024} bytes, as {@link #pixels} gives them
     * @return a new array of {@code channels * 32 * 32} floats in C, H, W order
     * @throws IllegalArgumentException if there are not {@code channels * 1024} bytes
     */
    public float[] input(byte[] pixels) {
        if (pixels.length != channels * PLANE) {
            throw new IllegalArgumentException("expected " + channels * PLANE + " bytes (" + channels + "x32x32) but got "
                    + pixels.length);
        }
        float[] values = valueOfByte();
        float[] input = new float[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            input[i] = values[pixels[i] & 0xff];
        }
        return input;
    }

    /**
     * The float of each byte value: {@code valueOfByte()[b] = normalization.apply(b / 255f)}, the table datasets
     * convert their bytes with.
     *
     * @return a new array of 256 values
     */
    public float[] valueOfByte() {
        float[] values = new float[256];
        for (int b = 0; b < 256; b++) {
            values[b] = normalization.apply(b / 255f);
        }
        return values;
    }

    /**
     * The fields by name, as a model file records them (in JSON) and {@code serve}'s {@code GET /model} shows them:
     * {@code channels}, {@code resize} ({@code fit}, {@code stretch}), {@code inner_size}, {@code invert}
     * ({@code auto}, {@code always}, {@code never}), {@code mean} and {@code std}.
     *
     * @return a new ordered map of numbers and strings
     */
    public Map<String, Object> toMap() {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("channels", channels);
        o.put("resize", resize.id());
        o.put("inner_size", innerSize);
        o.put("invert", invert.id());
        o.put("mean", normalization.mean());
        o.put("std", normalization.std());
        return o;
    }

    /**
     * Reads what {@link #toMap} wrote (numbers may be any {@code Number}, as a JSON parser gives them).
     *
     * @param fields the fields by name
     * @return the preprocessing
     * @throws IllegalArgumentException naming the field that is missing, of the wrong type or invalid
     */
    public static Preprocessing fromMap(Map<String, ?> fields) {
        return new Preprocessing(integer(fields, "channels"), Resize.parse(text(fields, "resize")),
                integer(fields, "inner_size"), Invert.parse(text(fields, "invert")),
                new Normalization(number(fields, "mean").floatValue(), number(fields, "std").floatValue()));
    }

    private static Number number(Map<String, ?> fields, String key) {
        if (fields.get(key) instanceof Number n) {
            return n;
        }
        throw new IllegalArgumentException("preprocessing '" + key + "' must be a number, not " + fields.get(key));
    }

    private static int integer(Map<String, ?> fields, String key) {
        double value = number(fields, key).doubleValue();
        if (value != Math.rint(value) || Math.abs(value) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("preprocessing '" + key + "' must be a whole number, not " + value);
        }
        return (int) value;
    }

    private static String text(Map<String, ?> fields, String key) {
        if (fields.get(key) instanceof String s) {
            return s;
        }
        throw new IllegalArgumentException("preprocessing '" + key + "' must be a string, not " + fields.get(key));
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String what, String id) {
        for (E e : type.getEnumConstants()) {
            if (e.name().toLowerCase(Locale.ROOT).equals(id)) {
                return e;
            }
        }
        StringBuilder expected = new StringBuilder();
        for (E e : type.getEnumConstants()) {
            expected.append(expected.length() == 0 ? "" : ", ").append(e.name().toLowerCase(Locale.ROOT));
        }
        throw new IllegalArgumentException("unknown " + what + " '" + id + "': expected " + expected);
    }

    /**
     * {@return one line for people, e.g. "RGB, fit in 28x28 centred in 32x32, invert never, no normalisation"}
     */
    public String describe() {
        String size = innerSize + "x" + innerSize + (innerSize < SIDE ? " centred in 32x32" : "");
        return (channels == 1 ? "grayscale" : "RGB") + ", " + (resize == Resize.FIT ? "fit in " : "stretched to ") + size
                + ", invert " + invert.id() + ", " + (normalization.equals(Normalization.NONE) ? "no normalisation"
                : String.format(Locale.ROOT, "normalised with mean %s, std %s", normalization.mean(), normalization.std()));
    }
}
