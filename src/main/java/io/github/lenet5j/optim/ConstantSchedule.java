package io.github.lenet5j.optim;

/** The base learning rate at every epoch. */
public record ConstantSchedule() implements LearningRateSchedule {
    // lr = η0
    @Override
    public float learningRate(float baseLr, int epoch) {
        Floats.checkEpoch("ConstantSchedule", epoch);
        return baseLr;
    }
}
