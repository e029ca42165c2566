package org.simdnet.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The logistic sigmoid on the Vector API: {@code 1 / (1 + e^−x)} with {@link VectorMath}'s exp,
 * whose clamping keeps both tails finite (0 below −89, 1 above 104). The scalar tail runs
 * VectorMath's scalar twin, so an element's bits do not depend on where it fell.
 */
final class VectorSigmoidKernel implements ActivationKernel {

    private static final VectorSpecies<Float> S = FloatSpecies.SPECIES;
    private static final int L = S.length();

    @Override
    public void forward(int n, float[] x, int xOff, float[] y, int yOff, float alpha) {
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector e = VectorMath.exp(FloatVector.fromArray(S, x, xOff + i).neg());
            FloatVector.broadcast(S, 1f).div(e.add(1f)).intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            y[yOff + i] = 1f / (VectorMath.exp(-x[xOff + i]) + 1f);
        }
    }

    @Override
    public void backward(int n, float[] x, int xOff, float[] y, int yOff, float[] dy, int dyOff,
                         float[] dx, int dxOff, float alpha) {
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector s = FloatVector.fromArray(S, y, yOff + i);
            FloatVector.fromArray(S, dy, dyOff + i).mul(s.neg().add(1f)).mul(s).intoArray(dx, dxOff + i);
        }
        for (; i < n; i++) {
            float s = y[yOff + i];
            dx[dxOff + i] = dy[dyOff + i] * (1f - s) * s;
        }
    }
}
