package org.simdnet.kernel;

/**
 * Builds the Vector API kernel set. Only {@link Kernels} calls this, by name, after checking that
 * the incubator module is present.
 */
final class VectorKernels {

    private VectorKernels() {
    }

    static KernelSet create() {
        return new KernelSet(new VectorGemm(), new VectorRowKernels(), new VectorOptimizerKernels(),
                new VectorMatVecKernels(), new VectorSmallMlpKernel(),
                "vector " + FloatSpecies.SPECIES.vectorBitSize() + "-bit ("
                        + FloatSpecies.SPECIES.length() + " floats per vector)");
    }
}
