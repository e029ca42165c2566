package org.simdnet.autograd;

/** Plain-Java reference for {@link ElementwiseKernels}, used when the Vector API is absent. */
final class ScalarElementwise implements ElementwiseKernels {

    @Override
    public void add(int n, float[] a, int aOff, float[] b, int bOff, float[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] = a[aOff + i] + b[bOff + i];
        }
    }

    @Override
    public void sub(int n, float[] a, int aOff, float[] b, int bOff, float[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] = a[aOff + i] - b[bOff + i];
        }
    }

    @Override
    public void mul(int n, float[] a, int aOff, float[] b, int bOff, float[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] = a[aOff + i] * b[bOff + i];
        }
    }

    @Override
    public void div(int n, float[] a, int aOff, float[] b, int bOff, float[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] = a[aOff + i] / b[bOff + i];
        }
    }

    @Override
    public void addScalar(int n, float[] a, int aOff, float s, float[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] = a[aOff + i] + s;
        }
    }

    @Override
    public void mulScalar(int n, float[] a, int aOff, float s, float[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] = a[aOff + i] * s;
        }
    }

    @Override
    public void divScalar(int n, float[] a, int aOff, float s, float[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] = a[aOff + i] / s;
        }
    }

    @Override
    public void scalarSub(int n, float s, float[] a, int aOff, float[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] = s - a[aOff + i];
        }
    }

    @Override
    public void scalarDiv(int n, float s, float[] a, int aOff, float[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] = s / a[aOff + i];
        }
    }

    @Override
    public void mulAdd(int n, float[] a, int aOff, float[] b, int bOff, float[] acc, int accOff) {
        for (int i = 0; i < n; i++) {
            acc[accOff + i] += a[aOff + i] * b[bOff + i];
        }
    }

    @Override
    public void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] += alpha * x[xOff + i];
        }
    }

    @Override
    public void log(int n, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] = (float) Math.log(x[xOff + i]);
        }
    }

    @Override
    public float sum(int n, float[] x, int xOff) {
        float s = 0f;
        for (int i = 0; i < n; i++) {
            s += x[xOff + i];
        }
        return s;
    }

    @Override
    public float dot(int n, float[] a, int aOff, float[] b, int bOff) {
        float s = 0f;
        for (int i = 0; i < n; i++) {
            s += a[aOff + i] * b[bOff + i];
        }
        return s;
    }
}
