package org.simdnet.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The one float species every vector kernel uses, a {@code static final} constant so that C2
 * folds it. {@code -Dsimdnet.vectorBits=128|256|512} narrows it (never widens past what the CPU
 * prefers), so the tests cover the AVX2 and NEON/SSE code paths on an AVX-512 machine too.
 */
final class FloatSpecies {

    static final VectorSpecies<Float> SPECIES = choose();

    private FloatSpecies() {
    }

    private static VectorSpecies<Float> choose() {
        VectorSpecies<Float> preferred = FloatVector.SPECIES_PREFERRED;
        String bits = System.getProperty("simdnet.vectorBits");
        if (bits == null || bits.isBlank()) {
            return preferred;
        }
        int wanted;
        try {
            wanted = Integer.parseInt(bits.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("simdnet.vectorBits must be 128, 256 or 512, got '" + bits + "'");
        }
        if (wanted != 128 && wanted != 256 && wanted != 512) {
            throw new IllegalArgumentException("simdnet.vectorBits must be 128, 256 or 512, got " + wanted);
        }
        return wanted >= preferred.vectorBitSize() ? preferred
                : VectorSpecies.of(float.class, VectorShape.forBitSize(wanted));
    }
}
