package io.github.lenet5j.data;

import java.util.Locale;

/**
 * How much of a dataset to hold out (for validation or testing): a fraction of its examples, or a count.
 * {@link #parse} reads the command line's form: {@code 0.1} or {@code 10%} is a fraction, {@code 600} a count.
 *
 * @param fraction the fraction to hold out, in (0, 1), or 0 when {@code count} is given
 * @param count the number of examples to hold out, at least 1, or 0 when {@code fraction} is given
 */
public record HoldOut(double fraction, int count) {
    /**
     * Validates: exactly one of the two is given.
     *
     * @param fraction the fraction to hold out, in (0, 1), or 0
     * @param count the number of examples to hold out, at least 1, or 0
     * @throws IllegalArgumentException if neither or both are given, or one is out of range
     */
    public HoldOut {
        boolean byFraction = fraction != 0, byCount = count != 0;
        if (byFraction == byCount) {
            throw new IllegalArgumentException("give a fraction or a count to hold out, not " + (byFraction ? "both" : "neither"));
        }
        if (byFraction && !(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("the fraction to hold out must be between 0 and 1 (exclusive), got " + fraction);
        }
        if (count < 0) {
            throw new IllegalArgumentException("the number of examples to hold out must be at least 1, got " + count);
        }
    }

    /**
     * {@return a fraction of the examples}
     *
     * @param fraction in (0, 1), e.g. 0.1
     */
    public static HoldOut fraction(double fraction) {
        return new HoldOut(fraction, 0);
    }

    /**
     * {@return a number of examples}
     *
     * @param count at least 1
     */
    public static HoldOut count(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("the number of examples to hold out must be at least 1, got " + count);
        }
        return new HoldOut(0, count);
    }

    /**
     * Reads {@code 0.1} or {@code 10%} (a fraction) or {@code 600} (a count).
     *
     * @param text the text
     * @return the hold-out
     * @throws IllegalArgumentException naming the text and the forms expected
     */
    public static HoldOut parse(String text) {
        String t = text.strip();
        try {
            if (t.endsWith("%")) {
                return fraction(Double.parseDouble(t.substring(0, t.length() - 1)) / 100);
            }
            if (t.matches("[0-9]+")) {
                return count(Integer.parseInt(t));
            }
            return fraction(Double.parseDouble(t));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is neither a fraction (0.1 or 10%) nor a count (600)");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "': " + e.getMessage());
        }
    }

    /**
     * The number of examples held out of {@code size}: the count, or the fraction rounded to the nearest
     * whole example, and at least 1.
     *
     * @param size the dataset's size
     * @return the examples to hold out, in [1, size - 1]
     * @throws IllegalArgumentException if that leaves no example on either side
     */
    public int of(int size) {
        int n = count != 0 ? count : (int) Math.max(1, Math.round(fraction * size));
        if (n >= size) {
            throw new IllegalArgumentException("cannot hold out " + this + " of " + size + " examples: none would be left");
        }
        return n;
    }

    @Override
    public String toString() {
        return count != 0 ? count + " examples" : String.format(Locale.ROOT, "%s%%", fraction * 100).replace(".0%", "%");
    }
}
