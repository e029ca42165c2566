package org.simdnet.layer;

import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;

import org.simdnet.kernel.Gemm;
import org.simdnet.kernel.Kernels;
import org.simdnet.onnx.OnnxForms;

/**
 * A fully connected layer {@code z = x·Wᵀ + b}, PyTorch's {@code nn.Linear(in, out)}: {@code W}
 * is {@code [out × in]} row-major, then {@code b [out]}, in the model's parameter array. With that
 * layout the three GEMM forms are forward {@code Z = X·Wᵀ} (NT), weight gradient
 * {@code dW = dZᵀ·X} (TN) and input gradient {@code dX = dZ·W} (NN).
 */
public final class Dense implements Layer {

    /** File code 1. */
    public static final LayerKind KIND = new LayerKind("dense", 1, new float[0], false,
            (in, out, attributes) -> new Dense(in, out), OnnxForms.gemm());

    private final int in;
    private final int out;

    /**
     * @throws IllegalArgumentException when a width is below 1
     */
    public Dense(int in, int out) {
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException("Dense widths must be >= 1, got Dense(" + in + ", " + out + ")");
        }
        this.in = in;
        this.out = out;
    }

    /** Fan-in. */
    public int in() {
        return in;
    }

    /** Fan-out. */
    public int out() {
        return out;
    }

    @Override
    public LayerKind kind() {
        return KIND;
    }

    @Override
    public float[] attributes() {
        return new float[0];
    }

    @Override
    public int outputWidth(int inputWidth) {
        if (inputWidth != in) {
            throw new IllegalArgumentException(this + " cannot take " + inputWidth + " inputs");
        }
        return out;
    }

    @Override
    public int parameterCount(int inputWidth) {
        long count = (long) in * out + out;
        if (count > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(this + " needs more than 2^31 parameters");
        }
        return (int) count;
    }

    /** PyTorch's default: every {@code W} and {@code b} uniform in {@code ±1/√in}, W first. */
    @Override
    public void initialise(int inputWidth, float[] params, int offset, SplittableRandom random) {
        double bound = 1.0 / Math.sqrt(in);
        int end = offset + parameterCount(inputWidth);
        for (int i = offset; i < end; i++) {
            params[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
        }
    }

    @Override
    public boolean backwardReadsInput() {
        return true;
    }

    @Override
    public boolean backwardReadsOutput() {
        return false;
    }

    @Override
    public boolean elementWise() {
        return false;
    }

    @Override
    public void forward(int rows, int inputWidth, float[] x, float[] z, float[] params, int pOff, ForkJoinPool pool) {
        Gemm.sgemm(Gemm.NO_TRANS, Gemm.TRANS, rows, out, in, 1f, x, 0, in, params, pOff, in, 0f, z, 0, out, pool);
        Kernels.ROWS.addBias(rows, out, z, 0, out, params, pOff + in * out);
    }

    /** {@code z[o] = b[o] + Σ_i W[o][i]·x[i]}, in double. */
    @Override
    public void forwardExact(int inputWidth, double[] x, double[] z, float[] params, int pOff) {
        int bias = pOff + in * out;
        for (int o = 0; o < out; o++) {
            double sum = params[bias + o];
            int row = pOff + o * in;
            for (int i = 0; i < in; i++) {
                sum += params[row + i] * x[i];
            }
            z[o] = sum;
        }
    }

    @Override
    public void backward(int rows, int inputWidth, float[] x, float[] z, float[] dZ, float[] dX,
                         float[] params, int pOff, float[] grad, int gOff, ForkJoinPool pool) {
        Gemm.sgemm(Gemm.TRANS, Gemm.NO_TRANS, out, in, rows, 1f, dZ, 0, out, x, 0, in, 0f, grad, gOff, in, pool);
        Kernels.ROWS.columnSums(rows, out, dZ, 0, out, grad, gOff + in * out, false);
        if (dX != null) {
            Gemm.sgemm(Gemm.NO_TRANS, Gemm.NO_TRANS, rows, in, out, 1f, dZ, 0, out, params, pOff, in, 0f, dX, 0, in, pool);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Dense && ((Dense) o).in == in && ((Dense) o).out == out;
    }

    @Override
    public int hashCode() {
        return 31 * in + out;
    }

    @Override
    public String toString() {
        return "Dense(" + in + ", " + out + ")";
    }
}
