package org.simdnet.autograd;

/**
 * The plain element-wise arithmetic the tape needs and {@code org.simdnet.kernel.RowKernels}
 * does not have. Every method works on {@code n} contiguous elements from the given offsets and
 * may write in place (output array and offset equal to an input's). Callers are the autograd
 * operations, which have already checked shapes; implementations trust them.
 */
interface ElementwiseKernels {

    /** {@code y[i] = a[i] + b[i]}. */
    void add(int n, float[] a, int aOff, float[] b, int bOff, float[] y, int yOff);

    /** {@code y[i] = a[i] − b[i]}. */
    void sub(int n, float[] a, int aOff, float[] b, int bOff, float[] y, int yOff);

    /** {@code y[i] = a[i] · b[i]}. */
    void mul(int n, float[] a, int aOff, float[] b, int bOff, float[] y, int yOff);

    /** {@code y[i] = a[i] / b[i]}. */
    void div(int n, float[] a, int aOff, float[] b, int bOff, float[] y, int yOff);

    /** {@code y[i] = a[i] + s}. */
    void addScalar(int n, float[] a, int aOff, float s, float[] y, int yOff);

    /** {@code y[i] = a[i] · s}. */
    void mulScalar(int n, float[] a, int aOff, float s, float[] y, int yOff);

    /** {@code y[i] = a[i] / s} (a true division, not a multiply by 1/s, so results match PyTorch's). */
    void divScalar(int n, float[] a, int aOff, float s, float[] y, int yOff);

    /** {@code y[i] = s − a[i]}. */
    void scalarSub(int n, float s, float[] a, int aOff, float[] y, int yOff);

    /** {@code y[i] = s / a[i]}. */
    void scalarDiv(int n, float s, float[] a, int aOff, float[] y, int yOff);

    /** {@code acc[i] += a[i] · b[i]}: the usual shape of a chain-rule product. */
    void mulAdd(int n, float[] a, int aOff, float[] b, int bOff, float[] acc, int accOff);

    /** {@code y[i] += alpha · x[i]}. */
    void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff);

    /** {@code y[i] = ln(x[i])}. */
    void log(int n, float[] x, int xOff, float[] y, int yOff);

    /** {@code Σ x[i]}. */
    float sum(int n, float[] x, int xOff);

    /** {@code Σ a[i]·b[i]}. */
    float dot(int n, float[] a, int aOff, float[] b, int bOff);
}
