package io.github.lenet5j.train;

import java.util.Locale;
import java.util.Objects;

/**
 * Early stopping on the validation loss, and which weights the model ends with. After every epoch the
 * {@link Trainer} evaluates the validation set; an epoch whose validation loss is below every earlier one's is
 * the new {@linkplain BestEpoch best}. Training stops once {@code patience} epochs in a row have not improved on
 * it (never, for patience 0), and the model then holds the best epoch's weights ({@link Keep#BEST}) or the last
 * epoch's ({@link Keep#LAST}). Without a validation set nothing is chosen: the model keeps the last weights.
 *
 * @param patience epochs without a better validation loss before training stops; 0 to train every epoch
 * @param keep which weights the model holds when training ends
 */
public record EarlyStopping(int patience, Keep keep) {
    /** Never stop early, keep the last weights: plain training. */
    public static final EarlyStopping NEVER = new EarlyStopping(0, Keep.LAST);

    /** Which weights the model holds when training ends. */
    public enum Keep {
        /** The weights after the epoch with the lowest validation loss. */
        BEST,
        /** The weights after the last epoch trained. */
        LAST;

        /** {@return the lower-case name: {@code best} or {@code last}} */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * {@return the choice named {@code best} or {@code last}}
         *
         * @param id the name, in any case
         * @throws IllegalArgumentException for another name
         */
        public static Keep parse(String id) {
            for (Keep k : values()) {
                if (k.id().equalsIgnoreCase(id)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown choice of weights '" + id + "': expected best or last");
        }
    }

    /**
     * Validates.
     *
     * @param patience at least 0
     * @param keep not null
     * @throws IllegalArgumentException if patience is negative
     */
    public EarlyStopping {
        if (patience < 0) {
            throw new IllegalArgumentException("patience must be >= 0, got " + patience);
        }
        Objects.requireNonNull(keep, "keep");
    }

    /**
     * {@return stop after {@code patience} epochs without improvement and keep the best weights}
     *
     * @param patience at least 1
     */
    public static EarlyStopping patience(int patience) {
        if (patience < 1) {
            throw new IllegalArgumentException("patience must be >= 1, got " + patience);
        }
        return new EarlyStopping(patience, Keep.BEST);
    }

    /**
     * {@return true when {@code best} says training should stop: {@code patience} epochs without improvement}
     *
     * @param best the early-stopping state
     */
    public boolean stops(BestEpoch best) {
        return patience > 0 && best.epoch() > 0 && best.epochsSince() >= patience;
    }
}
