package org.simdnet.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * GELU (tanh form) on the Vector API. {@code 1 + tanh(z)} cancels to a few correct bits for
 * negative x in float (PyTorch's float kernel loses them there too), so it is computed as
 * {@code 2·s} with {@code s = 1 / (1 + e^−2z)}: {@code gelu = x·s}, and with
 * {@code 1 − s = e^−2z·s} the backward {@code s + 2x·s·(1 − s)·β·(1 + 3κx²)} has no cancellation
 * either. exp is {@link VectorMath}'s; the scalar tail performs the same float operations with its
 * scalar twin, so an element's bits do not depend on where it fell. See {@link ScalarGeluKernel}.
 */
final class VectorGeluKernel implements ActivationKernel {

    private static final VectorSpecies<Float> S = FloatSpecies.SPECIES;
    private static final int L = S.length();
    /** −2β: e^−2z = exp(−2β·(x + κx³)). */
    private static final float MINUS_TWO_BETA = (float) (-2 * ScalarGeluKernel.BETA);
    private static final float TWO_BETA = (float) (2 * ScalarGeluKernel.BETA);
    private static final float KAPPA = (float) ScalarGeluKernel.KAPPA;
    private static final float KAPPA3 = 3 * KAPPA;
    /** The exponent is capped here so that e^−2z stays finite (e^80 ≈ 5.5e34): s is then ~1e-35, 0 in effect. */
    private static final float MAX_EXPONENT = 80f;

    @Override
    public void forward(int n, float[] x, int xOff, float[] y, int yOff, float alpha) {
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xOff + i);
            FloatVector a = v.mul(v).mul(v).mul(KAPPA).add(v).mul(MINUS_TWO_BETA);
            FloatVector e = VectorMath.exp(a.blend(MAX_EXPONENT, a.compare(VectorOperators.GT, MAX_EXPONENT)));
            v.div(e.add(1f)).intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            float v = x[xOff + i];
            float a = (v * v * v * KAPPA + v) * MINUS_TWO_BETA;
            float e = VectorMath.exp(a > MAX_EXPONENT ? MAX_EXPONENT : a);
            y[yOff + i] = v / (e + 1f);
        }
    }

    @Override
    public void backward(int n, float[] x, int xOff, float[] y, int yOff, float[] dy, int dyOff,
                         float[] dx, int dxOff, float alpha) {
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xOff + i);
            FloatVector v2 = v.mul(v);
            FloatVector a = v2.mul(v).mul(KAPPA).add(v).mul(MINUS_TWO_BETA);
            FloatVector e = VectorMath.exp(a.blend(MAX_EXPONENT, a.compare(VectorOperators.GT, MAX_EXPONENT)));
            FloatVector s = FloatVector.broadcast(S, 1f).div(e.add(1f));
            // s + 2β·x·s·(1 − s)·(1 + 3κx²), with 1 − s = e·s
            FloatVector d = v.mul(TWO_BETA).mul(s).mul(e.mul(s)).mul(v2.mul(KAPPA3).add(1f)).add(s);
            FloatVector.fromArray(S, dy, dyOff + i).mul(d).intoArray(dx, dxOff + i);
        }
        for (; i < n; i++) {
            float v = x[xOff + i];
            float v2 = v * v;
            float a = (v2 * v * KAPPA + v) * MINUS_TWO_BETA;
            float e = VectorMath.exp(a > MAX_EXPONENT ? MAX_EXPONENT : a);
            float s = 1f / (e + 1f);
            float d = v * TWO_BETA * s * (e * s) * (v2 * KAPPA3 + 1f) + s;
            dx[dxOff + i] = dy[dyOff + i] * d;
        }
    }
}
