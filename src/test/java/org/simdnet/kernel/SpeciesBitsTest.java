package org.simdnet.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import org.junit.jupiter.api.Test;
import org.simdnet.testing.KernelModes;

/**
 * The twins take their lane count from {@link SpeciesBits} without initialising the float
 * species; the vector kernels use {@link FloatSpecies}. The two must be the same size, or the
 * twins would sum in another order than the vector kernels they stand in for.
 */
class SpeciesBitsTest {

    @Test
    void theBitsAreTheFloatSpeciesSize() {
        KernelModes.assumeVectorKernelsWanted();
        assertEquals(FloatSpecies.SPECIES.vectorBitSize(), SpeciesBits.BITS);
        assertEquals(FloatSpecies.SPECIES.length(), SpeciesBits.lanes());
    }

    @Test
    void withoutAnOverrideTheyAreThePreferredSpecies() {
        KernelModes.assumeVectorKernelsWanted();
        String asked = System.getProperty("simdnet.vectorBits");
        int preferred = FloatVector.SPECIES_PREFERRED.vectorBitSize();
        assertEquals(preferred, VectorShape.preferredShape().vectorBitSize());
        int expected = asked == null || asked.isBlank() ? preferred : Math.min(preferred, Integer.parseInt(asked.trim()));
        assertEquals(expected, SpeciesBits.BITS);
    }
}
