package org.simdnet.optim;

/** {@link LearningRateSchedule#step}: {@code gamma^floor(epoch / stepEpochs)} (PyTorch's StepLR). */
record StepSchedule(int stepEpochs, double gamma) implements LearningRateSchedule {

    StepSchedule {
        Args.atLeastOne("stepEpochs", stepEpochs);
        Args.positive("gamma", gamma);
    }

    @Override
    public double factor(int epoch) {
        ScheduleEpochs.check(epoch);
        return Math.pow(gamma, epoch / stepEpochs);      // integer division: the floor, epoch being >= 0
    }

    @Override
    public String toString() {
        return "step(step_size=" + stepEpochs + ", gamma=" + gamma + ")";
    }
}
