package io.github.lenet5j.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link RationalTanh}'s fused evaluation with the Vector API, L values at a time: the same multiply-adds and
 * division, so the same bits, with each clamp a compare and a blend. The coefficients come from RationalTanh
 * (these classes compile before it, on their own). {@code Math.min} and {@code Math.max} must
 * give NaN for a NaN and order −0 below +0, which C2 compiles to several instructions a vector; against a constant
 * other than zero a compare and a blend gives the same value for every float (a NaN compares false and passes
 * through, as min and max return it), and costs two.
 */
final class VectorTanh {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int L = SPECIES.length();

    private VectorTanh() {
    }

    /**
     * y[i] = offset + amplitude·tanh(scale·x[i]) for i in [0, done), as {@link RationalTanh}'s fused loop:
     * t = clamp(scale·x, ±clamp), u = t², r = clamp(t·P(u)/Q(u), ±1), y = amplitude·r + offset.
     *
     * @param p P's seven coefficients, the highest degree first
     * @param q Q's four, the highest degree first
     * @return done, a multiple of L: the values from there on are left to the caller
     */
    static int apply(float[] x, float scale, float amplitude, float offset, float clamp, float[] p, float[] q,
                     float[] y) {
        FloatVector high = FloatVector.broadcast(SPECIES, clamp), low = high.neg();
        FloatVector one = FloatVector.broadcast(SPECIES, 1f), minusOne = one.neg();
        FloatVector p6 = FloatVector.broadcast(SPECIES, p[0]), p5 = FloatVector.broadcast(SPECIES, p[1]);
        FloatVector p4 = FloatVector.broadcast(SPECIES, p[2]), p3 = FloatVector.broadcast(SPECIES, p[3]);
        FloatVector p2 = FloatVector.broadcast(SPECIES, p[4]), p1 = FloatVector.broadcast(SPECIES, p[5]);
        FloatVector p0 = FloatVector.broadcast(SPECIES, p[6]), q3 = FloatVector.broadcast(SPECIES, q[0]);
        FloatVector q2 = FloatVector.broadcast(SPECIES, q[1]), q1 = FloatVector.broadcast(SPECIES, q[2]);
        FloatVector q0 = FloatVector.broadcast(SPECIES, q[3]), s = FloatVector.broadcast(SPECIES, scale);
        FloatVector a = FloatVector.broadcast(SPECIES, amplitude), b = FloatVector.broadcast(SPECIES, offset);
        int done = x.length - x.length % L;
        for (int i = 0; i < done; i += L) {
            FloatVector t = FloatVector.fromArray(SPECIES, x, i).mul(s);
            t = t.blend(high, t.compare(VectorOperators.GT, high));   // min(T, t)
            t = t.blend(low, t.compare(VectorOperators.LT, low));     // max(−T, t)
            FloatVector u = t.mul(t);
            FloatVector pu = u.fma(p6, p5).fma(u, p4).fma(u, p3).fma(u, p2).fma(u, p1).fma(u, p0);
            FloatVector qu = u.fma(q3, q2).fma(u, q1).fma(u, q0);
            FloatVector r = t.mul(pu).div(qu);
            r = r.blend(one, r.compare(VectorOperators.GT, one));
            r = r.blend(minusOne, r.compare(VectorOperators.LT, minusOne));
            a.fma(r, b).intoArray(y, i);
        }
        return done;
    }
}
