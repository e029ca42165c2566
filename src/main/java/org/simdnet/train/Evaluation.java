package org.simdnet.train;

import org.simdnet.nn.Backprop;
import org.simdnet.nn.FusedPath;
import org.simdnet.nn.Mlp;
import org.simdnet.nn.Workspace;

/** The mean loss and accuracy of a model over a data set, forward passes only. */
public final class Evaluation {

    private static final int CHUNK_ROWS = 1024;

    private final double loss;
    private final double accuracy;

    private Evaluation(double loss, double accuracy) {
        this.loss = loss;
        this.accuracy = accuracy;
    }

    /**
     * Evaluates a label-head model on {@code rows} rows of {@code x} ({@code rows × inputs})
     * against {@code labels}.
     */
    public static Evaluation of(Mlp mlp, float[] x, int[] labels, int rows) {
        return of(mlp, x, labels, null, rows);
    }

    /** Evaluates a float-target model against {@code targets} ({@code rows × outputs}). */
    public static Evaluation of(Mlp mlp, float[] x, float[] targets, int rows) {
        return of(mlp, x, null, targets, rows);
    }

    static Evaluation of(Mlp mlp, float[] x, int[] labels, float[] targets, int rows) {
        Trainer.checkData(mlp, x, labels, targets, rows);
        int chunk = Workspace.chunkRows(mlp, Math.max(1, Math.min(CHUNK_ROWS, rows)));
        Workspace ws = new Workspace(mlp, chunk);
        int outputs = mlp.outputs();
        float[] gradient = new float[ws.capacity() * outputs];
        double[] hits = new double[1];
        double loss = 0;
        double correct = 0;
        boolean fused = labels != null && FusedPath.applies(mlp);
        for (int from = 0; from < rows; from += chunk) {
            int n = Math.min(chunk, rows - from);
            if (fused) {
                // The fused kernel, as training ran: it has the scalar twin that is fast before
                // C2 compiles the vector code (the final evaluation of a short run is that early).
                loss += Backprop.shard(mlp, ws, x, labels, null, null, from, n, rows, null, hits);
                correct += hits[0];
                continue;
            }
            ws.load(x, mlp.inputs(), labels, targets, outputs, null, from, n);
            Backprop.forward(mlp, ws, n, null);
            loss += mlp.head().lossAndGradient(n, outputs, ws.output(), ws.labels(), ws.targets(), rows, gradient,
                    ws.predictions(), hits);
            correct += hits[0];
        }
        return new Evaluation(loss, rows == 0 || !mlp.head().classifies() ? Double.NaN : correct / rows);
    }

    /** The head's mean loss (cross-entropy, or mean squared error). */
    public double loss() {
        return loss;
    }

    /** Fraction of rows predicted right (of outputs, for multi-label); NaN for regression. */
    public double accuracy() {
        return accuracy;
    }
}
