package org.simdnet.nn;

import org.simdnet.kernel.Kernels;
import org.simdnet.kernel.SmallMlpKernel;

/**
 * Decides whether an MLP runs on the fused {@link SmallMlpKernel} (one hidden layer, narrow input
 * and output, vector kernels in use) instead of layer-by-layer GEMMs. {@code -Dsimdnet.fused=false}
 * turns it off, to compare the two paths.
 */
public final class FusedPath {

    static final SmallMlpKernel KERNEL = Boolean.parseBoolean(System.getProperty("simdnet.fused", "true"))
            ? Kernels.SMALL_MLP : null;

    private FusedPath() {
    }

    /** True when {@code mlp}'s training and batch inference run on the fused kernel. */
    public static boolean applies(Mlp mlp) {
        return KERNEL != null && mlp.layers() == 2
                && mlp.inputs() <= SmallMlpKernel.MAX_INPUTS && mlp.outputs() <= SmallMlpKernel.MAX_CLASSES;
    }

    static int activationCode(Activation a) {
        switch (a) {
            case RELU:
                return SmallMlpKernel.RELU;
            case TANH:
                return SmallMlpKernel.TANH;
            default:
                return SmallMlpKernel.IDENTITY;
        }
    }

    /** Scratch the fused kernel needs for {@code mlp}, or null when it does not apply. */
    static float[] scratchFor(Mlp mlp) {
        return applies(mlp) ? new float[KERNEL.scratchSize(mlp.inputs(), mlp.width(1), mlp.outputs())] : null;
    }
}
