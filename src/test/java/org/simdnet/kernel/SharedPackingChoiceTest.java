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
                choice.record(CLASS, call, t + i % 3, true);
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
            choice.record(CLASS, call, choice.shares(CLASS, call) ? 35_000 : 26_000, true);
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
    void callsThatRanOnOneThreadDoNotCount() {
        // Own is faster on two threads (26 against 35 µs); on one thread shared is (30 against 40).
        // Half of each way's calls ran alone: counted, those would make shared the faster way
        // (medians 35 against 40 µs).
        SharedPackingChoice choice = new SharedPackingChoice(SharedPackingChoice.UNDECIDED);
        int run = SharedPackingChoice.RUN;
        race(choice, SharedPackingChoice.SETTLE, t -> t % run >= run / 2, 35_000, 26_000, 30_000, 40_000);
        assertEquals(SharedPackingChoice.OWN, choice.way(CLASS));
        // A race where most calls ran alone says nothing of two threads: the way stays.
        race(choice, SharedPackingChoice.SETTLE * 16, t -> t % 4 == 0, 20_000, 30_000, 30_000, 40_000);
        assertEquals(SharedPackingChoice.OWN, choice.way(CLASS), "a race of lone calls changes nothing");
    }

    /**
     * Runs the race that starts at call {@code start}: calls for which {@code helped} holds take the
     * two-thread times, the others the one-thread times.
     */
    private static void race(SharedPackingChoice choice, int start, java.util.function.IntPredicate helped,
                             long shared2, long own2, long shared1, long own1) {
        skipTo(choice, start);
        for (int t = 0; t < 2 * SharedPackingChoice.TRIALS; t++) {
            int call = choice.call(CLASS);
            assertTrue(choice.timed(call), "trial " + t);
            boolean shares = choice.shares(CLASS, call);
            boolean two = helped.test(t);
            choice.record(CLASS, call, two ? (shares ? shared2 : own2) : (shares ? shared1 : own1), two);
        }
    }

    /** Makes untimed calls until the next call is number {@code call} (the last one made is {@code call − 1}). */
    private static void skipTo(SharedPackingChoice choice, int call) {
        while (true) {
            int next = choice.call(CLASS);
            if (next + 1 == call) {
                return;
            }
            assertFalse(choice.timed(next), "call " + next);
            if (next + 1 > call) {
                throw new AssertionError("past call " + call);
            }
        }
    }

    @Test
    void laterRacesReverseTheFirstOnlyWhenTheyAgree() {
        SharedPackingChoice choice = new SharedPackingChoice(SharedPackingChoice.UNDECIDED);
        int period = SharedPackingChoice.PERIOD;
        race(choice, SharedPackingChoice.SETTLE, t -> true, 20_000, 30_000, 0, 0);
        assertEquals(SharedPackingChoice.SHARE, choice.way(CLASS), "the first race decides at once");
        // The second early race corrects the first at once (it may have timed an uncompiled way).
        race(choice, SharedPackingChoice.SETTLE * 16, t -> true, 40_000, 30_000, 0, 0);
        assertEquals(SharedPackingChoice.OWN, choice.way(CLASS), "the second race decides at once");
        // One periodic race the other way (a JIT compile on the other core, say) is not enough ...
        race(choice, period, t -> true, 20_000, 30_000, 0, 0);
        assertEquals(SharedPackingChoice.OWN, choice.way(CLASS), "one upset");
        // ... and a race won by the kept way clears it ...
        race(choice, 2 * period, t -> true, 40_000, 30_000, 0, 0);
        race(choice, 3 * period, t -> true, 20_000, 30_000, 0, 0);
        assertEquals(SharedPackingChoice.OWN, choice.way(CLASS), "an upset, a win, an upset");
        // ... but CONFIRM races in a row replace it.
        for (int r = 1; r < SharedPackingChoice.CONFIRM; r++) {
            race(choice, (3 + r) * period, t -> true, 20_000, 30_000, 0, 0);
        }
        assertEquals(SharedPackingChoice.SHARE, choice.way(CLASS), "upsets in a row");
        // Then a race every PERIOD calls, for good, and the kept way between them.
        int from = (2 + SharedPackingChoice.CONFIRM) * period + 2 * SharedPackingChoice.TRIALS;
        int timed = 0;
        for (int i = from; i < from + 3 * period; i++) {
            int call = choice.call(CLASS);
            if (choice.timed(call)) {
                assertEquals(0, call % period / (2 * SharedPackingChoice.TRIALS), "call " + call);
                timed++;
                choice.record(CLASS, call, choice.shares(CLASS, call) ? 20_000 : 30_000, true);
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
