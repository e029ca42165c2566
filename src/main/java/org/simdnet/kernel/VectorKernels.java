package org.simdnet.kernel;

/**
 * Builds the Vector API kernel set. Only {@link Kernels} calls this, by name, after checking that
 * the incubator module is present.
 */
final class VectorKernels {

    private VectorKernels() {
    }

    /**
     * The vector set; with {@code warmUp}, the kernels that have exact scalar twins start on them
     * and switch once their vector code is compiled ({@link KernelWarmUp}).
     */
    static KernelSet create(boolean warmUp) {
        OptimizerKernels optimizers = warmUp ? new WarmingOptimizerKernels() : new VectorOptimizerKernels();
        SmallMlpKernel smallMlp = warmUp
                ? new WarmingSmallMlpKernel(new ScalarSmallMlpKernel(SpeciesBits.lanes()))
                : new VectorSmallMlpKernel();
        // Nothing here initialises the float species: the vector kernels that need it are made
        // on first use (LazyVector*, the warming kernels' holders), see SpeciesBits.
        return new KernelSet(new VectorGemm(), new LazyVectorRowKernels(), optimizers,
                new LazyVectorMatVecKernels(), smallMlp,
                "vector " + SpeciesBits.BITS + "-bit (" + SpeciesBits.lanes() + " floats per vector)"
                        + (warmUp ? "" : ", warm-up off"));
    }
}
