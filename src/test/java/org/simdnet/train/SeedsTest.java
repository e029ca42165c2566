package org.simdnet.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Set;

import org.junit.jupiter.api.Test;

class SeedsTest {

    /** The data, model and shuffle seeds of a run are what they were before the split got its own stream. */
    @Test
    void existingStreamsKeepTheirValues() {
        Seeds seeds = Seeds.of(12345);
        assertEquals(12345L, seeds.data());
        assertEquals(-3118613617644840758L, seeds.model());
        assertEquals(-6145897331719963312L, seeds.shuffle());
    }

    @Test
    void theSplitHasAStreamOfItsOwn() {
        for (long seed : new long[] {0, 1, 12345, -7}) {
            Seeds s = Seeds.of(seed);
            assertEquals(4, Set.of(s.data(), s.model(), s.shuffle(), s.split()).size(), "seed " + seed);
            assertEquals(s.split(), Seeds.of(seed).split());
        }
        assertNotEquals(Seeds.of(1).split(), Seeds.of(2).split());
    }
}
