package org.simdnet.nn;

import org.simdnet.kernel.Kernels;
import org.simdnet.kernel.SmallMlpKernel;
import org.simdnet.layer.Activation;
import org.simdnet.layer.Dense;
import org.simdnet.layer.SoftmaxCrossEntropy;

/**
 * Decides whether a model runs on the fused {@link SmallMlpKernel} instead of layer by layer: it
 * does when its layers match the kernel's pattern, {@code Dense(in ≤ 8, h ≤ 65536) → activation →
 * Dense(h, out ≤ 16)} + softmax cross-entropy, with an activation the kernel implements (the
 * activation says so through {@link Activation#fusedCode()}), and the vector kernels are in use.
 * {@code -Dsimdnet.fused=false} turns it off, to compare the two paths (read by {@link Kernels}).
 */
public final class FusedPath {

    static final SmallMlpKernel KERNEL = Kernels.SMALL_MLP;

    private FusedPath() {
    }

    /** True when {@code mlp}'s training and batch inference run on the fused kernel. */
    public static boolean applies(Mlp mlp) {
        return KERNEL != null && mlp.layerCount() == 3
                && mlp.layer(0) instanceof Dense && mlp.layer(1) instanceof Activation && mlp.layer(2) instanceof Dense
                && ((Activation) mlp.layer(1)).fusedCode() >= 0
                && mlp.head() instanceof SoftmaxCrossEntropy
                && mlp.inputs() <= SmallMlpKernel.MAX_INPUTS && mlp.outputs() <= SmallMlpKernel.MAX_CLASSES
                && mlp.widthBefore(1) <= SmallMlpKernel.MAX_HIDDEN;
    }

    /**
     * Asks for the fused kernel's inference operations on {@code mlp}'s shape to be compiled in
     * the background ({@link org.simdnet.kernel.KernelWarmUp}); nothing when the model does not take it.
     */
    public static void expectInference(Mlp mlp) {
        if (applies(mlp)) {
            KERNEL.expect(mlp.inputs(), hidden(mlp), mlp.outputs(), activationCode(mlp), false);
        }
    }

    /**
     * Asks for the fused kernel's training pass on {@code mlp}'s shape to be compiled in the
     * background ({@link org.simdnet.kernel.KernelWarmUp}); nothing when the model does not take it.
     */
    public static void expectTraining(Mlp mlp) {
        if (applies(mlp)) {
            KERNEL.expect(mlp.inputs(), hidden(mlp), mlp.outputs(), activationCode(mlp), true);
        }
    }

    /** The kernel's code of the model's activation (only when {@link #applies}). */
    static int activationCode(Mlp mlp) {
        return ((Activation) mlp.layer(1)).fusedCode();
    }

    /** The hidden width (only when {@link #applies}). */
    static int hidden(Mlp mlp) {
        return mlp.widthBefore(1);
    }

    /**
     * Scratch the fused kernel needs for {@code mlp}, or null when it does not apply. Made once
     * per workspace or predictor.
     */
    static float[] scratchFor(Mlp mlp) {
        if (!applies(mlp)) {
            return null;
        }
        return new float[KERNEL.scratchSize(mlp.inputs(), hidden(mlp), mlp.outputs())];
    }

    /** {@link Backprop#shard} on the fused kernel. */
    static double lossAndGradient(Mlp mlp, Workspace ws, float[] x, int[] labels, int[] order, int from, int rows,
                                  int batchSize, double[] correctOut) {
        int[] correct = ws.predictions;    // the kernel reports through an int[1]; reuse a workspace array
        double loss = KERNEL.lossAndGradient(mlp.inputs(), hidden(mlp), mlp.outputs(), activationCode(mlp),
                mlp.params(), 0, x, order, from, rows, labels, batchSize, ws.gradient, ws.gradientOffset,
                ws.fusedScratch, correct);
        correctOut[0] = correct[0];
        return loss;
    }
}
