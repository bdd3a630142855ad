package io.github.lenet5j.model;

import io.github.lenet5j.io.Json;
import io.github.lenet5j.io.JsonException;
import io.github.lenet5j.io.SafeTensors;
import io.github.lenet5j.io.SafeTensorsException;
import io.github.lenet5j.io.SafeTensorsFile;
import io.github.lenet5j.nn.Parameter;
import io.github.lenet5j.tensor.Shapes;
import io.github.lenet5j.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Saves and loads a {@link LeNet5} as safetensors, the format of the PyTorch twin: tensors under their
 * {@code state_dict} names ({@code conv1.weight [6, C, 5, 5]}, ..., {@code fc3.bias [K]}), F32, and the
 * architecture in {@code __metadata__}: {@code format = lenet5j}, {@code in_channels}, {@code num_classes},
 * {@code activation}, {@code pooling}, and optionally {@code class_names} (a JSON array as a string).
 * A file with that metadata rebuilds its model alone; a plain PyTorch export loads with a configuration.
 */
public final class ModelFile {
    /** The metadata value of {@code format}. */
    public static final String FORMAT = "lenet5j";

    private ModelFile() {
    }

    /**
     * A model with the class names its file records (empty when it records none).
     *
     * @param model the model
     * @param classNames one name per class, or empty
     */
    public record Loaded(LeNet5 model, List<String> classNames) {
        /**
         * The name of class {@code c}, or its number when the file has no names.
         *
         * @param c the class, from 0
         * @return its name
         */
        public String className(int c) {
            return classNames.isEmpty() ? String.valueOf(c) : classNames.get(c);
        }
    }

    /**
     * Saves the model without class names.
     *
     * @param model the model
     * @param file the file to write
     * @throws IOException if the file cannot be written
     */
    public static void save(LeNet5 model, Path file) throws IOException {
        save(model, List.of(), file);
    }

    /**
     * Saves the model atomically: a failed write leaves no partial file and the previous file untouched.
     *
     * @param model the model
     * @param classNames one name per class, or empty
     * @param file the file to write
     * @throws IOException if the file cannot be written
     * @throws IllegalArgumentException if there are names but not one per class
     */
    public static void save(LeNet5 model, List<String> classNames, Path file) throws IOException {
        LeNet5Config c = model.config();
        if (!classNames.isEmpty() && classNames.size() != c.numClasses()) {
            throw new IllegalArgumentException(classNames.size() + " class names for " + c.numClasses() + " classes");
        }
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Parameter p : model.parameters()) {
            tensors.put(p.name(), p.value());
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", FORMAT);
        metadata.put("in_channels", String.valueOf(c.inChannels()));
        metadata.put("num_classes", String.valueOf(c.numClasses()));
        metadata.put("activation", c.activation().id());
        metadata.put("pooling", c.pooling().id());
        if (!classNames.isEmpty()) {
            metadata.put("class_names", Json.write(classNames));
        }
        SafeTensors.write(file, tensors, metadata);
    }

    /**
     * Loads a model saved by lenet5j (or the twin): the architecture comes from the metadata.
     *
     * @param file the file
     * @return the model and its class names
     * @throws SafeTensorsException if the file is unreadable, has no lenet5j metadata, or its tensors do
     *                              not match the architecture (the message names the file and the tensor)
     */
    public static Loaded load(Path file) throws IOException {
        return load(file, null);
    }

    /**
     * Loads a model; {@code fallback} is the architecture of a file without lenet5j metadata (a plain
     * PyTorch export), ignored when the file has metadata.
     *
     * @param file the file
     * @param fallback the architecture of a file without metadata, or null
     * @return the model and its class names
     * @throws SafeTensorsException as {@link #load(Path)}
     */
    public static Loaded load(Path file, LeNet5Config fallback) throws IOException {
        SafeTensorsFile st = SafeTensors.read(file);
        Map<String, String> meta = st.metadata();
        LeNet5Config config;
        List<String> names = List.of();
        if (FORMAT.equals(meta.get("format"))) {
            config = configOf(file, meta);
            names = classNames(file, meta.get("class_names"), config.numClasses());
        } else if (fallback != null) {
            config = fallback;
        } else {
            throw new SafeTensorsException(file, null, "has no lenet5j metadata (format=lenet5j); give the"
                    + " architecture (CLI: --channels, --classes, --activation, --pooling)");
        }
        LeNet5 model = new LeNet5(config, 0);
        Set<String> expected = new TreeSet<>();
        for (Parameter p : model.parameters()) {
            expected.add(p.name());
            if (!st.contains(p.name())) {
                throw new SafeTensorsException(file, p.name(), "missing: a " + describe(config)
                        + " model needs it with shape " + Shapes.toString(p.value().shape()));
            }
            int[] shape = st.shape(p.name());
            if (!p.value().hasShape(shape)) {
                throw new SafeTensorsException(file, p.name(), "expected shape " + Shapes.toString(p.value().shape())
                        + " for a " + describe(config) + " model but the file has " + Shapes.toString(shape));
            }
            if (st.dtype(p.name()).startsWith("I") || st.dtype(p.name()).startsWith("U")) {
                throw new SafeTensorsException(file, p.name(), "dtype " + st.dtype(p.name())
                        + " is not a floating-point type (F32, F16, BF16 or F64)");
            }
            float[] values = st.tensor(p.name()).data();
            System.arraycopy(values, 0, p.value().data(), 0, values.length);
        }
        for (String name : st.names()) {
            if (!expected.contains(name)) {
                throw new SafeTensorsException(file, name, "is not a parameter of a " + describe(config)
                        + " model (expected " + expected + ")");
            }
        }
        return new Loaded(model, names);
    }

    private static String describe(LeNet5Config c) {
        return "LeNet5(in_channels=" + c.inChannels() + ", num_classes=" + c.numClasses() + ", activation="
                + c.activation().id() + ", pooling=" + c.pooling().id() + ")";
    }

    private static LeNet5Config configOf(Path file, Map<String, String> meta) throws SafeTensorsException {
        try {
            return new LeNet5Config(integer(meta, "in_channels"), integer(meta, "num_classes"),
                    Activation.parse(required(meta, "activation")), Pooling.parse(required(meta, "pooling")));
        } catch (IllegalArgumentException e) {
            throw new SafeTensorsException(file, null, "invalid lenet5j metadata: " + e.getMessage(), e);
        }
    }

    private static String required(Map<String, String> meta, String key) {
        String value = meta.get(key);
        if (value == null) {
            throw new IllegalArgumentException("'" + key + "' is missing");
        }
        return value;
    }

    private static int integer(Map<String, String> meta, String key) {
        String value = required(meta, key);
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + key + "' is not an integer: " + value);
        }
    }

    private static List<String> classNames(Path file, String json, int numClasses) throws SafeTensorsException {
        if (json == null) {
            return List.of();
        }
        try {
            if (Json.parse(json) instanceof List<?> list && list.size() == numClasses
                    && list.stream().allMatch(String.class::isInstance)) {
                List<String> names = new ArrayList<>();
                list.forEach(n -> names.add((String) n));
                return List.copyOf(names);
            }
        } catch (JsonException e) {
            throw new SafeTensorsException(file, null, "class_names is not valid JSON: " + e.getMessage(), e);
        }
        throw new SafeTensorsException(file, null, "class_names must be a JSON array of " + numClasses + " strings");
    }
}
