package org.simdnet.nn;

import java.util.concurrent.ForkJoinPool;

import org.simdnet.layer.Layer;

/**
 * Forward and backward passes of an {@link Mlp} over one shard held in a {@link Workspace}: each
 * layer's own kernels, layer after layer, no per-sample Java loops. Models that match the fused
 * small-MLP kernel's pattern take it instead ({@link FusedPath}).
 */
public final class Backprop {

    private Backprop() {
    }

    /**
     * Computes the outputs of the {@code rows} loaded rows into {@link Workspace#output()}.
     *
     * @param gemmPool null, or a pool that large products may be split across (bit-identical)
     */
    public static void forward(Mlp mlp, Workspace ws, int rows, ForkJoinPool gemmPool) {
        float[] p = mlp.params();
        int n = mlp.layerCount();
        for (int i = 0; i < n; i++) {
            mlp.layer(i).forward(rows, mlp.widthBefore(i), ws.activations[i], ws.activations[i + 1],
                    p, mlp.parameterOffset(i), gemmPool);
        }
    }

    /**
     * Forward, the head's loss against the loaded targets, and backward: writes this shard's
     * parameter gradient into {@link Workspace#gradient()} (overwriting it) and, for
     * classification heads, the predicted classes into the workspace.
     *
     * @param gemmPool  null, or a pool that large products may be split across (bit-identical)
     * @param batchSize rows of the whole batch this shard belongs to: loss and gradient are
     *                  divided by it, so shard results sum to the batch mean
     * @return this shard's share of the batch's mean loss
     */
    public static double lossAndGradient(Mlp mlp, Workspace ws, int rows, int batchSize, ForkJoinPool gemmPool) {
        forward(mlp, ws, rows, gemmPool);
        float[] z = ws.output();
        float[] dz = ws.headGradientInPlace ? z : ws.deltas[0];
        double loss = mlp.head().lossAndGradient(rows, mlp.outputs(), z, ws.labels, ws.targets, batchSize,
                dz, ws.predictions, ws.hits);
        backward(mlp, ws, rows, gemmPool);
        return loss;
    }

    /**
     * One shard of a batch, end to end: rows {@code order[from .. from+rows)} of {@code x} (or
     * {@code from .. from+rows)} with a null order) through forward, loss and backward, leaving the
     * shard's gradient in the workspace. Nets the fused kernel suits take it (no gathering, no
     * activation buffers); others load the rows and run layer by layer.
     *
     * @param labels     class labels (label heads), else null
     * @param targets    {@code outputs} floats per row (float-target heads), else null
     * @param correctOut {@code correctOut[0]} receives how many rows were predicted right
     *                   (fractional for multi-label heads)
     * @return this shard's share of the batch's mean loss
     */
    public static double shard(Mlp mlp, Workspace ws, float[] x, int[] labels, float[] targets, int[] order,
                               int from, int rows, int batchSize, ForkJoinPool gemmPool, double[] correctOut) {
        if (ws.fusedScratch != null) {
            return FusedPath.lossAndGradient(mlp, ws, x, labels, order, from, rows, batchSize, correctOut);
        }
        ws.load(x, mlp.inputs(), labels, targets, mlp.outputs(), order, from, rows);
        double loss = lossAndGradient(mlp, ws, rows, batchSize, gemmPool);
        correctOut[0] = ws.hits[0];
        return loss;
    }

    /**
     * Back-propagates the outputs' gradient (left by the head, in place or in the first delta
     * buffer) through every layer, writing the parameter gradient into
     * {@link Workspace#gradient()}.
     */
    public static void backward(Mlp mlp, Workspace ws, int rows, ForkJoinPool gemmPool) {
        float[] p = mlp.params();
        float[] g = ws.gradient;
        int gOff = ws.gradientOffset;
        float[] delta = ws.headGradientInPlace ? ws.output() : ws.deltas[0];
        int spare = ws.headGradientInPlace ? 0 : 1;
        for (int i = mlp.layerCount() - 1; i >= 0; i--) {
            Layer layer = mlp.layer(i);
            float[] in = ws.activations[i], out = ws.activations[i + 1];
            int width = mlp.widthBefore(i), off = mlp.parameterOffset(i);
            if (layer.elementWise()) {
                layer.backward(rows, width, in, out, delta, i > 0 ? delta : null, p, off, g, gOff + off, gemmPool);
            } else {
                float[] next = i > 0 ? ws.deltas[spare] : null;
                layer.backward(rows, width, in, out, delta, next, p, off, g, gOff + off, gemmPool);
                if (next != null) {
                    delta = next;
                    spare ^= 1;
                }
            }
        }
    }
}
