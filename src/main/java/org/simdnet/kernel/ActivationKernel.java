package org.simdnet.kernel;

/**
 * An element-wise activation {@code y = f(x)} and its backward {@code dx = dy · f'(x)} over n
 * contiguous floats: the kernel shape every activation layer beyond ReLU and tanh (which live in
 * {@link RowKernels}) implements, once as a scalar reference and once on the Vector API, chosen
 * through {@link Kernels#select}. Implementations trust their caller.
 *
 * <p>{@code alpha} is the activation's one shape parameter where it has one (LeakyReLU's negative
 * slope); kernels without one ignore it.
 */
public interface ActivationKernel {

    /** {@code y[i] = f(x[i])}; in place (y = x) allowed. */
    void forward(int n, float[] x, int xOff, float[] y, int yOff, float alpha);

    /**
     * {@code dx[i] = dy[i] · f'(x[i])}, given the forward input {@code x} and output {@code y} (a
     * kernel reads whichever it needs; the layer says which, so the other may be stale). In place
     * (dx = dy) allowed.
     */
    void backward(int n, float[] x, int xOff, float[] y, int yOff, float[] dy, int dyOff,
                  float[] dx, int dxOff, float alpha);
}
