package org.simdnet.optim;

/** The epoch check every schedule here makes. */
final class ScheduleEpochs {

    private ScheduleEpochs() {
    }

    static void check(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
        }
    }
}
