package org.simdnet.kernel;

import java.util.concurrent.ForkJoinPool;

/** Placeholder until the packed Vector API GEMM lands: delegates to the scalar reference. */
final class VectorGemm implements GemmKernel {
    private final ScalarGemm scalar = new ScalarGemm();

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc, ForkJoinPool pool) {
        scalar.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, pool);
    }
}
