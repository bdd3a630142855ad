import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import java.util.Locale;

/**
 * How many vector multiply-adds one core of this machine completes a nanosecond, and so which FLOP limit
 * {@code tools/bench_table.py} should use (its {@code FLOP_PER_CYCLE}): twelve independent chains of fused
 * multiply-adds on the JVM's preferred vector species, enough to fill two pipes of four cycles' latency, nothing else
 * in the loop (docs/performance-rounds.md, round 16). With the clock the machine runs at, FMAs a cycle = the rate over
 * the clock in GHz; FLOP a cycle = 2 × lanes × that, rounded to the pipes (1 or 2).
 *
 * <pre>java --add-modules jdk.incubator.vector tools/FmaPeak.java</pre>
 */
public final class FmaPeak {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    private FmaPeak() {
    }

    private static float chains(long steps, float[] values) {
        FloatVector x = FloatVector.fromArray(SPECIES, values, 0), y = FloatVector.fromArray(SPECIES, values, 0);
        FloatVector c0 = x, c1 = y, c2 = x, c3 = y, c4 = x, c5 = y, c6 = x, c7 = y, c8 = x, c9 = y, c10 = x, c11 = y;
        for (long i = 0; i < steps; i++) {
            c0 = c0.fma(x, y);
            c1 = c1.fma(x, y);
            c2 = c2.fma(x, y);
            c3 = c3.fma(x, y);
            c4 = c4.fma(x, y);
            c5 = c5.fma(x, y);
            c6 = c6.fma(x, y);
            c7 = c7.fma(x, y);
            c8 = c8.fma(x, y);
            c9 = c9.fma(x, y);
            c10 = c10.fma(x, y);
            c11 = c11.fma(x, y);
        }
        return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11)
                .reduceLanes(VectorOperators.ADD);
    }

    public static void main(String[] args) {
        float[] values = new float[SPECIES.length()];
        java.util.Arrays.fill(values, 0.999f);
        double best = 0;
        float sink = 0;
        for (int run = 0; run < 6; run++) {
            long steps = 50_000_000L, start = System.nanoTime();
            sink += chains(steps, values);
            best = Math.max(best, steps * 12.0 / (System.nanoTime() - start));
        }
        System.out.printf(Locale.ROOT, "%d-bit vectors (%d floats): %.2f vector multiply-adds a nanosecond on one core, "
                + "%.1f GFLOP/s (checksum %s)%n", SPECIES.vectorBitSize(), SPECIES.length(), best,
                best * 2 * SPECIES.length(), sink);
        System.out.println("at the clock the machine runs at (GHz): multiply-adds a cycle = that rate / the clock;"
                + " FLOP_PER_CYCLE = 2 x lanes x multiply-adds a cycle");
    }
}
