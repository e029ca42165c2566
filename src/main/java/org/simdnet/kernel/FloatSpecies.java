package org.simdnet.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The one float species every vector kernel uses, a {@code static final} constant so that C2
 * folds it: {@link SpeciesBits#BITS} bits (the preferred shape unless
 * {@code -Dsimdnet.vectorBits} narrows it).
 */
final class FloatSpecies {

    static final VectorSpecies<Float> SPECIES = choose();

    private FloatSpecies() {
    }

    private static VectorSpecies<Float> choose() {
        VectorSpecies<Float> preferred = FloatVector.SPECIES_PREFERRED;
        VectorSpecies<Float> chosen = SpeciesBits.BITS == preferred.vectorBitSize() ? preferred
                : VectorSpecies.of(float.class, VectorShape.forBitSize(SpeciesBits.BITS));
        if (chosen.vectorBitSize() != SpeciesBits.BITS || chosen.vectorBitSize() > preferred.vectorBitSize()) {
            // The scalar twins took their lane count from SpeciesBits: the two must agree.
            throw new IllegalStateException("float species of " + chosen.vectorBitSize() + " bits, expected "
                    + SpeciesBits.BITS + " (preferred " + preferred.vectorBitSize() + ")");
        }
        return chosen;
    }
}
