package org.simdnet.kernel;

/**
 * The vector matrix–vector kernels, made on first use (see {@link LazyVectorRowKernels}: a run
 * that never predicts one sample at a time does not initialise the Vector API for them).
 */
final class LazyVectorMatVecKernels implements MatVecKernels {

    private static final class Holder {
        static final VectorMatVecKernels KERNELS = new VectorMatVecKernels();
    }

    @Override
    public void gemvRows(int out, int in, float[] w, int wOff, float[] x, int xOff, float[] b, int bOff,
                         float[] y, int yOff) {
        Holder.KERNELS.gemvRows(out, in, w, wOff, x, xOff, b, bOff, y, yOff);
    }

    @Override
    public void gemvColumns(int out, int in, float[] wt, int wtOff, float[] x, int xOff, float[] b, int bOff,
                            float[] y, int yOff) {
        Holder.KERNELS.gemvColumns(out, in, wt, wtOff, x, xOff, b, bOff, y, yOff);
    }
}
