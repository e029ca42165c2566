package org.simdnet.nn;

import java.util.concurrent.ForkJoinPool;

import org.simdnet.kernel.Gemm;
import org.simdnet.kernel.Kernels;
import org.simdnet.kernel.RowKernels;

/**
 * Forward and backward passes of an {@link Mlp} over one shard held in a {@link Workspace}:
 * only kernel calls, no per-sample Java loops. With {@code W} stored {@code [out × in]} the three
 * GEMM forms are forward {@code Z = A·Wᵀ} (NT), weight gradient {@code dW = dZᵀ·A} (TN) and input
 * gradient {@code dA = dZ·W} (NN).
 */
public final class Backprop {

    private static final RowKernels ROWS = Kernels.ROWS;

    private Backprop() {
    }

    /**
     * Computes the logits of the {@code rows} loaded rows into {@link Workspace#output()}.
     *
     * @param gemmPool null, or a pool that large products may be split across (bit-identical)
     */
    public static void forward(Mlp mlp, Workspace ws, int rows, ForkJoinPool gemmPool) {
        float[] p = mlp.params();
        int layers = mlp.layers();
        for (int l = 0; l < layers; l++) {
            int in = mlp.width(l), out = mlp.width(l + 1);
            float[] a = ws.activations[l], z = ws.activations[l + 1];
            Gemm.sgemm(Gemm.NO_TRANS, Gemm.TRANS, rows, out, in, 1f, a, 0, in,
                    p, mlp.weightOffset(l), in, 0f, z, 0, out, gemmPool);
            ROWS.addBias(rows, out, z, 0, out, p, mlp.biasOffset(l));
            if (l + 1 < layers) {
                mlp.activation().forwardInPlace(rows * out, z, 0);
            }
        }
    }

    /**
     * Forward, softmax cross-entropy against the loaded labels, and backward: writes this shard's
     * parameter gradient into {@link Workspace#gradient()} (overwriting it) and the predicted
     * classes into the workspace.
     *
     * @param gemmPool  null, or a pool that large products may be split across (bit-identical)
     * @param batchSize rows of the whole batch this shard belongs to: loss and gradient are
     *                  divided by it, so shard results sum to the batch mean
     * @return this shard's share of the batch's mean loss
     */
    public static double lossAndGradient(Mlp mlp, Workspace ws, int rows, int batchSize,
                                         ForkJoinPool gemmPool) {
        forward(mlp, ws, rows, gemmPool);
        int layers = mlp.layers();
        int classes = mlp.outputs();
        float[] logits = ws.activations[layers];
        ROWS.argmaxRows(rows, classes, logits, 0, classes, ws.predictions, 0);
        double loss = ROWS.softmaxCrossEntropy(rows, classes, logits, 0, classes,
                ws.labels, 0, batchSize, logits, 0, classes);
        backward(mlp, ws, rows, gemmPool);
        return loss;
    }

    /**
     * Back-propagates the logits' gradient (already in {@link Workspace#output()}) through every
     * layer, writing the parameter gradient into {@link Workspace#gradient()}.
     */
    public static void backward(Mlp mlp, Workspace ws, int rows, ForkJoinPool gemmPool) {
        float[] p = mlp.params();
        float[] g = ws.gradient;
        int gOff = ws.gradientOffset;
        float[] delta = ws.activations[mlp.layers()];
        int spare = 0;
        for (int l = mlp.layers() - 1; l >= 0; l--) {
            int in = mlp.width(l), out = mlp.width(l + 1);
            float[] a = ws.activations[l];
            Gemm.sgemm(Gemm.TRANS, Gemm.NO_TRANS, out, in, rows, 1f, delta, 0, out, a, 0, in,
                    0f, g, gOff + mlp.weightOffset(l), in, gemmPool);
            ROWS.columnSums(rows, out, delta, 0, out, g, gOff + mlp.biasOffset(l), false);
            if (l > 0) {
                float[] next = ws.deltas[spare];
                spare ^= 1;
                Gemm.sgemm(Gemm.NO_TRANS, Gemm.NO_TRANS, rows, in, out, 1f, delta, 0, out,
                        p, mlp.weightOffset(l), in, 0f, next, 0, in, gemmPool);
                mlp.activation().backwardInPlace(rows * in, a, 0, next, 0);
                delta = next;
            }
        }
    }
}
