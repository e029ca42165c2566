package org.simdnet.optim;

/** {@link LearningRateSchedule#constant()}: factor 1. */
final class ConstantSchedule implements LearningRateSchedule {

    static final ConstantSchedule INSTANCE = new ConstantSchedule();

    private ConstantSchedule() {
    }

    @Override
    public double factor(int epoch) {
        ScheduleEpochs.check(epoch);
        return 1.0;
    }

    @Override
    public String toString() {
        return "constant()";
    }
}
