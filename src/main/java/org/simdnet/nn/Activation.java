package org.simdnet.nn;

import org.simdnet.kernel.Kernels;

/**
 * The hidden-layer non-linearity {@code f} of {@code h = f(W·x + b)}. Both directions run in place
 * on contiguous rows and use only the forward <em>output</em>, so a layer keeps one buffer.
 */
public enum Activation {
    /** {@code max(x, 0)}: the lecture's two-layer net. */
    RELU,
    /** {@code tanh(x)}. */
    TANH,
    /** No non-linearity: the linear model the lecture shows failing on the spiral. */
    IDENTITY;

    /** {@code y = f(y)} over n contiguous elements. */
    public void forwardInPlace(int n, float[] y, int off) {
        switch (this) {
            case RELU:
                Kernels.ROWS.relu(n, y, off, y, off);
                break;
            case TANH:
                Kernels.ROWS.tanh(n, y, off, y, off);
                break;
            default:
                break;
        }
    }

    /** {@code dy = dy · f'(x)}, with f' computed from the forward output {@code y = f(x)}. */
    public void backwardInPlace(int n, float[] y, int yOff, float[] dy, int dyOff) {
        switch (this) {
            case RELU:
                Kernels.ROWS.reluBackward(n, y, yOff, dy, dyOff, dy, dyOff);
                break;
            case TANH:
                Kernels.ROWS.tanhBackward(n, y, yOff, dy, dyOff, dy, dyOff);
                break;
            default:
                break;
        }
    }

    /** The lower-case name used on the command line and in model files. */
    public String cliName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Parses {@code relu}, {@code tanh} or {@code identity} (any case). */
    public static Activation parse(String name) {
        for (Activation a : values()) {
            if (a.name().equalsIgnoreCase(name.trim())) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown activation '" + name + "' (expected relu, tanh or identity)");
    }
}
