package org.simdnet.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API optimizer updates. Element-wise with no reductions and no FMA, so they perform the
 * very float operations of {@link ScalarOptimizerKernels} and agree with it bit for bit,
 * including its flushing of tiny results to 0.
 */
final class VectorOptimizerKernels implements OptimizerKernels {

    private static final VectorSpecies<Float> S = FloatSpecies.SPECIES;
    private static final int L = S.length();

    private static final float FLUSH_PARAMETER = ScalarOptimizerKernels.FLUSH_PARAMETER;
    private static final float FLUSH_MOMENT = ScalarOptimizerKernels.FLUSH_MOMENT;
    private static final float FLUSH_GRADIENT = ScalarOptimizerKernels.FLUSH_GRADIENT;
    private static final float ADAM_FLUSH = ScalarOptimizerKernels.ADAM_FLUSH;

    private final ScalarOptimizerKernels tail = new ScalarOptimizerKernels();

    @Override
    public void sgd(int n, float[] w, int wOff, float[] g, int gOff, float[] momentumBuf, int mOff,
                    float lr, float momentum, float dampening, float weightDecay, boolean nesterov,
                    boolean firstStep) {
        int bound = S.loopBound(n);
        float negLr = -lr;
        float oneMinusDampening = (float) (1.0 - dampening);    // as the scalar twin
        boolean decay = weightDecay != 0f;
        int i = 0;
        if (momentum == 0f) {
            for (; i < bound; i += L) {
                FloatVector wi = FloatVector.fromArray(S, w, wOff + i);
                FloatVector d = FloatVector.fromArray(S, g, gOff + i);
                if (decay) {
                    d = d.add(wi.mul(weightDecay));
                }
                d = d.blend(0f, d.abs().compare(VectorOperators.LT, FLUSH_GRADIENT));
                FloatVector wn = wi.add(d.mul(negLr));
                wn.blend(0f, wn.abs().compare(VectorOperators.LT, FLUSH_PARAMETER)).intoArray(w, wOff + i);
            }
        } else {
            for (; i < bound; i += L) {
                FloatVector wi = FloatVector.fromArray(S, w, wOff + i);
                FloatVector d = FloatVector.fromArray(S, g, gOff + i);
                if (decay) {
                    d = d.add(wi.mul(weightDecay));
                }
                d = d.blend(0f, d.abs().compare(VectorOperators.LT, FLUSH_GRADIENT));
                FloatVector b = firstStep ? d
                        : FloatVector.fromArray(S, momentumBuf, mOff + i).mul(momentum).add(d.mul(oneMinusDampening));
                b = b.blend(0f, b.abs().compare(VectorOperators.LT, FLUSH_MOMENT));
                b.intoArray(momentumBuf, mOff + i);
                FloatVector u = nesterov ? d.add(b.mul(momentum)) : b;
                FloatVector wn = wi.add(u.mul(negLr));
                wn.blend(0f, wn.abs().compare(VectorOperators.LT, FLUSH_PARAMETER)).intoArray(w, wOff + i);
            }
        }
        tail.sgd(n - i, w, wOff + i, g, gOff + i, momentumBuf, mOff + i,
                lr, momentum, dampening, weightDecay, nesterov, firstStep);
    }

    @Override
    public void adam(int n, float[] w, int wOff, float[] g, int gOff,
                     float[] m, int mOff, float[] v, int vOff,
                     float lr, float beta1, float beta2, float eps, float weightDecay, int step) {
        int done = adamUpdate(n, w, wOff, g, gOff, m, mOff, v, vOff, lr, beta1, beta2, eps, weightDecay, step, false);
        tail.adam(n - done, w, wOff + done, g, gOff + done, m, mOff + done, v, vOff + done,
                lr, beta1, beta2, eps, weightDecay, step);
    }

    @Override
    public void adamW(int n, float[] w, int wOff, float[] g, int gOff,
                      float[] m, int mOff, float[] v, int vOff,
                      float lr, float beta1, float beta2, float eps, float weightDecay, int step) {
        int done = adamUpdate(n, w, wOff, g, gOff, m, mOff, v, vOff, lr, beta1, beta2, eps, weightDecay, step, true);
        tail.adamW(n - done, w, wOff + done, g, gOff + done, m, mOff + done, v, vOff + done,
                lr, beta1, beta2, eps, weightDecay, step);
    }

    /** The whole vectors of Adam or AdamW; returns how many elements it did (the tail is the scalar twin's). */
    private static int adamUpdate(int n, float[] w, int wOff, float[] g, int gOff,
                                  float[] m, int mOff, float[] v, int vOff,
                                  float lr, float beta1, float beta2, float eps, float weightDecay, int step,
                                  boolean decoupled) {
        // The same per-step scalars and flush thresholds as the scalar twin (see there).
        float oneMinusBeta1 = (float) (1.0 - beta1);
        float oneMinusBeta2 = (float) (1.0 - beta2);
        float negStepSize = (float) (-(lr / (1.0 - Math.pow(beta1, step))));
        float bc2Sqrt = (float) Math.sqrt(1.0 - Math.pow(beta2, step));
        float decayFactor = (float) (1.0 - (double) lr * weightDecay);
        boolean lerpBelowHalf = oneMinusBeta1 < 0.5f;
        float oneMinusWeight = 1f - oneMinusBeta1;
        boolean coupledDecay = !decoupled && weightDecay != 0f;
        boolean decoupledDecay = decoupled && weightDecay != 0f;
        float gradientFloor = eps * ADAM_FLUSH;
        float firstFloor = oneMinusBeta1 * gradientFloor;
        float secondFloor = oneMinusBeta2 * gradientFloor * gradientFloor;
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector wi = FloatVector.fromArray(S, w, wOff + i);
            if (decoupledDecay) {
                wi = wi.mul(decayFactor);
            }
            FloatVector d = FloatVector.fromArray(S, g, gOff + i);
            if (coupledDecay) {
                d = d.add(wi.mul(weightDecay));
            }
            d = d.blend(0f, d.abs().compare(VectorOperators.LT, gradientFloor));
            FloatVector mOld = FloatVector.fromArray(S, m, mOff + i);
            FloatVector mi = lerpBelowHalf ? mOld.add(d.sub(mOld).mul(oneMinusBeta1))
                                           : d.sub(d.sub(mOld).mul(oneMinusWeight));
            FloatVector vi = FloatVector.fromArray(S, v, vOff + i).mul(beta2).add(d.mul(oneMinusBeta2).mul(d));
            mi = mi.blend(0f, mi.abs().compare(VectorOperators.LT, firstFloor));
            // v is never negative (β2·v plus a square, from 0): no abs; NaN and +∞ compare false as before
            vi = vi.blend(0f, vi.compare(VectorOperators.LT, secondFloor));
            mi.intoArray(m, mOff + i);
            vi.intoArray(v, vOff + i);
            FloatVector denom = vi.sqrt().div(bc2Sqrt).add(eps);
            FloatVector wn = wi.add(mi.mul(negStepSize).div(denom));
            wn.blend(0f, wn.abs().compare(VectorOperators.LT, FLUSH_PARAMETER)).intoArray(w, wOff + i);
        }
        return i;
    }

    @Override
    public void scale(int n, float[] x, int xOff, float factor) {
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector.fromArray(S, x, xOff + i).mul(factor).intoArray(x, xOff + i);
        }
        tail.scale(n - i, x, xOff + i, factor);
    }
}
