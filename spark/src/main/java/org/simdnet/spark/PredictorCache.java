package org.simdnet.spark;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.simdnet.Model;
import org.simdnet.Predictor;

/**
 * The predictors of this JVM, one per model: an executor parses a broadcast model once and every
 * task on it, of the Transformer or of the UDFs, shares that predictor (it is thread-safe).
 *
 * <p>Keyed by the model bytes' content hash ({@link BroadcastModel#key()}), so scoring the same
 * model again, even through a new broadcast, parses nothing. At most {@link #CAPACITY} models are
 * kept, the least recently used leaving first, so an application that scores many models does
 * not keep them all.
 */
final class PredictorCache {

    /** Models kept per JVM; a few are enough for the models of one pipeline. */
    static final int CAPACITY = 8;

    /** How many times this JVM parsed a model into a predictor (the tests' view of sharing). */
    private static final AtomicInteger PARSES = new AtomicInteger();

    private static final Map<String, Slot> SLOTS = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Slot> eldest) {
            return size() > CAPACITY;
        }
    };

    private PredictorCache() {
    }

    /**
     * The predictor of the model with this key, parsed from {@code bytes} the first time.
     *
     * @param key   the bytes' content hash
     * @param bytes the model's bytes, asked for only when the model is not cached
     * @return the shared predictor
     * @throws IOException when the bytes are not a valid model
     */
    static Predictor get(String key, Supplier<byte[]> bytes) throws IOException {
        Slot slot;
        synchronized (SLOTS) {
            slot = SLOTS.computeIfAbsent(key, k -> new Slot());
        }
        return slot.predictor(bytes);
    }

    /** @return how many models this JVM has parsed into predictors */
    static int parses() {
        return PARSES.get();
    }

    /** Forgets every predictor (for tests). */
    static void clear() {
        synchronized (SLOTS) {
            SLOTS.clear();
        }
    }

    /**
     * One model's predictor, parsed by the first task that needs it while the others wait for it
     * (a lock per model, so that parsing one model does not hold up tasks of another).
     */
    private static final class Slot {
        private Predictor predictor;

        synchronized Predictor predictor(Supplier<byte[]> bytes) throws IOException {
            if (predictor == null) {
                predictor = Model.fromBytes(bytes.get()).predictor();
                PARSES.incrementAndGet();
            }
            return predictor;
        }
    }
}
