package io.github.lenet5j.optim;

/** Float-to-double conversion that keeps the decimal a user wrote. */
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
