package org.simdnet.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The race between the two ways of packing A, fed with made-up times (no timing in tests). */
class SharedPackingChoiceTest {

    private static final int CLASS = SharedPackingChoice.sizeClass(128 * 128);

    /**
     * Runs {@code until} calls of one class, the raced ones taking the given times (plus a little
     * jitter) but for each way's first trial, which takes its outlier time.
     */
    private static void run(SharedPackingChoice choice, int until, long sharedNanos, long ownNanos,
                            long sharedOutlier, long ownOutlier) {
        for (int i = 0; i < until; i++) {
            int call = choice.call(CLASS);
            boolean shares = choice.shares(CLASS, call);
            if (choice.timed(call)) {
                boolean first = call == SharedPackingChoice.SETTLE + (shares ? 0 : SharedPackingChoice.RUN);
                long t = shares ? (first ? sharedOutlier : sharedNanos) : (first ? ownOutlier : ownNanos);
                choice.record(CLASS, call, t + i % 3);
            }
        }
    }

    @Test
    void alternatesUntilTheRaceThenKeepsTheFasterWay() {
        SharedPackingChoice choice = new SharedPackingChoice(SharedPackingChoice.UNDECIDED);
        // Before the race the ways alternate untimed by runs (the JIT compiles both), shared first.
        for (int i = 0; i < SharedPackingChoice.SETTLE; i++) {
            int call = choice.call(CLASS);
            assertEquals(i / SharedPackingChoice.RUN % 2 == 0, choice.shares(CLASS, call), "call " + call);
            assertFalse(choice.timed(call), "call " + call);
        }
        // The race alternates by runs too, the shared way first.
        for (int t = 0; t < 2 * SharedPackingChoice.TRIALS; t++) {
            int call = choice.call(CLASS);
            assertEquals(SharedPackingChoice.SETTLE + t, call);
            assertEquals(t / SharedPackingChoice.RUN % 2 == 0, choice.shares(CLASS, call), "trial " + t);
            assertTrue(choice.timed(call));
            choice.record(CLASS, call, choice.shares(CLASS, call) ? 35_000 : 26_000);
        }
        assertEquals(SharedPackingChoice.OWN, choice.way(CLASS));
        int call = choice.call(CLASS);
        assertFalse(choice.shares(CLASS, call));
        assertFalse(choice.timed(call));
        // Other size classes are raced on their own.
        assertEquals(SharedPackingChoice.UNDECIDED, choice.way(CLASS + 1));
        assertTrue(choice.shares(CLASS + 1, choice.call(CLASS + 1)));
    }

    @Test
    void mediansDecideNotOutliers() {
        SharedPackingChoice choice = new SharedPackingChoice(SharedPackingChoice.UNDECIDED);
        // Own is faster but for one huge time (a descheduled helper); shared is slower but for one
        // tiny time: a sum or a minimum would pick the other way.
        long huge = 1_000_000_000L;
        run(choice, SharedPackingChoice.SETTLE + 2 * SharedPackingChoice.TRIALS, 30_000, 25_000, 1_000, huge);
        assertEquals(SharedPackingChoice.OWN, choice.way(CLASS), "own by its median");
        SharedPackingChoice other = new SharedPackingChoice(SharedPackingChoice.UNDECIDED);
        run(other, SharedPackingChoice.SETTLE + 2 * SharedPackingChoice.TRIALS, 25_000, 30_000, huge, 1_000);
        assertEquals(SharedPackingChoice.SHARE, other.way(CLASS), "shared by its median");
    }

    @Test
    void laterRacesCanReverseTheFirst() {
        SharedPackingChoice choice = new SharedPackingChoice(SharedPackingChoice.UNDECIDED);
        run(choice, SharedPackingChoice.SETTLE + 2 * SharedPackingChoice.TRIALS, 40_000, 30_000, 40_000, 30_000);
        assertEquals(SharedPackingChoice.OWN, choice.way(CLASS));
        int second = SharedPackingChoice.SETTLE * 16;
        int before = second - SharedPackingChoice.SETTLE - 2 * SharedPackingChoice.TRIALS;
        for (int i = 0; i < before; i++) {
            int call = choice.call(CLASS);
            assertFalse(choice.shares(CLASS, call));
            assertFalse(choice.timed(call));
        }
        for (int t = 0; t < 2 * SharedPackingChoice.TRIALS; t++) {
            int call = choice.call(CLASS);
            assertEquals(second + t, call);
            assertTrue(choice.timed(call));
            choice.record(CLASS, call, choice.shares(CLASS, call) ? 20_000 : 30_000);
        }
        assertEquals(SharedPackingChoice.SHARE, choice.way(CLASS));
        // Then a race every PERIOD calls, for good.
        int timed = 0;
        int calls = 3 * SharedPackingChoice.PERIOD + 1000;
        for (int i = second + 2 * SharedPackingChoice.TRIALS; i < calls; i++) {
            int call = choice.call(CLASS);
            if (choice.timed(call)) {
                assertEquals(0, call % SharedPackingChoice.PERIOD / (2 * SharedPackingChoice.TRIALS), "call " + call);
                timed++;
                choice.record(CLASS, call, choice.shares(CLASS, call) ? 20_000 : 30_000);
            } else {
                assertTrue(choice.shares(CLASS, call), "call " + call);
            }
        }
        assertEquals(3 * 2 * SharedPackingChoice.TRIALS, timed, "three periodic races");
        assertEquals(SharedPackingChoice.SHARE, choice.way(CLASS));
    }

    @Test
    void aFixedWayIsNeverRaced() {
        for (int way : new int[] {SharedPackingChoice.SHARE, SharedPackingChoice.OWN}) {
            SharedPackingChoice choice = new SharedPackingChoice(way);
            for (int i = 0; i < SharedPackingChoice.PERIOD + 100; i++) {
                int call = choice.call(CLASS);
                assertEquals(way == SharedPackingChoice.SHARE, choice.shares(CLASS, call));
                assertFalse(choice.timed(call));
            }
            assertEquals(way, choice.way(CLASS));
        }
    }
}
