package org.simdnet.layer;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;

/**
 * An element-wise non-linearity {@code y = f(x)}: width-preserving, no parameters. A subclass
 * supplies its kind, the kernel calls for both directions over n contiguous floats, and what its
 * backward reads; everything a {@link Layer} needs beyond that is here, once.
 */
public abstract class Activation implements Layer {

    private final LayerKind kind;
    private final String displayName;
    private final boolean readsInput;
    private final boolean readsOutput;

    /**
     * @param displayName         how the layer reads in descriptions ({@code ReLU})
     * @param backwardReadsInput  whether {@link #backward} needs the forward input
     * @param backwardReadsOutput whether {@link #backward} needs the forward output
     */
    protected Activation(LayerKind kind, String displayName, boolean backwardReadsInput, boolean backwardReadsOutput) {
        this.kind = kind;
        this.displayName = displayName;
        this.readsInput = backwardReadsInput;
        this.readsOutput = backwardReadsOutput;
    }

    @Override
    public final LayerKind kind() {
        return kind;
    }

    @Override
    public final boolean backwardReadsInput() {
        return readsInput;
    }

    @Override
    public final boolean backwardReadsOutput() {
        return readsOutput;
    }

    @Override
    public String toString() {
        return displayName;
    }

    /** {@code y = f(x)} over n floats; in place allowed. */
    public abstract void forward(int n, float[] x, int xOff, float[] y, int yOff);

    /** {@code dx = dy · f'(x)} over n floats, from the forward input and/or output; in place (dx = dy) allowed. */
    public abstract void backward(int n, float[] x, int xOff, float[] y, int yOff, float[] dy, int dyOff,
                                  float[] dx, int dxOff);

    /**
     * {@code f(x)} in double precision, for {@link #forwardExact} (the predictor's path for
     * features so large that the float forward could overflow): the same function as the
     * kernels, written with {@link Math}. The predictor also bounds the activation's outputs over
     * {@code [−m, m]} by {@code max(1, |f(m)|, |f(−m)|)}, true of every activation here; one whose
     * magnitude can exceed that bound inside the interval would need the bound changed.
     */
    public abstract double apply(double x);

    @Override
    public final void forwardExact(int inputWidth, double[] in, double[] out, float[] params, int pOff) {
        for (int i = 0; i < inputWidth; i++) {
            out[i] = apply(in[i]);
        }
    }

    /**
     * The fused small-MLP kernel's code for this activation, or −1 when that kernel does not
     * implement it (then nets using it run layer by layer).
     */
    public int fusedCode() {
        return -1;
    }

    @Override
    public float[] attributes() {
        return new float[0];
    }

    @Override
    public final int outputWidth(int inputWidth) {
        return inputWidth;
    }

    @Override
    public final int parameterCount(int inputWidth) {
        return 0;
    }

    @Override
    public final void initialise(int inputWidth, float[] params, int offset, SplittableRandom random) {
    }

    @Override
    public final boolean elementWise() {
        return true;
    }

    @Override
    public final void forward(int rows, int inputWidth, float[] in, float[] out, float[] params, int pOff,
                              ForkJoinPool pool) {
        forward(rows * inputWidth, in, 0, out, 0);
    }

    @Override
    public final void backward(int rows, int inputWidth, float[] in, float[] out, float[] dOut, float[] dIn,
                               float[] params, int pOff, float[] grad, int gOff, ForkJoinPool pool) {
        if (dIn != null) {
            backward(rows * inputWidth, in, 0, out, 0, dOut, 0, dIn, 0);
        }
    }

    /** Activations of the same kind and attributes are interchangeable. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Activation && ((Activation) o).kind() == kind()
                && Arrays.equals(((Activation) o).attributes(), attributes());
    }

    @Override
    public int hashCode() {
        return kind().code() * 31 + Arrays.hashCode(attributes());
    }
}
