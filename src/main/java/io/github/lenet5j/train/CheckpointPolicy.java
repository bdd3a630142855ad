package io.github.lenet5j.train;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * When and where a {@link Trainer} writes checkpoints: at the end of every epoch, and also every
 * {@code everyBatches} batches when that is positive. Each write replaces the file atomically.
 *
 * @param file the checkpoint file
 * @param everyBatches also write after every so many batches; 0 for epoch ends only
 * @param metadata extra strings to record (e.g. the command line's optimizer flags)
 */
public record CheckpointPolicy(Path file, int everyBatches, Map<String, String> metadata) {
    /**
     * Validates the policy.
     *
     * @param file the checkpoint file, not null
     * @param everyBatches also write after every so many batches; 0 for epoch ends only
     * @param metadata extra strings to record; copied
     * @throws IllegalArgumentException if everyBatches is negative
     */
    public CheckpointPolicy {
        Objects.requireNonNull(file, "file");
        if (everyBatches < 0) {
            throw new IllegalArgumentException("everyBatches must be >= 0, got " + everyBatches);
        }
        metadata = Map.copyOf(metadata);
    }

    /**
     * {@return a policy that checkpoints at every epoch end, with no extra metadata}
     *
     * @param file the checkpoint file
     */
    public static CheckpointPolicy everyEpoch(Path file) {
        return new CheckpointPolicy(file, 0, Map.of());
    }
}
