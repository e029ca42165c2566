package org.simdnet.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** Vector API {@link MatVecKernels}: {@code loopBound} main loops with scalar tails. */
final class VectorMatVecKernels implements MatVecKernels {

    private static final VectorSpecies<Float> S = FloatSpecies.SPECIES;

    @Override
    public void gemvRows(int out, int in, float[] w, int wOff, float[] x, int xOff, float[] b, int bOff,
                         float[] y, int yOff) {
        int bound = S.loopBound(in);
        for (int o = 0; o < out; o++) {
            int row = wOff + o * in;
            FloatVector acc = FloatVector.zero(S);
            int i = 0;
            for (; i < bound; i += S.length()) {
                acc = FloatVector.fromArray(S, w, row + i).fma(FloatVector.fromArray(S, x, xOff + i), acc);
            }
            float sum = Lanes.sum(acc);
            for (; i < in; i++) {
                sum += w[row + i] * x[xOff + i];
            }
            y[yOff + o] = sum + b[bOff + o];
        }
    }

    @Override
    public void gemvColumns(int out, int in, float[] wt, int wtOff, float[] x, int xOff, float[] b, int bOff,
                            float[] y, int yOff) {
        int bound = S.loopBound(out);
        int o = 0;
        for (; o < bound; o += S.length()) {
            FloatVector acc = FloatVector.fromArray(S, b, bOff + o);
            for (int i = 0; i < in; i++) {
                acc = FloatVector.fromArray(S, wt, wtOff + i * out + o).fma(FloatVector.broadcast(S, x[xOff + i]), acc);
            }
            acc.intoArray(y, yOff + o);
        }
        for (; o < out; o++) {
            float sum = b[bOff + o];
            for (int i = 0; i < in; i++) {
                sum = Math.fma(x[xOff + i], wt[wtOff + i * out + o], sum);
            }
            y[yOff + o] = sum;
        }
    }
}
