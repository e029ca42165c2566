package org.simdnet.autograd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link ElementwiseKernels} on the Vector API: one vector loop to {@code loopBound(n)} and a
 * scalar tail, nothing else. Only {@link Elementwise} loads this class, by name, once it knows
 * the incubator module is there.
 */
final class VectorElementwise implements ElementwiseKernels {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    @Override
    public void add(int n, float[] a, int aOff, float[] b, int bOff, float[] y, int yOff) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            FloatVector.fromArray(S, a, aOff + i).add(FloatVector.fromArray(S, b, bOff + i)).intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            y[yOff + i] = a[aOff + i] + b[bOff + i];
        }
    }

    @Override
    public void sub(int n, float[] a, int aOff, float[] b, int bOff, float[] y, int yOff) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            FloatVector.fromArray(S, a, aOff + i).sub(FloatVector.fromArray(S, b, bOff + i)).intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            y[yOff + i] = a[aOff + i] - b[bOff + i];
        }
    }

    @Override
    public void mul(int n, float[] a, int aOff, float[] b, int bOff, float[] y, int yOff) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            FloatVector.fromArray(S, a, aOff + i).mul(FloatVector.fromArray(S, b, bOff + i)).intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            y[yOff + i] = a[aOff + i] * b[bOff + i];
        }
    }

    @Override
    public void div(int n, float[] a, int aOff, float[] b, int bOff, float[] y, int yOff) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            FloatVector.fromArray(S, a, aOff + i).div(FloatVector.fromArray(S, b, bOff + i)).intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            y[yOff + i] = a[aOff + i] / b[bOff + i];
        }
    }

    @Override
    public void addScalar(int n, float[] a, int aOff, float s, float[] y, int yOff) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            FloatVector.fromArray(S, a, aOff + i).add(s).intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            y[yOff + i] = a[aOff + i] + s;
        }
    }

    @Override
    public void mulScalar(int n, float[] a, int aOff, float s, float[] y, int yOff) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            FloatVector.fromArray(S, a, aOff + i).mul(s).intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            y[yOff + i] = a[aOff + i] * s;
        }
    }

    @Override
    public void divScalar(int n, float[] a, int aOff, float s, float[] y, int yOff) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            FloatVector.fromArray(S, a, aOff + i).div(s).intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            y[yOff + i] = a[aOff + i] / s;
        }
    }

    @Override
    public void scalarSub(int n, float s, float[] a, int aOff, float[] y, int yOff) {
        FloatVector vs = FloatVector.broadcast(S, s);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            vs.sub(FloatVector.fromArray(S, a, aOff + i)).intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            y[yOff + i] = s - a[aOff + i];
        }
    }

    @Override
    public void scalarDiv(int n, float s, float[] a, int aOff, float[] y, int yOff) {
        FloatVector vs = FloatVector.broadcast(S, s);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            vs.div(FloatVector.fromArray(S, a, aOff + i)).intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            y[yOff + i] = s / a[aOff + i];
        }
    }

    @Override
    public void mulAdd(int n, float[] a, int aOff, float[] b, int bOff, float[] acc, int accOff) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            FloatVector.fromArray(S, a, aOff + i)
                    .fma(FloatVector.fromArray(S, b, bOff + i), FloatVector.fromArray(S, acc, accOff + i))
                    .intoArray(acc, accOff + i);
        }
        for (; i < n; i++) {
            acc[accOff + i] += a[aOff + i] * b[bOff + i];
        }
    }

    @Override
    public void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        FloatVector va = FloatVector.broadcast(S, alpha);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            FloatVector.fromArray(S, x, xOff + i)
                    .fma(va, FloatVector.fromArray(S, y, yOff + i))
                    .intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            y[yOff + i] += alpha * x[xOff + i];
        }
    }

    @Override
    public void log(int n, float[] x, int xOff, float[] y, int yOff) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            FloatVector.fromArray(S, x, xOff + i).lanewise(VectorOperators.LOG).intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            y[yOff + i] = (float) Math.log(x[xOff + i]);
        }
    }

    @Override
    public float sum(int n, float[] x, int xOff) {
        FloatVector acc = FloatVector.zero(S);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            acc = acc.add(FloatVector.fromArray(S, x, xOff + i));
        }
        float s = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            s += x[xOff + i];
        }
        return s;
    }

    @Override
    public float dot(int n, float[] a, int aOff, float[] b, int bOff) {
        FloatVector acc = FloatVector.zero(S);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            acc = FloatVector.fromArray(S, a, aOff + i).fma(FloatVector.fromArray(S, b, bOff + i), acc);
        }
        float s = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            s += a[aOff + i] * b[bOff + i];
        }
        return s;
    }
}
