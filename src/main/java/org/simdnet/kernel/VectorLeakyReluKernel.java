package org.simdnet.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** LeakyReLU on the Vector API: the same compare-and-select per element as its scalar twin. */
final class VectorLeakyReluKernel implements ActivationKernel {

    private static final VectorSpecies<Float> S = FloatSpecies.SPECIES;
    private static final int L = S.length();

    @Override
    public void forward(int n, float[] x, int xOff, float[] y, int yOff, float alpha) {
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xOff + i);
            VectorMask<Float> positive = v.compare(VectorOperators.GT, 0f);
            v.mul(alpha).blend(v, positive).intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            float v = x[xOff + i];
            y[yOff + i] = v > 0f ? v : v * alpha;
        }
    }

    @Override
    public void backward(int n, float[] x, int xOff, float[] y, int yOff, float[] dy, int dyOff,
                         float[] dx, int dxOff, float alpha) {
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += L) {
            VectorMask<Float> positive = FloatVector.fromArray(S, x, xOff + i).compare(VectorOperators.GT, 0f);
            FloatVector g = FloatVector.fromArray(S, dy, dyOff + i);
            g.mul(alpha).blend(g, positive).intoArray(dx, dxOff + i);
        }
        for (; i < n; i++) {
            float g = dy[dyOff + i];
            dx[dxOff + i] = x[xOff + i] > 0f ? g : g * alpha;
        }
    }
}
