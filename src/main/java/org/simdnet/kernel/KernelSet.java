package org.simdnet.kernel;

/** One implementation of every fixed kernel family, as {@link VectorKernels#create} builds it. */
final class KernelSet {

    final GemmKernel gemm;
    final RowKernels rows;
    final OptimizerKernels optimizers;
    final MatVecKernels matVec;
    final SmallMlpKernel smallMlp;
    final String description;

    KernelSet(GemmKernel gemm, RowKernels rows, OptimizerKernels optimizers, MatVecKernels matVec,
              SmallMlpKernel smallMlp, String description) {
        this.gemm = gemm;
        this.rows = rows;
        this.optimizers = optimizers;
        this.matVec = matVec;
        this.smallMlp = smallMlp;
        this.description = description;
    }

    /** The plain-Java references; no fused kernel (the layer path serves those nets too). */
    static KernelSet scalar(String why) {
        return new KernelSet(new ScalarGemm(), new ScalarRowKernels(), new ScalarOptimizerKernels(),
                new ScalarMatVecKernels(), null, why);
    }
}
