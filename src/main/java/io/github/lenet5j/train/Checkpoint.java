package io.github.lenet5j.train;

import io.github.lenet5j.io.SafeTensors;
import io.github.lenet5j.io.SafeTensorsException;
import io.github.lenet5j.io.SafeTensorsFile;
import io.github.lenet5j.model.LeNet5;
import io.github.lenet5j.model.LeNet5Config;
import io.github.lenet5j.model.ModelFile;
import io.github.lenet5j.nn.Parameter;
import io.github.lenet5j.optim.Optimizer;
import io.github.lenet5j.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A resumable snapshot of training, as one safetensors file: the model's parameters
 * ({@code model.conv1.weight}, ...), the optimizer's state ({@code optimizer.conv1.weight.exp_avg}, ...),
 * and in {@code __metadata__} the architecture, the {@link TrainingPosition}, the optimizer's step count,
 * the seed, the batch size and the thread count. Written atomically: a crash leaves the last good checkpoint.
 */
public final class Checkpoint {
    /** The metadata value of {@code format}. */
    public static final String FORMAT = "lenet5j-checkpoint";
    private static final String MODEL = "model.";
    private static final String OPTIMIZER = "optimizer.";

    private final Path file;
    private final LeNet5Config modelConfig;
    private final TrainingPosition position;
    private final Map<String, String> metadata;
    private final Map<String, float[]> parameters;
    private final Map<String, float[]> optimizerState;
    private final long optimizerSteps;

    private Checkpoint(Path file, LeNet5Config modelConfig, TrainingPosition position, Map<String, String> metadata,
                       Map<String, float[]> parameters, Map<String, float[]> optimizerState, long optimizerSteps) {
        this.file = file;
        this.modelConfig = modelConfig;
        this.position = position;
        this.metadata = metadata;
        this.parameters = parameters;
        this.optimizerState = optimizerState;
        this.optimizerSteps = optimizerSteps;
    }

    /**
     * Writes a checkpoint atomically; {@code extra} adds metadata (e.g. the optimizer's flags).
     *
     * @param file the checkpoint file
     * @param model the model whose parameters are saved
     * @param optimizer the optimizer whose state and step count are saved
     * @param position where training stands
     * @param config the run's configuration: its seed, batch size and thread count are recorded
     * @param extra more metadata strings, possibly empty; the checkpoint's own keys override them
     * @throws IOException if the file cannot be written; it is then unchanged
     */
    public static void save(Path file, LeNet5 model, Optimizer optimizer, TrainingPosition position, TrainConfig config,
                            Map<String, String> extra) throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Parameter p : model.parameters()) {
            tensors.put(MODEL + p.name(), p.value());
        }
        optimizer.state().forEach((name, values) -> tensors.put(OPTIMIZER + name, new Tensor(values, values.length)));
        LeNet5Config c = model.config();
        Map<String, String> meta = new LinkedHashMap<>(extra);
        meta.put("format", FORMAT);
        meta.putAll(ModelFile.architecture(c));
        meta.put("epoch", String.valueOf(position.epoch()));
        meta.put("batch", String.valueOf(position.batch()));
        meta.put("loss_sum", Double.toString(position.lossSum()));
        meta.put("correct", String.valueOf(position.correct()));
        meta.put("seen", String.valueOf(position.seen()));
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
            LeNet5Config config = ModelFile.configOf(file, meta);
            TrainingPosition position = new TrainingPosition(integer(meta, "epoch"), integer(meta, "batch"),
                    Double.parseDouble(text(meta, "loss_sum")), integer(meta, "correct"), integer(meta, "seen"));
            Map<String, float[]> parameters = new LinkedHashMap<>(), state = new LinkedHashMap<>();
            for (String name : st.names()) {
                if (name.startsWith(MODEL)) {
                    parameters.put(name.substring(MODEL.length()), st.tensor(name).data());
                } else if (name.startsWith(OPTIMIZER)) {
                    state.put(name.substring(OPTIMIZER.length()), st.tensor(name).data());
                } else {
                    throw new SafeTensorsException(file, name, "is neither a model.* nor an optimizer.* tensor");
                }
            }
            return new Checkpoint(file, config, position, Map.copyOf(meta), parameters, state,
                    Long.parseLong(text(meta, "optimizer_steps")));
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

    /** {@return the model's architecture} */
    public LeNet5Config modelConfig() {
        return modelConfig;
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

    /**
     * Copies the saved weights into {@code model} and the saved state into {@code optimizer}.
     *
     * @param model a model with the checkpoint's architecture; its weights are overwritten
     * @param optimizer an optimizer of the saved kind over {@code model}'s parameters; its state and step
     *                  count are replaced
     * @throws SafeTensorsException if the model's architecture or parameters, or the optimizer's state, differ
     */
    public void restore(LeNet5 model, Optimizer optimizer) throws SafeTensorsException {
        if (!model.config().equals(modelConfig)) {
            throw new SafeTensorsException(file, null, "holds a model " + modelConfig + " but the model given is "
                    + model.config());
        }
        for (Parameter p : model.parameters()) {
            float[] values = parameters.get(p.name());
            if (values == null || values.length != p.size()) {
                throw new SafeTensorsException(file, MODEL + p.name(), values == null ? "missing"
                        : "has " + values.length + " values, expected " + p.size());
            }
            System.arraycopy(values, 0, p.value().data(), 0, values.length);
        }
        try {
            optimizer.loadState(optimizerState, optimizerSteps);
        } catch (IllegalArgumentException e) {
            throw new SafeTensorsException(file, null, "optimizer state does not fit the optimizer given: "
                    + e.getMessage(), e);
        }
    }
}
