package org.simdnet.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicIntegerArray;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link RangeSplit}: every element exactly once, in whole chunks, on several threads; failures reach the caller. */
class RangeSplitTest {

    private static ForkJoinPool pool;

    @BeforeAll
    static void startPool() {
        pool = new ForkJoinPool(2);
    }

    @AfterAll
    static void stopPool() {
        pool.shutdown();
    }

    @Test
    void everyElementRunsOnceInChunks() {
        for (int n : new int[] {0, 1, 2 * RangeSplit.CHUNK - 1, 2 * RangeSplit.CHUNK, 5 * RangeSplit.CHUNK + 7}) {
            AtomicIntegerArray runs = new AtomicIntegerArray(n);
            long sharedBefore = RangeSplit.shared();
            RangeSplit.run(n, (from, to) -> {
                assertTrue(from % RangeSplit.CHUNK == 0 || n < 2 * RangeSplit.CHUNK, "chunk starts at " + from);
                for (int i = from; i < to; i++) {
                    runs.incrementAndGet(i);
                }
            }, pool);
            for (int i = 0; i < n; i++) {
                assertEquals(1, runs.get(i), "n = " + n + ": runs of element " + i);
            }
            assertEquals(n >= 2 * RangeSplit.CHUNK ? 1 : 0, RangeSplit.shared() - sharedBefore, "n = " + n + " shared");
        }
    }

    @Test
    void helpersTakeChunks() {
        // Chunks slow enough that the caller cannot take them all before a helper starts.
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        for (int attempt = 0; attempt < 50 && threads.size() < 2; attempt++) {
            RangeSplit.run(8 * RangeSplit.CHUNK, (from, to) -> {
                threads.add(Thread.currentThread());
                long until = System.nanoTime() + 2_000_000L;
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
            }, pool);
        }
        assertEquals(2, threads.size(), "threads that ran chunks");
    }

    @Test
    void withoutAPoolTheCallerRunsTheWholeRange() {
        int[] calls = new int[3];
        RangeSplit.run(3 * RangeSplit.CHUNK, (from, to) -> {
            calls[0]++;
            calls[1] = from;
            calls[2] = to;
        }, null);
        assertEquals(1, calls[0]);
        assertEquals(0, calls[1]);
        assertEquals(3 * RangeSplit.CHUNK, calls[2]);
    }

    @Test
    void aFailingChunkFailsTheCall() {
        IllegalStateException boom = new IllegalStateException("boom");
        RuntimeException thrown = assertThrows(RuntimeException.class, () -> RangeSplit.run(4 * RangeSplit.CHUNK,
                (from, to) -> {
                    if (from == 2 * RangeSplit.CHUNK) {
                        throw boom;
                    }
                }, pool));
        assertSame(boom, thrown, "the chunk's own exception");
        // The next call works.
        AtomicIntegerArray runs = new AtomicIntegerArray(1);
        RangeSplit.run(2 * RangeSplit.CHUNK, (from, to) -> runs.incrementAndGet(0), pool);
        assertEquals(2, runs.get(0));
        assertThrows(IllegalArgumentException.class, () -> RangeSplit.run(-1, (from, to) -> { }, pool));
    }

    @Test
    void chunksAreWholeVectors() {
        assertEquals(0, RangeSplit.CHUNK % 64, "a multiple of every vector length");
    }
}
