package io.github.lenet5j.cli;

import java.util.List;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;

/**
 * Every option is checked before a command does any work, and a bad value is a usage error (exit status 2, see
 * {@link Main}): a number out of its range or a word not among its choices is refused by one of these converters
 * while picocli parses the command line ({@code @Option(names = "--epochs", converter = Check.AtLeastOne.class)});
 * options that are only wrong together are refused by a command or mixin that implements {@link BeforeRun}, which
 * {@link Main} calls after parsing and before {@code call()}.
 */
final class Check {
    private Check() {
    }

    /** A command or mixin whose options are checked together after parsing, before the command runs. */
    interface BeforeRun {
        /**
         * Refuses a combination of options.
         *
         * @param spec the command being run
         * @throws ParameterException naming the options and what to do instead
         */
        void check(CommandSpec spec);
    }

    /** A whole number of at least 1: counts, sizes, threads. */
    static final class AtLeastOne implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return wholeNumber(value, 1);
        }
    }

    /** A whole number of at least 0, e.g. "every N batches, 0 for never". */
    static final class AtLeastZero implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return wholeNumber(value, 0);
        }
    }

    /** A TCP port: 0 (any free one) to 65535. */
    static final class Port implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            int port = wholeNumber(value, 0);
            if (port > 65535) {
                throw new TypeConversionException("must be a port from 0 (any free one) to 65535, not '" + value + "'");
            }
            return port;
        }
    }

    /** A finite number above 0, e.g. a learning rate. */
    static final class Positive implements ITypeConverter<Float> {
        @Override
        public Float convert(String value) {
            return number(value, x -> x > 0 && !Double.isInfinite(x), "a number above 0");
        }
    }

    /** A number from 0 up to, not including, 1, e.g. a momentum. */
    static final class Fraction implements ITypeConverter<Float> {
        @Override
        public Float convert(String value) {
            return number(value, x -> x >= 0 && x < 1, "a number from 0 up to (not including) 1");
        }
    }

    /** {@code --preset}: modern or classic. */
    static final class Preset implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            return oneOf(value, "modern", "classic");
        }
    }

    /**
     * The value if it is one of {@code choices}, else a conversion error listing them (and the closest, for a typo).
     *
     * @param value   what the user typed
     * @param choices the allowed words
     * @return {@code value}
     */
    static String oneOf(String value, String... choices) {
        if (List.of(choices).contains(value)) {
            return value;
        }
        String expected = choices.length == 1 ? choices[0]
                : String.join(", ", List.of(choices).subList(0, choices.length - 1)) + " or " + choices[choices.length - 1];
        throw new TypeConversionException("must be " + expected + ", not '" + value + "'"
                + didYouMean(value, List.of(choices)));
    }

    /**
     * {@return "; did you mean 'relu'?" when one choice is a typo away (one or two edits) from {@code value}, else ""}
     *
     * @param value   what the user typed
     * @param choices the allowed words
     */
    static String didYouMean(String value, List<String> choices) {
        String best = null;
        int distance = 3;
        for (String choice : choices) {
            int d = Main.editDistance(value.toLowerCase(java.util.Locale.ROOT), choice);
            if (d < distance) {
                distance = d;
                best = choice;
            }
        }
        return best == null || best.equals(value) ? "" : "; did you mean '" + best + "'?";
    }

    private static int wholeNumber(String value, int min) {
        int n;
        try {
            n = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            n = Integer.MIN_VALUE;
        }
        if (n < min) {
            throw new TypeConversionException("must be a whole number of at least " + min + ", not '" + value + "'");
        }
        return n;
    }

    private static float number(String value, java.util.function.DoublePredicate valid, String rule) {
        float x;
        try {
            x = Float.parseFloat(value.strip());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a number");
        }
        if (!valid.test(x)) {   // NaN fails every rule
            throw new TypeConversionException("must be " + rule + ", not '" + value + "'");
        }
        return x;
    }
}
