package org.simdnet.kernel;

/**
 * LeakyReLU {@code x > 0 ? x : slope·x} and its backward from the input, as PyTorch's
 * {@code leaky_relu}: the reference for {@link VectorLeakyReluKernel} and the kernel without the
 * Vector API. {@code alpha} is the negative slope.
 */
public final class ScalarLeakyReluKernel implements ActivationKernel {

    @Override
    public void forward(int n, float[] x, int xOff, float[] y, int yOff, float alpha) {
        for (int i = 0; i < n; i++) {
            float v = x[xOff + i];
            y[yOff + i] = v > 0f ? v : v * alpha;
        }
    }

    /** From the input: {@code dx = x > 0 ? dy : dy·slope} (the output's sign flips for a negative slope). */
    @Override
    public void backward(int n, float[] x, int xOff, float[] y, int yOff, float[] dy, int dyOff,
                         float[] dx, int dxOff, float alpha) {
        for (int i = 0; i < n; i++) {
            float g = dy[dyOff + i];
            dx[dxOff + i] = x[xOff + i] > 0f ? g : g * alpha;
        }
    }
}
