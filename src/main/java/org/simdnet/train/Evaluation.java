package org.simdnet.train;

import org.simdnet.kernel.Kernels;
import org.simdnet.nn.Backprop;
import org.simdnet.nn.Mlp;
import org.simdnet.nn.Workspace;

/** Mean cross-entropy and accuracy of a model over a labelled data set, forward passes only. */
public final class Evaluation {

    private static final int CHUNK_ROWS = 1024;

    private final double loss;
    private final double accuracy;

    private Evaluation(double loss, double accuracy) {
        this.loss = loss;
        this.accuracy = accuracy;
    }

    /**
     * Evaluates {@code mlp} on {@code rows} rows of {@code x} ({@code rows × inputs}) against
     * {@code labels}.
     */
    public static Evaluation of(Mlp mlp, float[] x, int[] labels, int rows) {
        Trainer.checkData(mlp, x, labels, rows);
        Workspace ws = new Workspace(mlp, Math.max(1, Math.min(CHUNK_ROWS, rows)));
        int classes = mlp.outputs();
        double loss = 0;
        long correct = 0;
        for (int from = 0; from < rows; from += CHUNK_ROWS) {
            int n = Math.min(CHUNK_ROWS, rows - from);
            ws.load(x, mlp.inputs(), labels, null, from, n);
            Backprop.forward(mlp, ws, n, null);
            float[] logits = ws.output();
            Kernels.ROWS.argmaxRows(n, classes, logits, 0, classes, ws.predictions(), 0);
            for (int r = 0; r < n; r++) {
                correct += ws.predictions()[r] == ws.labels()[r] ? 1 : 0;
            }
            loss += Kernels.ROWS.softmaxCrossEntropy(n, classes, logits, 0, classes, ws.labels(), 0, rows,
                    logits, 0, classes);
        }
        return new Evaluation(loss, rows == 0 ? 0 : (double) correct / rows);
    }

    /** Mean cross-entropy (negative log-likelihood). */
    public double loss() {
        return loss;
    }

    /** Fraction of rows whose most probable class is the label. */
    public double accuracy() {
        return accuracy;
    }
}
