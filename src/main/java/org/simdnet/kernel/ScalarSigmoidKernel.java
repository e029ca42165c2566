package org.simdnet.kernel;

/**
 * The logistic sigmoid {@code 1 / (1 + e^−x)} in plain Java, through double {@link Math#exp}: the
 * reference {@link VectorSigmoidKernel} is tested against, and the engine's kernel without the
 * Vector API.
 */
public final class ScalarSigmoidKernel implements ActivationKernel {

    @Override
    public void forward(int n, float[] x, int xOff, float[] y, int yOff, float alpha) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] = (float) (1.0 / (1.0 + Math.exp(-(double) x[xOff + i])));
        }
    }

    /** From the output: {@code dx = dy·(1 − y)·y}, in PyTorch's {@code sigmoid_backward} order. */
    @Override
    public void backward(int n, float[] x, int xOff, float[] y, int yOff, float[] dy, int dyOff,
                         float[] dx, int dxOff, float alpha) {
        for (int i = 0; i < n; i++) {
            float s = y[yOff + i];
            dx[dxOff + i] = dy[dyOff + i] * (1f - s) * s;
        }
    }
}
