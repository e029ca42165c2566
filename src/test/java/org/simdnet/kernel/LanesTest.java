package org.simdnet.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/** The lane sum follows its documented halving tree exactly, whatever compiles it. */
class LanesTest {

    @Test
    void sumIsTheHalvingTreeBitForBit() {
        int n = FloatSpecies.SPECIES.length();
        SplittableRandom random = new SplittableRandom(3);
        float[] a = new float[n];
        for (int rep = 0; rep < 20_000; rep++) {
            for (int i = 0; i < n; i++) {
                a[i] = (float) ((random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(7) - 3));
            }
            float[] t = a.clone();
            for (int width = n / 2; width >= 1; width /= 2) {
                for (int i = 0; i < width; i++) {
                    t[i] = t[i] + t[i + width];
                }
            }
            assertEquals(Float.floatToIntBits(t[0]),
                    Float.floatToIntBits(Lanes.sum(FloatVector.fromArray(FloatSpecies.SPECIES, a, 0))),
                    "repetition " + rep);
        }
    }
}
