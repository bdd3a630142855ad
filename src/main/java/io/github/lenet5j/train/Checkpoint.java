package io.github.lenet5j.train;

import io.github.lenet5j.io.SafeTensors;
import io.github.lenet5j.io.SafeTensorsException;
import io.github.lenet5j.io.SafeTensorsFile;
import io.github.lenet5j.model.Classifier;
import io.github.lenet5j.model.ModelFile;
import io.github.lenet5j.nn.Parameter;
import io.github.lenet5j.optim.Optimizer;
import io.github.lenet5j.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A resumable snapshot of training, as one safetensors file: the model's parameters
 * ({@code model.conv1.weight}, ...), the optimizer's state ({@code optimizer.conv1.weight.exp_avg}, ...), the best
 * epoch's parameters under early stopping ({@code best.conv1.weight}, ...), and in {@code __metadata__} the model's
 * {@linkplain Classifier#architecture() architecture} (either network), the {@link TrainingPosition}, the planned
 * epochs, the {@link EarlyStopping} policy and {@link BestEpoch} state, the optimizer's step count, the seed, the batch
 * size and the thread count. Written atomically: a crash leaves the last good checkpoint.
 */
public final class Checkpoint {
    /** The metadata value of {@code format}. */
    public static final String FORMAT = "lenet5j-checkpoint";
    private static final String MODEL = "model.";
    private static final String OPTIMIZER = "optimizer.";
    private static final String BEST = "best.";

    private final Path file;
    private final TrainingPosition position;
    private final Map<String, String> metadata;
    private final Map<String, float[]> parameters;
    private final Map<String, float[]> optimizerState;
    private final Map<String, float[]> bestParameters;
    private final long optimizerSteps;
    private final long storedValues;

    private Checkpoint(Path file, TrainingPosition position, Map<String, String> metadata, Map<String, float[]> parameters,
                       Map<String, float[]> optimizerState, Map<String, float[]> bestParameters, long optimizerSteps) {
        this.file = file;
        this.position = position;
        this.metadata = metadata;
        this.parameters = parameters;
        this.optimizerState = optimizerState;
        this.bestParameters = bestParameters;
        this.optimizerSteps = optimizerSteps;
        this.storedValues = parameters.values().stream().mapToLong(v -> v.length).sum();
    }

    /**
     * Writes a checkpoint atomically, with no early-stopping state; {@code extra} adds metadata (e.g. the optimizer's
     * flags).
     *
     * @param file the checkpoint file
     * @param model the model whose parameters are saved: a {@link io.github.lenet5j.model.LeNet5} or a
     *              {@link io.github.lenet5j.model.ClassicLeNet5}
     * @param optimizer the optimizer whose state and step count are saved
     * @param position where training stands
     * @param config the run's configuration: its epochs, seed, batch size and thread count are recorded
     * @param extra more metadata strings, possibly empty; the checkpoint's own keys override them
     * @throws IOException if the file cannot be written; it is then unchanged
     */
    public static void save(Path file, Classifier model, Optimizer optimizer, TrainingPosition position, TrainConfig config,
                            Map<String, String> extra) throws IOException {
        save(file, model, optimizer, position, config, EarlyStopping.NEVER, BestEpoch.NONE, null, extra);
    }

    /** As above, with the early-stopping policy, its state and the best epoch's parameters (null for none). */
    static void save(Path file, Classifier model, Optimizer optimizer, TrainingPosition position, TrainConfig config,
                     EarlyStopping stopping, BestEpoch best, List<float[]> bestValues, Map<String, String> extra)
            throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        List<Parameter> params = model.parameters();
        for (Parameter p : params) {
            tensors.put(MODEL + p.name(), p.value());
        }
        optimizer.state().forEach((name, values) -> tensors.put(OPTIMIZER + name, new Tensor(values, values.length)));
        if (bestValues != null) {
            for (int i = 0; i < params.size(); i++) {
                tensors.put(BEST + params.get(i).name(), new Tensor(bestValues.get(i), params.get(i).value().shape()));
            }
        }
        Map<String, String> meta = new LinkedHashMap<>(extra);
        meta.put("format", FORMAT);
        meta.putAll(model.architecture());
        meta.put("epoch", String.valueOf(position.epoch()));
        meta.put("batch", String.valueOf(position.batch()));
        meta.put("loss_sum", Double.toString(position.lossSum()));
        meta.put("correct", String.valueOf(position.correct()));
        meta.put("seen", String.valueOf(position.seen()));
        meta.put("epochs", String.valueOf(config.epochs()));
        meta.put("patience", String.valueOf(stopping.patience()));
        meta.put("keep", stopping.keep().id());
        meta.put("best_epoch", String.valueOf(best.epoch()));
        meta.put("best_validation_loss", Double.toString(best.validationLoss()));   // round-trips every double exactly
        meta.put("epochs_since_best", String.valueOf(best.epochsSince()));
        meta.put("optimizer_steps", String.valueOf(optimizer.steps()));
        meta.put("seed", String.valueOf(config.seed()));
        meta.put("batch_size", String.valueOf(config.batchSize()));
        meta.put("threads", String.valueOf(config.threads()));
        SafeTensors.write(file, tensors, meta);
    }

    /**
     * Reads a checkpoint.
     *
     * @param file the checkpoint file
     * @return the checkpoint, ready to {@link #restore}
     * @throws SafeTensorsException if the file is not a valid lenet5j checkpoint (naming the file and the problem)
     */
    public static Checkpoint load(Path file) throws IOException {
        SafeTensorsFile st = SafeTensors.read(file);
        Map<String, String> meta = st.metadata();
        if (ModelFile.FORMAT.equals(meta.get("format"))) {
            throw new SafeTensorsException(file, null, "a model file, not a training checkpoint: training writes its"
                    + " checkpoint beside the model, named after it (" + file.getFileName() + ".ckpt); a model file can"
                    + " be evaluated or used, but a run resumes only from its checkpoint");
        }
        if (!FORMAT.equals(meta.get("format"))) {
            throw new SafeTensorsException(file, null, "is not a lenet5j checkpoint (metadata format="
                    + meta.get("format") + ", expected " + FORMAT + ")");
        }
        try {
            if (!ModelFile.CLASSIC.equals(meta.get("preset"))) {
                ModelFile.configOf(file, meta);   // a modern model's architecture must be complete and valid
            }
            TrainingPosition position = new TrainingPosition(integer(meta, "epoch"), integer(meta, "batch"),
                    Double.parseDouble(text(meta, "loss_sum")), integer(meta, "correct"), integer(meta, "seen"));
            Map<String, float[]> parameters = new LinkedHashMap<>(), state = new LinkedHashMap<>(),
                    best = new LinkedHashMap<>();
            for (String name : st.names()) {
                if (name.startsWith(MODEL)) {
                    parameters.put(name.substring(MODEL.length()), st.tensor(name).data());
                } else if (name.startsWith(OPTIMIZER)) {
                    state.put(name.substring(OPTIMIZER.length()), st.tensor(name).data());
                } else if (name.startsWith(BEST)) {
                    best.put(name.substring(BEST.length()), st.tensor(name).data());
                } else {
                    throw new SafeTensorsException(file, name, "is neither a model.*, an optimizer.* nor a best.* tensor");
                }
            }
            Checkpoint saved = new Checkpoint(file, position, Map.copyOf(meta), parameters, state, best,
                    Long.parseLong(text(meta, "optimizer_steps")));
            saved.earlyStopping();   // validates the early-stopping metadata now, not at resume
            saved.best();
            return saved;
        } catch (IllegalArgumentException e) {
            throw new SafeTensorsException(file, null, "invalid checkpoint: " + e.getMessage(), e);
        }
    }

    private static String text(Map<String, String> meta, String key) {
        String value = meta.get(key);
        if (value == null) {
            throw new IllegalArgumentException("metadata '" + key + "' is missing");
        }
        return value;
    }

    private static int integer(Map<String, String> meta, String key) {
        return Integer.parseInt(text(meta, key));
    }

    /**
     * A new model of the checkpoint's architecture (weights from seed 0: {@link Trainer#resume} or {@link #restore}
     * overwrite them).
     *
     * @return a {@link io.github.lenet5j.model.LeNet5} or a {@link io.github.lenet5j.model.ClassicLeNet5}
     * @throws SafeTensorsException if the architecture is invalid or needs more weights than the file holds
     */
    public Classifier newModel() throws SafeTensorsException {
        try {
            long needed = 150L * integer(metadata, "in_channels") + 84L * integer(metadata, "num_classes");
            if (needed > storedValues) {   // refuse before allocating what a corrupt header claims
                throw new IllegalArgumentException("in_channels and num_classes need more than " + needed
                        + " weights but the file holds " + storedValues);
            }
        } catch (IllegalArgumentException e) {
            throw new SafeTensorsException(file, null, "invalid checkpoint: " + e.getMessage(), e);
        }
        return ModelFile.create(file, metadata);
    }

    /** {@return where training stood} */
    public TrainingPosition position() {
        return position;
    }

    /** {@return all metadata strings, e.g. {@code seed}, {@code batch_size}, and whatever the writer added} */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** {@return the seed the run was started with} */
    public long seed() {
        return Long.parseLong(metadata.get("seed"));
    }

    /** {@return the mini-batch size of the run} */
    public int batchSize() {
        return Integer.parseInt(metadata.get("batch_size"));
    }

    /** {@return the epochs the run was started with (its {@link TrainConfig#epochs()}); 0 if the file does not say} */
    public int plannedEpochs() {
        return metadata.containsKey("epochs") ? integer(metadata, "epochs") : 0;
    }

    /** {@return the run's early-stopping policy ({@link EarlyStopping#NEVER} if the file does not say)} */
    public EarlyStopping earlyStopping() {
        if (!metadata.containsKey("patience")) {
            return EarlyStopping.NEVER;
        }
        return new EarlyStopping(integer(metadata, "patience"), EarlyStopping.Keep.parse(text(metadata, "keep")));
    }

    /** {@return the run's early-stopping state when the checkpoint was written} */
    public BestEpoch best() {
        if (!metadata.containsKey("best_epoch")) {
            return BestEpoch.NONE;
        }
        return new BestEpoch(integer(metadata, "best_epoch"), Double.parseDouble(text(metadata, "best_validation_loss")),
                integer(metadata, "epochs_since_best"));
    }

    /**
     * Copies the saved weights into {@code model} and the saved state into {@code optimizer}.
     *
     * @param model a model with the checkpoint's architecture; its weights are overwritten
     * @param optimizer an optimizer of the saved kind over {@code model}'s parameters; its state and step
     *                  count are replaced
     * @throws SafeTensorsException if the model's architecture or parameters, or the optimizer's state, differ
     */
    public void restore(Classifier model, Optimizer optimizer) throws SafeTensorsException {
        checkArchitecture(model);
        copy(parameters, MODEL, model.parameters(), null);
        try {
            optimizer.loadState(optimizerState, optimizerSteps);
        } catch (IllegalArgumentException e) {
            throw new SafeTensorsException(file, null, "optimizer state does not fit the optimizer given: "
                    + e.getMessage(), e);
        }
    }

    /** The best epoch's parameters, in the model's parameter order, or null when the checkpoint holds none. */
    List<float[]> bestValues(Classifier model) throws SafeTensorsException {
        if (bestParameters.isEmpty()) {
            return null;
        }
        checkArchitecture(model);
        List<float[]> values = new ArrayList<>();
        copy(bestParameters, BEST, model.parameters(), values);
        return values;
    }

    private void checkArchitecture(Classifier model) throws SafeTensorsException {
        Map<String, String> architecture = model.architecture();
        boolean classic = ModelFile.CLASSIC.equals(metadata.get("preset"));
        for (Map.Entry<String, String> e : architecture.entrySet()) {
            if (!e.getValue().equals(metadata.get(e.getKey())) || classic != architecture.containsKey("preset")) {
                throw new SafeTensorsException(file, null, "holds a model " + savedArchitecture()
                        + " but the model given is " + architecture);
            }
        }
    }

    /** The architecture keys the checkpoint holds, for a message. */
    private Map<String, String> savedArchitecture() {
        Map<String, String> saved = new LinkedHashMap<>();
        for (String key : List.of("preset", "in_channels", "num_classes", "activation", "pooling")) {
            if (metadata.containsKey(key)) {
                saved.put(key, metadata.get(key));
            }
        }
        return saved;
    }

    /** Copies each parameter's saved values into it (into, null) or into new arrays added to {@code into}. */
    private void copy(Map<String, float[]> saved, String prefix, List<Parameter> params, List<float[]> into)
            throws SafeTensorsException {
        for (Parameter p : params) {
            float[] values = saved.get(p.name());
            if (values == null || values.length != p.size()) {
                throw new SafeTensorsException(file, prefix + p.name(), values == null ? "missing"
                        : "has " + values.length + " values, expected " + p.size());
            }
            if (into == null) {
                System.arraycopy(values, 0, p.value().data(), 0, values.length);
            } else {
                into.add(values.clone());
            }
        }
    }
}
