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

    /**
     * Whether this kernel sums every element of an {@code op(A)·op(B)} product of {@code n}
     * columns and depth {@code k} as one chain of multiply-adds over ascending {@code p}, from
     * zero, of {@code op(A)(i, p)·op(B)(p, j)}, then applies alpha and beta. Two products that
     * both do compute the same elements with the same bits, whichever way their operands are
     * stored and whether C or its transpose is computed (a multiplication's operands commute,
     * bit for bit): what lets a layer store its weights transposed. False, the safe answer,
     * unless the kernel knows.
     */
    default boolean sumsOneChainPerElement(boolean transA, boolean transB, int n, int k) {
        return false;
    }
}
