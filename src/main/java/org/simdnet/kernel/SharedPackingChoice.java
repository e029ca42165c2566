package org.simdnet.kernel;

import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Whether the column split's claimers share one packing of A or each pack all of it for their
 * own block ({@link GemmColumnSplit}). Both compute the same register tiles over the same KC
 * slices, so the bits are the same; only the speed differs, and which way is faster depends on
 * the machine. Sharing halves the packing but has each thread read the part of A that another
 * core packed: two threads at n = 128 took 36.7–39.7 µs packing their own and 29.7–31.4 µs sharing
 * on a Zen 3 pair, but 25.6–25.9 µs and 35.1–40.7 µs on an Intel AVX-512 pair (see
 * docs/benchmarks.md). Nothing a program can read beforehand tells them apart (the Intel pair's
 * sysfs reports private L2s and a shared L3, which is what the Zen 3's cores have too), so the
 * two ways are raced where they run.
 *
 * <p>Per size class (the packed A's size, by powers of two): the first {@link #SETTLE} calls
 * alternate the two ways untimed, by runs of {@link #RUN} calls (so that the JIT compiles both);
 * the next 2 × {@link #TRIALS} calls alternate them the same way, timed, and the way with the
 * lower median is kept. The race runs again at 16 times that many calls and then every
 * {@link #PERIOD} calls, for as long as the class is called, since a race can mislead: it can
 * run while the JIT compiles on one of the two cores (a helper then spins on the core its caller
 * computes on, and a way looks slower than it is), and the machine's load can change. So after
 * the two early races, which decide at once, the other way replaces the kept one only after
 * winning {@link #CONFIRM} periodic races in a row (a large product's periodic races come
 * seconds apart, so a bad first race must not wait for them). The
 * races cost 32 calls of the slower way in 16,384. A decision costs no allocation (the medians
 * are taken in place).
 *
 * <p>Only calls that ran on two threads count: a call whose helper did not come in time (the pool
 * thread still waking, or the JIT holding the other core) ran on its caller alone, and alone the
 * shared way wins (it packs A once, the own way twice: 30 against 40 µs at n = 128 on the Intel
 * pair, where with the helper the own way takes ~21 µs and the shared ~35). A race with fewer
 * than {@link #MIN_HELPED} two-thread calls of either way leaves the way as it was.
 */
final class SharedPackingChoice {

    static final int SETTLE = 256;
    /** Races start at calls SETTLE and 16 · SETTLE, then every {@link #PERIOD} calls. */
    static final int PERIOD = 1 << 14;
    /** Races in a row the other way must win to replace a kept way. */
    static final int CONFIRM = 2;
    static final int TRIALS = 32;
    /** A race decides only when at least this many calls of each way ran on two threads. */
    static final int MIN_HELPED = TRIALS / 2;
    /** A race time that stands for a call that ran on one thread. */
    private static final long ALONE = -1;
    /** Calls in a row of one way, before and during a race (steady state is calls in a row). */
    static final int RUN = 8;
    /** The way of calls outside the races: not decided yet (so: share), share, own. */
    static final int UNDECIDED = 0, SHARE = 1, OWN = 2;
    private static final int CLASSES = 64;

    /** The engine's choice; {@code -Dsimdnet.gemm.sharedA=true|false} fixes the way (benchmarks). */
    private static volatile SharedPackingChoice engine =
            new SharedPackingChoice(fixedWay(System.getProperty("simdnet.gemm.sharedA")));

    /** A fixed way for every call (tests and benchmarks), or UNDECIDED to race. */
    private final int fixed;
    private final AtomicIntegerArray calls = new AtomicIntegerArray(CLASSES);
    private final AtomicIntegerArray recorded = new AtomicIntegerArray(CLASSES);
    private final AtomicIntegerArray way = new AtomicIntegerArray(CLASSES);
    /** Per class, the races in a row won by the way not kept. */
    private final AtomicIntegerArray upsets = new AtomicIntegerArray(CLASSES);
    /** Per class, the race's times: the shared way's, then the own way's. */
    private final long[][][] times = new long[CLASSES][2][TRIALS];

    SharedPackingChoice(int fixed) {
        this.fixed = fixed;
    }

    /** The choice the engine's column splits follow. */
    static SharedPackingChoice engine() {
        return engine;
    }

    /** Replaces the engine's choice (tests), returning the one it had. */
    static SharedPackingChoice swapEngine(SharedPackingChoice choice) {
        SharedPackingChoice before = engine;
        engine = choice;
        return before;
    }

    private static int fixedWay(String property) {
        if (property == null || property.equals("auto")) {
            return UNDECIDED;
        }
        return Boolean.parseBoolean(property) ? SHARE : OWN;
    }

    /** The size class of a packed A of {@code floats} floats. */
    static int sizeClass(long floats) {
        return 63 - Long.numberOfLeadingZeros(Math.max(1, floats));
    }

    /** This call's number in its class (after 2^31 calls the count starts again). */
    int call(int sizeClass) {
        return calls.getAndIncrement(sizeClass) & Integer.MAX_VALUE;
    }

    /** Whether call number {@code call} of the class shares the packing of A. */
    boolean shares(int sizeClass, int call) {
        if (fixed != UNDECIDED) {
            return fixed == SHARE;
        }
        // Until the first race, and in each race, the ways alternate by runs of RUN calls (before
        // it, so that the JIT compiles both: a race against a way still interpreted was seen to
        // pick the other; by runs, since single calls in turn were seen to time neither way as
        // it runs in a row).
        if (call < SETTLE || trial(call) >= 0) {
            return sharedTurn(call);
        }
        return way.get(sizeClass) != OWN;
    }

    /** Whether call number {@code call} is timed for a race ({@link #record} its time). */
    boolean timed(int call) {
        return fixed == UNDECIDED && trial(call) >= 0;
    }

    /** The way calls of the class take outside the races. */
    int way(int sizeClass) {
        return fixed != UNDECIDED ? fixed : way.get(sizeClass);
    }

    /**
     * Records a timed call's duration, or that it ran on one thread ({@code helped} false: its
     * helpers came too late to take a block); the call that completes a race decides the way,
     * from the calls that ran on two threads.
     */
    void record(int sizeClass, int call, long nanos, boolean helped) {
        int trial = trial(call);
        times[sizeClass][sharedTurn(call) ? 0 : 1][trial / (2 * RUN) * RUN + trial % RUN] = helped ? nanos : ALONE;
        if (recorded.incrementAndGet(sizeClass) % (2 * TRIALS) == 0) {
            long[][] t = times[sizeClass];
            long shared = helpedMedian(t[0]);
            long own = helpedMedian(t[1]);
            if (shared != ALONE && own != ALONE) {
                decide(sizeClass, shared <= own ? SHARE : OWN, call - trial < PERIOD);
            }
        }
    }

    /**
     * Keeps a race's winner: at once after the two early races ({@code early}: the first may have
     * timed a way C2 had not compiled yet, and the second is there to correct it) or while no way
     * is kept, else once it has won CONFIRM periodic races in a row.
     */
    private void decide(int sizeClass, int winner, boolean early) {
        int kept = way.get(sizeClass);
        if (early || kept == UNDECIDED || winner == kept || upsets.incrementAndGet(sizeClass) >= CONFIRM) {
            way.set(sizeClass, winner);
            upsets.set(sizeClass, 0);
        }
    }

    /** Whether call number {@code call} takes the shared way when the ways alternate by runs. */
    private static boolean sharedTurn(int call) {
        return (call / RUN & 1) == 0;
    }

    /** The trial a call is in its race (0 .. 2 · TRIALS − 1), or −1 outside the races. */
    static int trial(int call) {
        for (int start = SETTLE; start < PERIOD; start *= 16) {
            int t = call - start;
            if (t < 2 * TRIALS) {
                return t >= 0 ? t : -1;
            }
        }
        int t = call % PERIOD;
        return t < 2 * TRIALS ? t : -1;
    }

    /**
     * The median of the two-thread times in {@code t}, or {@link #ALONE} when fewer than
     * {@link #MIN_HELPED} of them are (sorted in place by insertion: no allocation).
     */
    private static long helpedMedian(long[] t) {
        for (int i = 1; i < t.length; i++) {
            long v = t[i];
            int j = i - 1;
            for (; j >= 0 && t[j] > v; j--) {
                t[j + 1] = t[j];
            }
            t[j + 1] = v;
        }
        int alone = 0;
        while (alone < t.length && t[alone] == ALONE) {
            alone++;
        }
        int helped = t.length - alone;
        return helped < MIN_HELPED ? ALONE : t[alone + helped / 2];
    }
}
