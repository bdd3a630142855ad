package io.github.lenet5j.cli.serve;

import io.github.lenet5j.data.ImagePreprocessor;
import io.github.lenet5j.data.Preprocessing;
import io.github.lenet5j.io.Json;
import io.github.lenet5j.io.JsonException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A request body as the model's input, {@code C·32·32} floats in C, H, W order: a picture prepared by the model's
 * {@link Preprocessing} (as {@code predict} and training prepare it), or JSON pixels in [0, 1] (normalised as the
 * preprocessing says).
 *
 * @param values   the input
 * @param inverted whether a picture was inverted because its border is light (always false for JSON)
 */
record ModelInput(float[] values, boolean inverted) {
    private static final int SIDE = 32, DRAWING = 28;

    /** A PNG, JPEG, BMP or GIF, at most {@link ServeOptions#MAX_IMAGE_SIDE} pixels a side. */
    static ModelInput fromImage(byte[] body, Preprocessing preprocessing) throws HttpError {
        BufferedImage image;
        try {
            image = ImagePreprocessor.read(new ByteArrayInputStream(body), "the image", ServeOptions.MAX_IMAGE_SIDE);
        } catch (IOException e) {
            throw HttpError.badRequest(e.getMessage());
        }
        boolean inverted = preprocessing.inverts(image);
        return new ModelInput(preprocessing.input(preprocessing.pixels(image, inverted)), inverted);
    }

    /**
     * {@code {"pixels": [...]}}: 784 values (a 28x28 grayscale drawing, centred in 32x32 as MNIST's images are,
     * copied to every channel) or {@code channels·1024} values (a ready 32x32 input); each a number in [0, 1].
     */
    static ModelInput fromJson(byte[] body, Preprocessing preprocessing) throws HttpError {
        int channels = preprocessing.channels();
        Object parsed;
        try {
            parsed = Json.parse(StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(body)).toString());
        } catch (CharacterCodingException e) {
            throw HttpError.badRequest("the body is not UTF-8 text");
        } catch (JsonException e) {
            throw HttpError.badRequest("invalid JSON: " + e.getMessage());
        }
        if (!(parsed instanceof Map<?, ?> object) || !object.keySet().equals(java.util.Set.of("pixels"))
                || !(object.get("pixels") instanceof List<?> pixels)) {
            throw HttpError.badRequest("expected a JSON object {\"pixels\": [...]} and nothing else");
        }
        int full = channels * SIDE * SIDE;
        if (pixels.size() != DRAWING * DRAWING && pixels.size() != full) {
            throw HttpError.badRequest("expected " + DRAWING * DRAWING + " pixels (28x28) or " + full + " (" + channels
                    + "x32x32) but got " + pixels.size());
        }
        float[] values = new float[pixels.size()];
        for (int i = 0; i < values.length; i++) {
            if (!(pixels.get(i) instanceof Number n) || !(n.doubleValue() >= 0 && n.doubleValue() <= 1)) {
                Object v = pixels.get(i);
                String what = v instanceof Number ? v.toString() : v == null ? "null" : "a " + (v instanceof String
                        ? "string" : v instanceof List ? "list" : v instanceof Map ? "object" : "boolean");
                throw HttpError.badRequest("pixel " + i + " is " + what + ", not a number from 0 to 1");
            }
            values[i] = n.floatValue();
        }
        float[] input = values.length == full ? values : centred(values, channels);
        for (int i = 0; i < input.length; i++) {
            input[i] = preprocessing.normalization().apply(input[i]);
        }
        return new ModelInput(input, false);
    }

    /** A 28x28 drawing on a black 32x32 input, 2 pixels from each edge, in every channel. */
    private static float[] centred(float[] drawing, int channels) {
        float[] input = new float[channels * SIDE * SIDE];
        int pad = (SIDE - DRAWING) / 2;
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < DRAWING; y++) {
                System.arraycopy(drawing, y * DRAWING, input, c * SIDE * SIDE + (y + pad) * SIDE + pad, DRAWING);
            }
        }
        return input;
    }
}
