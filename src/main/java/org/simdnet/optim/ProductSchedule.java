package org.simdnet.optim;

/** {@link LearningRateSchedule#times}: the product of two schedules' factors. */
record ProductSchedule(LearningRateSchedule first, LearningRateSchedule second) implements LearningRateSchedule {

    @Override
    public double factor(int epoch) {
        ScheduleEpochs.check(epoch);
        return first.factor(epoch) * second.factor(epoch);
    }

    @Override
    public String toString() {
        return first + ".times(" + second + ")";
    }
}
