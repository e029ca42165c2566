package org.simdnet.kernel;

import java.util.concurrent.ForkJoinPool;

/**
 * One implementation of single-precision GEMM, {@code C = alpha·op(A)·op(B) + beta·C}, row-major,
 * with BLAS sgemm semantics. Implementations trust their caller: {@link Gemm} checks shapes,
 * bounds and aliasing first and handles the degenerate cases (m, n or k zero, alpha zero).
 *
 * <p>When {@code transA} is false, A is {@code m×k} with row stride {@code lda}; when true, A is
 * stored {@code k×m} and read transposed. Likewise B is {@code k×n} or, transposed, {@code n×k}.
 * C is {@code m×n} with row stride {@code ldc}. When {@code beta == 0} C is written without being
 * read, so garbage (even NaN) in C does not leak into the result.
 */
public interface GemmKernel {

    /**
     * @param pool null to run on the calling thread only; otherwise large products may be split
     *             across the pool. The result is bit-identical either way.
     */
    void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
              float[] a, int aOff, int lda,
              float[] b, int bOff, int ldb,
              float beta, float[] c, int cOff, int ldc,
              ForkJoinPool pool);
}
