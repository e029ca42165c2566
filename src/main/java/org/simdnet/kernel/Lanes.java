package org.simdnet.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * A lane sum with one fixed order. {@code reduceLanes(ADD)} leaves the order of its float
 * additions to the implementation, and HotSpot's intrinsic and its Java fallback do differ, so a
 * result could change with JIT timing (and with it, with the thread count). This halving tree
 * (lanes i and i + L/2, then i and i + L/4, ...) is made of exact lanewise adds, so interpreter,
 * C1 and C2 all give the same bits.
 */
final class Lanes {

    private static final VectorSpecies<Float> S = FloatSpecies.SPECIES;
    static final VectorShuffle<Float> HALF = fold(S.length() / 2);
    static final VectorShuffle<Float> QUARTER = fold(Math.max(1, S.length() / 4));
    static final VectorShuffle<Float> EIGHTH = fold(Math.max(1, S.length() / 8));
    static final VectorShuffle<Float> SIXTEENTH = fold(Math.max(1, S.length() / 16));

    private Lanes() {
    }

    private static VectorShuffle<Float> fold(int distance) {
        return VectorShuffle.fromOp(S, i -> (i + distance) % S.length());
    }

    /**
     * Σ of the lanes of the vector stored at {@code a[off..]}, in the halving-tree order. For
     * call sites that run once per method call, where C2 may not inline: no vector crosses it.
     */
    static float sum(float[] a, int off) {
        return sum(FloatVector.fromArray(S, a, off));
    }

    /** Σ of the lanes of {@code v} in the halving-tree order. */
    static float sum(FloatVector v) {
        int n = S.length();
        v = v.add(v.rearrange(HALF));
        if (n >= 4) {
            v = v.add(v.rearrange(QUARTER));
        }
        if (n >= 8) {
            v = v.add(v.rearrange(EIGHTH));
        }
        if (n >= 16) {
            v = v.add(v.rearrange(SIXTEENTH));
        }
        return v.lane(0);
    }
}
