package org.simdnet.train;

import java.util.SplittableRandom;

/**
 * The order in which a run's epochs visit the rows: the identity at first, shuffled in place by
 * Fisher–Yates from the run's seed at the start of every epoch whose batches are smaller than the
 * data. One definition for the in-process {@link Trainer} and for data-parallel training on a
 * cluster, which must agree on it bit for bit.
 */
public final class EpochOrder {

    private final int[] order;
    private final SplittableRandom random;

    /** The identity order of {@code rows} rows, to be shuffled from {@code seed}. */
    public EpochOrder(int rows, long seed) {
        order = new int[rows];
        for (int i = 0; i < rows; i++) {
            order[i] = i;
        }
        random = new SplittableRandom(seed);
    }

    /** The next epoch's order: Fisher–Yates over the current one. */
    public void shuffle() {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    /** Position → row index; the live array, changed by {@link #shuffle}. */
    public int[] rows() {
        return order;
    }
}
