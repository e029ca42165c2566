package org.simdnet.kernel;

import java.util.concurrent.ForkJoinPool;

/**
 * The scalar reference GEMM: a plain triple loop, one float accumulator per element of C, k
 * summed in ascending order. It is the oracle the vector kernel is tested against and the
 * fallback when the Vector API cannot be used. It ignores the pool.
 */
public final class ScalarGemm implements GemmKernel {

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                     float[] a, int aOff, int lda,
                     float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc,
                     ForkJoinPool pool) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float sum = 0f;
                for (int p = 0; p < k; p++) {
                    float av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    float bv = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                    sum += av * bv;
                }
                int ci = cOff + i * ldc + j;
                c[ci] = beta == 0f ? alpha * sum : alpha * sum + beta * c[ci];
            }
        }
    }

    /** Always: the triple loop is one accumulator per element, k ascending. */
    @Override
    public boolean sumsOneChainPerElement(boolean transA, boolean transB, int n, int k) {
        return true;
    }
}
