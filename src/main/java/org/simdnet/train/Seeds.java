package org.simdnet.train;

import java.util.SplittableRandom;

/**
 * Derives the independent random streams of a run from its one seed: data noise, weight
 * initialisation, mini-batch shuffling and the validation split must not share a stream, or the weights would be
 * correlated with the noise that the data was drawn with.
 */
public final class Seeds {

    private final long data;
    private final long model;
    private final long shuffle;
    private final long split;

    private Seeds(long seed) {
        SplittableRandom root = new SplittableRandom(seed);
        this.data = seed;
        this.model = root.split().nextLong();
        this.shuffle = root.split().nextLong();
        this.split = root.split().nextLong();       // after the others: their values do not change
    }

    /** The streams of the run seeded with {@code seed}. */
    public static Seeds of(long seed) {
        return new Seeds(seed);
    }

    /** Seed of the data generator (the run's seed itself, so the spiral matches its own seed). */
    public long data() {
        return data;
    }

    /** Seed of the weight initialisation. */
    public long model() {
        return model;
    }

    /** Seed of the mini-batch shuffling. */
    public long shuffle() {
        return shuffle;
    }

    /** Seed of the training/validation split (not the shuffle's: the two must not be correlated). */
    public long split() {
        return split;
    }
}
