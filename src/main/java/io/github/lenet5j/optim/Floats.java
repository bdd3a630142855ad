package io.github.lenet5j.optim;

/** Float-to-double conversion that keeps the decimal a user wrote, and the optimizers' flush of subnormal state. */
final class Floats {
    private Floats() {
    }

    /**
     * The double nearest to the decimal that {@code f} prints as: {@code 0.9f} becomes {@code 0.9},
     * not {@code 0.899999976...}. PyTorch holds hyper-parameters as Python doubles and computes
     * scalars such as {@code 1 - beta1} or {@code 1 - beta2^t} in double; doing the same here
     * makes a float hyper-parameter reproduce PyTorch's scalars exactly.
     */
    static double decimal(float f) {
        return Double.parseDouble(Float.toString(f));
    }

    /**
     * {@code x}, or 0 when it is subnormal (non-zero and below {@link Float#MIN_NORMAL}, 1.2e-38). A state that
     * decays, such as momentum {@code 0.9·buf} while a gradient stays 0, reaches the subnormals and stays there:
     * {@code 0.9 × k·2^-149} rounds back to itself for k ≤ 5. A value that small moves no weight above about 1e-30,
     * but x86 processors take a slow path for every operation on a subnormal, every step; flushing it ends both
     * (docs/math.md, SGD).
     *
     * <p>Written without a comparison, the same value as {@code Math.abs(x) < Float.MIN_NORMAL ? 0f : x} for every
     * float but a NaN's payload: {@code scaled} is 1 for a normal x and k·2⁻²³ for a subnormal x = k·2⁻¹⁴⁹
     * (k &lt; 2²³), so {@code keep} is exactly 1 or 0; every step is exact. With the comparison C2 left the
     * optimizers' loops scalar, about 3× slower (docs/performance-rounds.md, round 24).
     */
    static float zeroIfSubnormal(float x) {
        float scaled = Math.min(Math.abs(x) * 0x1p126f, 1f);
        float keep = Math.max(Math.fma(scaled, 0x1p23f, -8388607f), 0f);   // scaled·2²³ − (2²³ − 1), at least 0
        return Math.fma(x, keep, 0f);   // + 0: −0 becomes +0, as 0f
    }

    /** Rejects NaN, infinities and values below {@code min}, naming the owner and the value. */
    static void check(String owner, String name, float value, float min) {
        if (!Float.isFinite(value) || value < min) {
            throw new IllegalArgumentException(owner + ": " + name + " must be finite and >= " + min + " but was " + value);
        }
    }

    /** Rejects negative epochs, naming the schedule. */
    static void checkEpoch(String schedule, int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException(schedule + ": epoch must be >= 0 but was " + epoch);
        }
    }
}
