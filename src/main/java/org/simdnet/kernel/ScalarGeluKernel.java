package org.simdnet.kernel;

/**
 * GELU in PyTorch's tanh form, {@code 0.5·x·(1 + tanh(β·(x + κ·x³)))} with {@code β = √(2/π)},
 * {@code κ = 0.044715} ({@code nn.GELU(approximate='tanh')}), in plain Java through double
 * {@link Math#tanh}: the reference for {@link VectorGeluKernel} and the kernel without the Vector
 * API. Backward from the input, in the terms of PyTorch's {@code gelu_backward}.
 */
public final class ScalarGeluKernel implements ActivationKernel {

    /** √(2/π). */
    static final double BETA = Math.sqrt(2 / Math.PI);
    /** The cubic term's coefficient. */
    static final double KAPPA = 0.044715;

    @Override
    public void forward(int n, float[] x, int xOff, float[] y, int yOff, float alpha) {
        for (int i = 0; i < n; i++) {
            double v = x[xOff + i];
            y[yOff + i] = (float) (0.5 * v * (1 + Math.tanh(BETA * (v + KAPPA * v * v * v))));
        }
    }

    /** {@code dx = dy·(0.5·(1 + t) + 0.5·x·(1 − t²)·β·(1 + 3κx²))} with {@code t = tanh(β(x + κx³))}. */
    @Override
    public void backward(int n, float[] x, int xOff, float[] y, int yOff, float[] dy, int dyOff,
                         float[] dx, int dxOff, float alpha) {
        for (int i = 0; i < n; i++) {
            double v = x[xOff + i];
            double t = Math.tanh(BETA * (v + KAPPA * v * v * v));
            double d = 0.5 * (1 + t) + 0.5 * v * (1 - t * t) * BETA * (1 + 3 * KAPPA * v * v);
            dx[dxOff + i] = (float) (dy[dyOff + i] * d);
        }
    }
}
