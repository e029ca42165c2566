package org.simdnet.train;

import java.util.SplittableRandom;

/**
 * Derives the independent random streams of a run from its one seed: data noise, weight
 * initialisation and mini-batch shuffling must not share a stream, or the weights would be
 * correlated with the noise that the data was drawn with.
 */
public final class Seeds {

    private final long data;
    private final long model;
    private final long shuffle;

    private Seeds(long seed) {
        SplittableRandom root = new SplittableRandom(seed);
        this.data = seed;
        this.model = root.split().nextLong();
        this.shuffle = root.split().nextLong();
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
}
