package io.github.lenet5j.optim;

/**
 * The learning rate for an epoch as a function of the base rate, in PyTorch's closed forms;
 * a trainer calls {@code optimizer.setLearningRate(schedule.learningRate(baseLr, epoch))} before each epoch.
 */
public interface LearningRateSchedule {
    /**
     * The learning rate for {@code epoch}, counted from 0.
     *
     * @param baseLr the optimizer's base learning rate
     * @param epoch the epoch, from 0
     * @return the learning rate
     * @throws IllegalArgumentException if {@code epoch} is negative
     */
    float learningRate(float baseLr, int epoch);
}
