package org.simdnet.kernel;

import jdk.incubator.vector.VectorShape;

/**
 * The size in bits of the one float species the vector kernels use: the CPU's preferred vector
 * shape, narrowed by {@code -Dsimdnet.vectorBits=128|256|512} (never widened past it), so that
 * the tests cover the AVX2 and NEON/SSE code paths on an AVX-512 machine too. Found from
 * {@link VectorShape} alone: initialising the float species ({@link FloatSpecies}) costs a fresh
 * JVM 9–12 ms on JDK 17 and 17–23 ms on JDK 25 (Zen 3), which a run served by the scalar twins
 * throughout (the default spiral run on two cores) never needs, while the twins need the lane
 * count to follow the vector kernels' order. Loaded only when the vector kernels are in use.
 */
final class SpeciesBits {

    /** The species' size in bits. */
    static final int BITS = choose();

    private SpeciesBits() {
    }

    /** Floats per vector of the species. */
    static int lanes() {
        return BITS / Float.SIZE;
    }

    private static int choose() {
        int preferred = VectorShape.preferredShape().vectorBitSize();
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
        return Math.min(wanted, preferred);
    }
}
