package org.simdnet.optim;

/**
 * {@link LearningRateSchedule#cosine}: {@code minFactor + (1 − minFactor)·(1 + cos(π·min(e, T)/T))/2}
 * (PyTorch's CosineAnnealingLR, held at its minimum after {@code T}).
 */
record CosineSchedule(int totalEpochs, double minFactor) implements LearningRateSchedule {

    CosineSchedule {
        Args.atLeastOne("totalEpochs", totalEpochs);
        Args.unit("minFactor", minFactor);
    }

    @Override
    public double factor(int epoch) {
        ScheduleEpochs.check(epoch);
        int e = Math.min(epoch, totalEpochs);
        return minFactor + (1 - minFactor) * (1 + Math.cos(Math.PI * e / totalEpochs)) / 2;
    }

    @Override
    public String toString() {
        return "cosine(T_max=" + totalEpochs + ", min_factor=" + minFactor + ")";
    }
}
