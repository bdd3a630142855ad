package io.github.lenet5j.model;

import io.github.lenet5j.data.Normalization;
import io.github.lenet5j.data.Preprocessing;
import io.github.lenet5j.io.Json;
import io.github.lenet5j.io.JsonException;
import io.github.lenet5j.io.SafeTensors;
import io.github.lenet5j.io.SafeTensorsException;
import io.github.lenet5j.io.SafeTensorsFile;
import io.github.lenet5j.nn.Engine;
import io.github.lenet5j.nn.Parameter;
import io.github.lenet5j.tensor.Shapes;
import io.github.lenet5j.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
 * {@code activation}, {@code pooling}, optionally {@code class_names} (a JSON array as a string), and
 * {@code preprocessing}: how a picture becomes the model's input, a JSON object as a string
 * ({@link Preprocessing#toMap}: {@code {"channels":1,"resize":"fit","inner_size":28,"invert":"auto","mean":0.0,"std":1.0}}).
 * A file without {@code preprocessing} (written before it was recorded) gets MNIST's convention,
 * {@link Preprocessing#mnist}, with the 1998 input scaling for a classic model.
 * A file with that metadata rebuilds its model alone; a plain PyTorch export loads with a configuration.
 */
public final class ModelFile {
    /** The metadata value of {@code format}. */
    public static final String FORMAT = "lenet5j";
    /** The metadata key of the {@link Preprocessing}, a JSON object as a string. */
    public static final String PREPROCESSING = "preprocessing";
    /** The {@code format} of a training checkpoint ({@code train.Checkpoint.FORMAT}), which is not a model file. */
    private static final String CHECKPOINT_FORMAT = "lenet5j-checkpoint";

    private ModelFile() {
    }

    /**
     * A model with the class names and the preprocessing its file records.
     *
     * @param model the model
     * @param classNames one name per class, or empty
     * @param preprocessing how a picture becomes the model's input
     */
    public record Loaded(LeNet5 model, List<String> classNames, Preprocessing preprocessing) {
        /**
         * Checks that the preprocessing gives the model's channels.
         *
         * @param model the model
         * @param classNames one name per class, or empty
         * @param preprocessing how a picture becomes the model's input, with the model's channels
         * @throws IllegalArgumentException if the channels differ
         */
        public Loaded {
            checkChannels(preprocessing, model.config().inChannels());
        }

        /**
         * A model with MNIST's preprocessing ({@link Preprocessing#mnist}).
         *
         * @param model the model
         * @param classNames one name per class, or empty
         */
        public Loaded(LeNet5 model, List<String> classNames) {
            this(model, classNames, Preprocessing.mnist(model.config().inChannels()));
        }

        /** {@return a thread-safe predictor of the model's current weights, preparing pictures with the preprocessing} */
        public Predictor predictor() {
            return new Predictor(model, preprocessing);
        }

        /**
         * {@return this model on another engine (a copy with the same weights), with the same class names and
         * preprocessing; this one when it already runs on that engine}
         *
         * @param engine the engine
         */
        public Loaded withEngine(Engine engine) {
            return engine == model.engine() ? this : new Loaded(model.withEngine(engine), classNames, preprocessing);
        }

        /**
         * {@return the name of class {@code c}, or its number when the file has no names}
         *
         * @param c the class, in [0, numClasses)
         */
        public String className(int c) {
            return classNames.isEmpty() ? String.valueOf(c) : classNames.get(c);
        }
    }

    /**
     * A 1998 model with the class names and the preprocessing its file records.
     *
     * @param model the model
     * @param classNames one name per class, or empty
     * @param preprocessing how a picture becomes the model's input (the 1998 input scaling, unless the file says
     *                      otherwise)
     */
    public record LoadedClassic(ClassicLeNet5 model, List<String> classNames, Preprocessing preprocessing) {
        /**
         * {@return this model on another engine (a copy with the same weights), with the same class names and
         * preprocessing; this one when it already runs on that engine}
         *
         * @param engine the engine
         */
        public LoadedClassic withEngine(Engine engine) {
            return engine == model.engine() ? this : new LoadedClassic(model.withEngine(engine), classNames, preprocessing);
        }
    }

    /**
     * {@return what a 1998 model's file without a recorded preprocessing gets: MNIST's convention with the paper's
     * input scaling ({@link Normalization#PAPER_1998})}
     *
     * @param channels the model's input channels
     */
    public static Preprocessing classicPreprocessing(int channels) {
        return Preprocessing.mnist(channels).withNormalization(Normalization.PAPER_1998);
    }

    /** The metadata value of {@code preset} for a {@link ClassicLeNet5}. */
    public static final String CLASSIC = "classic";

    /**
     * {@return true when the file holds a {@link ClassicLeNet5} (metadata {@code preset = classic})}
     *
     * @param file a model file
     * @throws IOException if the file cannot be read or is not a valid safetensors file
     */
    public static boolean isClassic(Path file) throws IOException {
        return CLASSIC.equals(SafeTensors.readMetadata(file).get("preset"));
    }

    /**
     * Saves a 1998 model atomically: its parameters ({@code c1.*}, {@code s2.*}, {@code c3.weight [60, 5, 5]}, ...),
     * its fixed RBF centres {@code rbf.centers [K, 84]}, and metadata {@code format = lenet5j}, {@code preset = classic},
     * {@code in_channels}, {@code num_classes}, optional {@code class_names} and the {@link #classicPreprocessing}:
     * {@link #save(Classifier, List, Path)}, named for the 1998 network.
     *
     * @param model the model
     * @param classNames one name per class, or empty
     * @param file the file to write
     * @throws IOException if the file cannot be written; it is then unchanged
     * @throws IllegalArgumentException if there are names but not one per class
     */
    public static void save(ClassicLeNet5 model, List<String> classNames, Path file) throws IOException {
        save((Classifier) model, classNames, file);
    }

    /**
     * Saves any classifier atomically with the preprocessing its kind of network gets by default
     * ({@link #defaultPreprocessing}); see {@link #save(Classifier, List, Preprocessing, Path)}.
     *
     * @param model the model
     * @param classNames one name per class, or empty
     * @param file the file to write
     * @throws IOException if the file cannot be written; it is then unchanged
     * @throws IllegalArgumentException if there are names but not one per class
     */
    public static void save(Classifier model, List<String> classNames, Path file) throws IOException {
        save(model, classNames, defaultPreprocessing(model), file);
    }

    /**
     * Saves any classifier atomically: its {@linkplain #stateDict(Classifier) tensors} and its
     * {@linkplain #metadata(Classifier, List, Preprocessing) metadata}, which records how its input was prepared (so
     * that {@code predict}, {@code serve} and {@link Loaded#predictor()} prepare pictures the same way);
     * {@link #create} makes a model of its architecture again. A failed write leaves no partial file and the
     * previous file untouched.
     *
     * @param model the model
     * @param classNames one name per class, or empty
     * @param preprocessing how a picture becomes the model's input, with the model's channels
     * @param file the file to write
     * @throws IOException if the file cannot be written; it is then unchanged
     * @throws IllegalArgumentException if there are names but not one per class, or the channels differ
     */
    public static void save(Classifier model, List<String> classNames, Preprocessing preprocessing, Path file)
            throws IOException {
        SafeTensors.write(file, stateDict(model), metadata(model, classNames, preprocessing));
    }

    /**
     * {@return the preprocessing a model's file records unless told otherwise: {@link #classicPreprocessing} for a
     * 1998 network (its architecture says {@code preset = classic}), MNIST's ({@link Preprocessing#mnist}) for the
     * others}
     *
     * @param model the model
     */
    public static Preprocessing defaultPreprocessing(Classifier model) {
        return CLASSIC.equals(model.architecture().get("preset")) ? classicPreprocessing(model.inChannels())
                : Preprocessing.mnist(model.inChannels());
    }

    /**
     * {@link #metadata(Classifier, List, Preprocessing)} with the {@link #defaultPreprocessing}.
     *
     * @param model the model
     * @param classNames one name per class, or empty
     * @return the metadata, in that order
     * @throws IllegalArgumentException if there are names but not one per class
     */
    public static Map<String, String> metadata(Classifier model, List<String> classNames) {
        return metadata(model, classNames, defaultPreprocessing(model));
    }

    /**
     * The metadata a model's file records: {@code format = lenet5j}, the model's
     * {@linkplain Classifier#architecture() architecture} ({@code in_channels}, {@code num_classes}, {@code activation},
     * {@code pooling} for a {@link LeNet5}; {@code preset = classic}, {@code in_channels}, {@code num_classes} for a
     * {@link ClassicLeNet5}), {@code class_names} (a JSON array) when there are names, and {@code preprocessing}, a
     * JSON object as a string ({@link Preprocessing#toMap}). The one place it is made: the saves write it, and the
     * ONNX export carries it.
     *
     * @param model the model
     * @param classNames one name per class, or empty
     * @param preprocessing how a picture becomes the model's input, with the model's channels
     * @return the metadata, in that order
     * @throws IllegalArgumentException if there are names but not one per class, or the channels differ
     */
    public static Map<String, String> metadata(Classifier model, List<String> classNames, Preprocessing preprocessing) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", FORMAT);
        metadata.putAll(model.architecture());
        putClassNames(metadata, classNames, model.numClasses());
        checkChannels(preprocessing, model.inChannels());
        metadata.put(PREPROCESSING, encode(preprocessing));
        return metadata;
    }

    /**
     * {@return a model's tensors by name, as PyTorch's {@code state_dict} holds them: the parameters, then the fixed
     * {@linkplain Classifier#buffers() buffers} (a 1998 model's {@code rbf.centers})} The parameters' values are the
     * model's own (not copies), the buffers copies.
     *
     * @param model the model
     */
    public static Map<String, Tensor> stateDict(Classifier model) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Parameter p : model.parameters()) {
            tensors.put(p.name(), p.value());
        }
        tensors.putAll(model.buffers());
        return tensors;
    }

    /**
     * A new model of the architecture that metadata written by {@link Classifier#architecture()} records (a
     * {@link ClassicLeNet5} for {@code preset = classic}, a {@link LeNet5} otherwise), with weights from seed 0,
     * for a checkpoint or a file to overwrite.
     *
     * @param file the file the metadata comes from, for the message
     * @param meta the file's metadata
     * @return the model
     * @throws SafeTensorsException naming the file, if a key is missing or a value invalid
     */
    public static Classifier create(Path file, Map<String, String> meta) throws SafeTensorsException {
        if (!CLASSIC.equals(meta.get("preset"))) {
            return new LeNet5(configOf(file, meta), 0);
        }
        try {
            return new ClassicLeNet5(integer(meta, "in_channels"), integer(meta, "num_classes"), 0);
        } catch (IllegalArgumentException e) {
            throw new SafeTensorsException(file, null, "invalid lenet5j metadata: " + e.getMessage(), e);
        }
    }

    private static void putClassNames(Map<String, String> metadata, List<String> classNames, int numClasses) {
        if (!classNames.isEmpty() && classNames.size() != numClasses) {
            throw new IllegalArgumentException(classNames.size() + " class names for " + numClasses + " classes");
        }
        if (!classNames.isEmpty()) {
            metadata.put("class_names", Json.write(classNames));
        }
    }

    /**
     * Loads a 1998 model. Its RBF centres are a function of the class count, so the file's are checked
     * against them rather than trusted.
     *
     * @param file the model file
     * @return the model, the class names and the preprocessing the file records
     * @throws SafeTensorsException if the file is not a classic lenet5j model or its tensors do not match
     */
    public static LoadedClassic loadClassic(Path file) throws IOException {
        SafeTensorsFile st = SafeTensors.read(file);
        Map<String, String> meta = st.metadata();
        if (!FORMAT.equals(meta.get("format")) || !CLASSIC.equals(meta.get("preset"))) {
            throw new SafeTensorsException(file, null, "is not a classic LeNet-5 (metadata format=lenet5j, preset=classic)");
        }
        ClassicLeNet5 model;
        try {
            checkFits(file, st, integer(meta, "in_channels"), integer(meta, "num_classes"));
            model = new ClassicLeNet5(integer(meta, "in_channels"), integer(meta, "num_classes"), 0);
        } catch (IllegalArgumentException e) {
            throw new SafeTensorsException(file, null, "invalid lenet5j metadata: " + e.getMessage(), e);
        }
        Set<String> expected = new TreeSet<>();
        for (Parameter p : model.parameters()) {
            expected.add(p.name());
            copyInto(file, st, p.name(), p.value(), "a classic LeNet-5");
        }
        for (Map.Entry<String, Tensor> buffer : model.buffers().entrySet()) {
            expected.add(buffer.getKey());
            Tensor saved = new Tensor(buffer.getValue().shape());
            copyInto(file, st, buffer.getKey(), saved, "a classic LeNet-5");
            if (!java.util.Arrays.equals(saved.data(), buffer.getValue().data())) {
                throw new SafeTensorsException(file, buffer.getKey(), "differs from the fixed RBF codes of "
                        + model.numClasses() + " classes");
            }
        }
        checkNoExtra(file, st, expected, "a classic LeNet-5");
        return new LoadedClassic(model, classNames(file, meta.get("class_names"), model.numClasses()),
                preprocessingOf(file, meta, classicPreprocessing(model.inChannels())));
    }

    /**
     * Rejects an architecture whose weights the file cannot hold, before the model is allocated: conv1 has
     * 150 values per input channel and the output layer 84 per class, so a file declaring two billion classes
     * fails here instead of allocating (or overflowing) arrays for them.
     */
    private static void checkFits(Path file, SafeTensorsFile st, int inChannels, int numClasses)
            throws SafeTensorsException {
        long needed = 150L * inChannels + 84L * numClasses;
        long held = 0;
        for (String name : st.names()) {
            long values = 1;
            for (int d : st.shape(name)) {
                values *= d;
            }
            held += values;
        }
        if (needed > held) {
            throw new SafeTensorsException(file, null, "a LeNet-5 with in_channels=" + inChannels + ", num_classes="
                    + numClasses + " needs more than " + needed + " values but the file holds " + held);
        }
    }

    /** Copies tensor {@code name} of the file into {@code target}, checking presence, shape and dtype. */
    private static void copyInto(Path file, SafeTensorsFile st, String name, Tensor target, String what)
            throws SafeTensorsException {
        if (!st.contains(name)) {
            throw new SafeTensorsException(file, name, "missing: " + what + " model needs it with shape "
                    + Shapes.toString(target.shape()));
        }
        int[] shape = st.shape(name);
        if (!target.hasShape(shape)) {
            throw new SafeTensorsException(file, name, "expected shape " + Shapes.toString(target.shape())
                    + " for " + what + " model but the file has " + Shapes.toString(shape));
        }
        if (st.dtype(name).startsWith("I") || st.dtype(name).startsWith("U")) {
            throw new SafeTensorsException(file, name, "dtype " + st.dtype(name)
                    + " is not a floating-point type (F32, F16, BF16 or F64)");
        }
        float[] values = st.tensor(name).data();
        System.arraycopy(values, 0, target.data(), 0, values.length);
    }

    private static void checkNoExtra(Path file, SafeTensorsFile st, Set<String> expected, String what)
            throws SafeTensorsException {
        for (String name : st.names()) {
            if (!expected.contains(name)) {
                throw new SafeTensorsException(file, name, "is not a parameter of " + what + " model (expected "
                        + expected + ")");
            }
        }
    }

    /**
     * Saves the model without class names, atomically as {@link #save(Classifier, List, Path)}.
     *
     * @param model the model
     * @param file the file to write
     * @throws IOException if the file cannot be written; it is then unchanged
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
     * @throws IOException if the file cannot be written; it is then unchanged
     * @throws IllegalArgumentException if there are names but not one per class
     */
    public static void save(LeNet5 model, List<String> classNames, Path file) throws IOException {
        save((Classifier) model, classNames, file);
    }

    /**
     * {@return the metadata value of {@link #PREPROCESSING}: {@link Preprocessing#toMap} as JSON}
     *
     * @param preprocessing the preprocessing
     */
    public static String encode(Preprocessing preprocessing) {
        return Json.write(preprocessing.toMap());
    }

    /**
     * The preprocessing that metadata records under {@link #PREPROCESSING}, or {@code absent} when it records none.
     *
     * @param file the file the metadata comes from, for the message
     * @param meta the file's metadata
     * @param absent what a file without the key gets, with the model's channels
     * @return the preprocessing
     * @throws SafeTensorsException naming the file, if the value is not valid or its channels are not
     *                              {@code absent}'s
     */
    public static Preprocessing preprocessingOf(Path file, Map<String, String> meta, Preprocessing absent)
            throws SafeTensorsException {
        String json = meta.get(PREPROCESSING);
        if (json == null) {
            return absent;
        }
        try {
            if (!(Json.parse(json) instanceof Map<?, ?> fields)) {
                throw new IllegalArgumentException("it is not a JSON object");
            }
            @SuppressWarnings("unchecked")
            Preprocessing p = Preprocessing.fromMap((Map<String, ?>) fields);
            checkChannels(p, absent.channels());
            return p;
        } catch (IllegalArgumentException e) {   // and JsonException, one of them
            throw new SafeTensorsException(file, null, "invalid lenet5j metadata " + PREPROCESSING + ": " + e.getMessage(), e);
        }
    }

    private static void checkChannels(Preprocessing preprocessing, int inChannels) {
        if (preprocessing.channels() != inChannels) {
            throw new IllegalArgumentException("the preprocessing gives " + preprocessing.channels()
                    + " channel(s) but the model takes " + inChannels);
        }
    }

    /**
     * Loads a model saved by lenet5j (or the twin): the architecture comes from the metadata.
     *
     * @param file the model file
     * @return the model, the class names and the preprocessing the file records
     * @throws SafeTensorsException if the file is unreadable, has no lenet5j metadata, or its tensors do
     *                              not match the architecture (the message names the file and the tensor)
     */
    public static Loaded load(Path file) throws IOException {
        return load(file, null);
    }

    /**
     * Loads a model saved by lenet5j from a stream, such as a file inside a jar
     * ({@code getResourceAsStream}): the bytes go to a temporary file, which is read as {@link #load(Path)} reads
     * a file (with every check) and then deleted. The stream is read to its end, not closed.
     *
     * @param in the model file's bytes
     * @return the model, the class names and the preprocessing it records
     * @throws SafeTensorsException as {@link #load(Path)} (naming the temporary file)
     * @throws IOException if the stream cannot be read or the temporary file written
     */
    public static Loaded load(InputStream in) throws IOException {
        Path copy = Files.createTempFile("lenet5j-model-", ".safetensors");
        try {
            Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
            return load(copy);
        } finally {
            Files.deleteIfExists(copy);
        }
    }

    /**
     * Loads a model; {@code fallback} is the architecture of a file without lenet5j metadata (a plain
     * PyTorch export), ignored when the file has metadata.
     *
     * @param file the model file
     * @param fallback the architecture of a file without lenet5j metadata, or null to reject such a file
     * @return the model, the class names and the preprocessing the file records (for a plain PyTorch export: no
     *         names, MNIST's preprocessing)
     * @throws SafeTensorsException as {@link #load(Path)}; for a training checkpoint, one that says so and how
     *                              to use it
     */
    public static Loaded load(Path file, LeNet5Config fallback) throws IOException {
        SafeTensorsFile st = SafeTensors.read(file);
        Map<String, String> meta = st.metadata();
        LeNet5Config config;
        List<String> names = List.of();
        Preprocessing preprocessing = null;
        if (CLASSIC.equals(meta.get("preset"))) {
            throw new SafeTensorsException(file, null, "holds a classic (1998) LeNet-5: load it with ModelFile.loadClassic");
        }
        if (CHECKPOINT_FORMAT.equals(meta.get("format"))) {
            throw new SafeTensorsException(file, null, "a training checkpoint, not a model file: continue training from"
                    + " it (lenet5j train --resume " + file + "; train.Checkpoint.load), or use the model saved with it"
                    + beside(file));
        }
        if (FORMAT.equals(meta.get("format"))) {
            config = configOf(file, meta);
            names = classNames(file, meta.get("class_names"), config.numClasses());
            preprocessing = preprocessingOf(file, meta, Preprocessing.mnist(config.inChannels()));
        } else if (fallback != null) {
            config = fallback;
        } else {
            throw new SafeTensorsException(file, null, "has no lenet5j metadata (format=lenet5j); give the"
                    + " architecture (CLI: --channels, --classes, --activation, --pooling)");
        }
        checkFits(file, st, config.inChannels(), config.numClasses());
        LeNet5 model = new LeNet5(config, 0);
        Set<String> expected = new TreeSet<>();
        String what = "a " + describe(config);
        for (Parameter p : model.parameters()) {
            expected.add(p.name());
            copyInto(file, st, p.name(), p.value(), what);
        }
        checkNoExtra(file, st, expected, what);
        return new Loaded(model, names, preprocessing != null ? preprocessing : Preprocessing.mnist(config.inChannels()));
    }

    /** Where {@code lenet5j train} saved the model of checkpoint {@code MODEL.ckpt}, when that file is there. */
    private static String beside(Path checkpoint) {
        String name = checkpoint.getFileName().toString();
        if (name.endsWith(".ckpt")) {
            Path model = checkpoint.resolveSibling(name.substring(0, name.length() - ".ckpt".length()));
            if (java.nio.file.Files.isRegularFile(model)) {
                return ": " + model;
            }
        }
        return " (lenet5j train writes it beside the checkpoint, which is named after it: MODEL.ckpt)";
    }

    private static String describe(LeNet5Config c) {
        return "LeNet5(in_channels=" + c.inChannels() + ", num_classes=" + c.numClasses() + ", activation="
                + c.activation().id() + ", pooling=" + c.pooling().id() + ")";
    }

    /**
     * The architecture as metadata strings, as model files and checkpoints record it.
     *
     * @param c the architecture
     * @return {@code in_channels}, {@code num_classes}, {@code activation}, {@code pooling}, in that order
     */
    public static Map<String, String> architecture(LeNet5Config c) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("in_channels", String.valueOf(c.inChannels()));
        metadata.put("num_classes", String.valueOf(c.numClasses()));
        metadata.put("activation", c.activation().id());
        metadata.put("pooling", c.pooling().id());
        return metadata;
    }

    /**
     * The architecture that metadata written by {@link #architecture} records.
     *
     * @param file the file the metadata comes from, for the message
     * @param meta the file's metadata
     * @return the architecture
     * @throws SafeTensorsException naming the file, if a key is missing or a value invalid
     */
    public static LeNet5Config configOf(Path file, Map<String, String> meta) throws SafeTensorsException {
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
