package org.simdnet.kernel;

/**
 * Matrix–vector products for single-sample inference, {@code y = W·x + b} with {@code W}
 * {@code [out × in]}, in the two layouts that suit the two shapes a small net has.
 * Implementations trust their caller: shapes are checked where the weights are prepared.
 */
public interface MatVecKernels {

    /**
     * Dot form, for few outputs and many inputs (the 100 → 3 logits layer): {@code W} row-major
     * {@code [out × in]}, each output one vectorized dot product.
     */
    void gemvRows(int out, int in, float[] w, int wOff, float[] x, int xOff, float[] b, int bOff,
                  float[] y, int yOff);

    /**
     * Broadcast form, for few inputs and many outputs (the 2 → 100 first layer): the weights
     * given transposed, {@code wt = Wᵀ} row-major {@code [in × out]}, and
     * {@code y = b + Σ_i x[i]·wt[i]} vectorized across the outputs.
     */
    void gemvColumns(int out, int in, float[] wt, int wtOff, float[] x, int xOff, float[] b, int bOff,
                     float[] y, int yOff);
}
