package org.simdnet.optim;

/** {@link LearningRateSchedule#linearWarmup}: {@code min(1, (epoch + 1) / warmupEpochs)}. */
record WarmupSchedule(int warmupEpochs) implements LearningRateSchedule {

    WarmupSchedule {
        Args.atLeastOne("warmupEpochs", warmupEpochs);
    }

    @Override
    public double factor(int epoch) {
        ScheduleEpochs.check(epoch);
        return epoch < warmupEpochs ? (epoch + 1.0) / warmupEpochs : 1.0;
    }

    @Override
    public String toString() {
        return "linear_warmup(warmup_epochs=" + warmupEpochs + ")";
    }
}
