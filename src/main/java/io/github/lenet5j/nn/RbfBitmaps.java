package io.github.lenet5j.nn;

import io.github.lenet5j.tensor.Tensor;
import java.util.Arrays;
import java.util.Random;

/**
 * The fixed codes of LeNet-5's RBF output layer: one 7×12 = 84-value vector of ±1 per class, read row by
 * row ('#' = +1, '.' = −1). For 10 classes they are the digit bitmaps drawn below, in the spirit of the
 * paper's Fig. 3 (drawn for lenet5j, not copied pixel for pixel). For any other class count they are
 * generated: class k's code is the k-th pattern of 84 fair ±1 draws from {@code new Random(GENERATED_SEED)},
 * skipping a pattern equal to an earlier one, so codes are distinct and deterministic, and the first codes
 * agree for any two counts other than 10 (10 has the digit bitmaps instead).
 */
public final class RbfBitmaps {
    /** Bitmap width. */
    public static final int COLUMNS = 7;
    /** Bitmap height. */
    public static final int ROWS = 12;
    /** Values per code: 84, F6's width. */
    public static final int SIZE = COLUMNS * ROWS;
    /** The seed of the generated codes. */
    public static final long GENERATED_SEED = 1998;

    // the digits 0..9 side by side, 7 columns each, separated by a space
    private static final String DIGITS = """
            ....... ....... ....... ....... ....... ....... ....... ....... ....... .......
            ..###.. ...#... ..###.. .#####. ....##. ####### ..####. ####### .#####. .#####.
            .#...#. ..##... .#...#. #.....# ...#.#. #...... .#..... ......# #.....# #.....#
            #.....# .#.#... #.....# ......# ..#..#. #...... #...... .....#. #.....# #.....#
            #.....# ...#... ......# ......# .#...#. ######. #...... ....#.. #.....# #.....#
            #.....# ...#... .....#. ..####. #....#. ......# ######. ....#.. .#####. #.....#
            #.....# ...#... ....#.. ......# ####### ......# #.....# ...#... #.....# .######
            #.....# ...#... ...#... ......# .....#. ......# #.....# ...#... #.....# ......#
            #.....# ...#... ..#.... ......# .....#. ......# #.....# ..#.... #.....# ......#
            .#...#. ...#... .#..... #.....# .....#. #.....# #.....# ..#.... #.....# .....#.
            ..###.. .#####. ####### .#####. .....#. .#####. .#####. ..#.... .#####. .####..
            ....... ....... ....... ....... ....... ....... ....... ....... ....... .......
            """;

    private RbfBitmaps() {
    }

    /**
     * The codes of {@code numClasses} classes, {@code [numClasses, 84]}: the digit bitmaps for 10, generated
     * codes otherwise. A new tensor each call.
     *
     * @param numClasses the number of codes
     * @return the codes, {@code [numClasses, 84]}, values ±1
     * @throws IllegalArgumentException if {@code numClasses} is below 1
     */
    public static Tensor forClasses(int numClasses) {
        if (numClasses < 1) {
            throw new IllegalArgumentException("numClasses must be >= 1, got " + numClasses);
        }
        return numClasses == 10 ? digits() : generated(numClasses);
    }

    /** {@return the bitmaps of the digits 0–9, {@code [10, 84]}, +1 for ink and −1 for background (a new tensor)} */
    public static Tensor digits() {
        String[] lines = DIGITS.split("\n");
        Tensor codes = new Tensor(10, SIZE);
        for (int d = 0; d < 10; d++) {
            for (int r = 0; r < ROWS; r++) {
                for (int c = 0; c < COLUMNS; c++) {
                    codes.data()[d * SIZE + r * COLUMNS + c] = lines[r].charAt(d * (COLUMNS + 1) + c) == '#' ? 1f : -1f;
                }
            }
        }
        return codes;
    }

    /**
     * {@return {@code numClasses} distinct pseudo-random ±1 codes from {@link #GENERATED_SEED}, {@code [numClasses, 84]}}
     *
     * @param numClasses the number of codes
     */
    public static Tensor generated(int numClasses) {
        Random random = new Random(GENERATED_SEED);
        Tensor codes = new Tensor(numClasses, SIZE);
        float[] v = codes.data();
        for (int k = 0; k < numClasses; k++) {
            boolean duplicate = true;
            while (duplicate) {   // 2^84 patterns: a repeat is astronomically unlikely, but then we draw again
                for (int j = 0; j < SIZE; j++) {
                    v[k * SIZE + j] = random.nextBoolean() ? 1f : -1f;
                }
                duplicate = false;
                for (int e = 0; e < k && !duplicate; e++) {
                    duplicate = Arrays.equals(v, e * SIZE, (e + 1) * SIZE, v, k * SIZE, (k + 1) * SIZE);
                }
            }
        }
        return codes;
    }

    /**
     * {@return code {@code k} of {@code codes} as 12 lines of 7 characters, '#' for a positive value and '.' otherwise}
     *
     * @param codes the codes, {@code [K, 84]}
     * @param k the row of the code, in [0, K)
     */
    public static String toAscii(Tensor codes, int k) {
        StringBuilder s = new StringBuilder();
        for (int r = 0; r < ROWS; r++) {
            for (int c = 0; c < COLUMNS; c++) {
                s.append(codes.get(k, r * COLUMNS + c) > 0 ? '#' : '.');
            }
            s.append('\n');
        }
        return s.toString();
    }
}
