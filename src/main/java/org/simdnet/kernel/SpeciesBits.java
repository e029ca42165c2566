package org.simdnet.kernel;

/** The species' size, read through a class that is loaded only when the vector kernels are. */
final class SpeciesBits {

    private SpeciesBits() {
    }

    static int bits() {
        return FloatSpecies.SPECIES.vectorBitSize();
    }
}
