package org.simdnet.kernel;

/**
 * Builds the Vector API kernel set. Only {@link Kernels} calls this, by name, after checking that
 * the incubator module is present.
 */
final class VectorKernels {

    private VectorKernels() {
    }

    /** @return {GemmKernel, RowKernels, OptimizerKernels, description, MatVecKernels} */
    public static Object[] create() {
        return new Object[] {
            new VectorGemm(), new VectorRowKernels(), new VectorOptimizerKernels(),
            "vector " + FloatSpecies.SPECIES.vectorBitSize() + "-bit (" + FloatSpecies.SPECIES.length() + " floats per vector)",
            new VectorMatVecKernels()
        };
    }
}
