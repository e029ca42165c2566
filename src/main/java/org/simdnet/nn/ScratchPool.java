package org.simdnet.nn;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;

/**
 * Scratch buffers shared by the threads of one {@link Predictor}, at most {@link #slots()} of them
 * kept. A caller takes one for the length of a call and gives it back; when every kept buffer is
 * in use, the caller gets a fresh one, which is dropped afterwards if no slot is free. So memory
 * is bounded by the slot count however many threads call (10,000 virtual threads keep no more
 * than a pool's worth), and a call allocates nothing as long as no more threads call at once than
 * there are slots. Unlike a {@code ThreadLocal}, nothing is left behind in threads that are gone.
 */
final class ScratchPool<T> {

    private final AtomicReferenceArray<T> slots;
    private final Supplier<T> factory;

    /** {@code slots} buffers at most, made by {@code factory} when first needed. */
    ScratchPool(int slots, Supplier<T> factory) {
        this.slots = new AtomicReferenceArray<>(slots);
        this.factory = factory;
    }

    /** The default slot count: twice the processors, as more callers than that cannot all run. */
    static int defaultSlots() {
        return 2 * Runtime.getRuntime().availableProcessors();
    }

    /** A buffer for this call: a kept one if one is free, else a new one. */
    T take() {
        int n = slots.length();
        // Start where this thread's id points, so that threads mostly find different slots.
        int start = (int) (Thread.currentThread().getId() % n);
        for (int k = 0; k < n; k++) {
            int i = start + k < n ? start + k : start + k - n;
            T t = slots.get(i);
            if (t != null && slots.compareAndSet(i, t, null)) {
                return t;
            }
        }
        return factory.get();
    }

    /** Gives {@code t} back: kept in a free slot, or dropped when none is free. */
    void give(T t) {
        int n = slots.length();
        int start = (int) (Thread.currentThread().getId() % n);
        for (int k = 0; k < n; k++) {
            int i = start + k < n ? start + k : start + k - n;
            if (slots.get(i) == null && slots.compareAndSet(i, null, t)) {
                return;
            }
        }
    }

    /** The most buffers this pool keeps. */
    int slots() {
        return slots.length();
    }

    /** Buffers kept now (free ones; those in use are not counted). */
    int kept() {
        int count = 0;
        for (int i = 0; i < slots.length(); i++) {
            count += slots.get(i) != null ? 1 : 0;
        }
        return count;
    }
}
