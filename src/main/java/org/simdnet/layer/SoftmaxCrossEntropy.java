package org.simdnet.layer;

import org.simdnet.kernel.Kernels;

/**
 * Softmax over the outputs with cross-entropy against a class label, PyTorch's
 * {@code nn.CrossEntropyLoss()} (mean over rows): the classification head. Predictions are the
 * class probabilities; the predicted class is the first most probable.
 */
public final class SoftmaxCrossEntropy extends AbstractHead {

    /** File code 1. */
    public static final HeadKind KIND = new HeadKind("softmax_cross_entropy", 1, SoftmaxCrossEntropy::new, "Softmax");

    public SoftmaxCrossEntropy() {
        super(KIND, "SoftmaxCrossEntropy");
    }

    @Override
    public boolean usesLabels() {
        return true;
    }

    @Override
    public boolean classifies() {
        return true;
    }

    @Override
    public void checkTargets(int rows, int width, int[] labels, float[] targets) {
        if (labels == null || labels.length < rows) {
            throw new IllegalArgumentException("labels must hold " + rows + " entries but hold "
                    + (labels == null ? "null" : labels.length + ""));
        }
        for (int i = 0; i < rows; i++) {
            if (labels[i] < 0 || labels[i] >= width) {
                throw new IllegalArgumentException("label " + labels[i] + " of row " + i + " is outside [0, "
                        + width + ") for a model with " + width + " outputs");
            }
        }
    }

    @Override
    public double lossAndGradient(int rows, int width, float[] z, int[] labels, float[] targets, int batchSize,
                                  float[] dz, int[] predictions, double[] hitsOut) {
        Kernels.ROWS.argmaxRows(rows, width, z, 0, width, predictions, 0);
        int hits = 0;
        for (int r = 0; r < rows; r++) {
            hits += predictions[r] == labels[r] ? 1 : 0;
        }
        hitsOut[0] = hits;
        return Kernels.ROWS.softmaxCrossEntropy(rows, width, z, 0, width, labels, 0, batchSize, dz, 0, width);
    }

    @Override
    public void outputs(int rows, int width, float[] z, int zOff, float[] y, int yOff) {
        Kernels.ROWS.softmaxRows(rows, width, z, zOff, width, y, yOff, width);
    }

    /**
     * The softmax in double, shifted by the largest logit. Should the largest be infinite even in
     * double, the logits equal to it share the whole probability (all of them, when every logit
     * is −∞).
     */
    @Override
    public void outputsExact(int width, double[] z, float[] y, int yOff) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < width; c++) {
            max = Math.max(max, z[c]);
        }
        boolean limit = Double.isInfinite(max);
        double sum = 0;
        for (int c = 0; c < width; c++) {
            sum += limit ? (z[c] == max ? 1 : 0) : Math.exp(z[c] - max);
        }
        for (int c = 0; c < width; c++) {
            double e = limit ? (z[c] == max ? 1 : 0) : Math.exp(z[c] - max);
            y[yOff + c] = (float) (e / sum);
        }
    }

    @Override
    public int predictedClass(int width, float[] y, int yOff) {
        return firstMaximum(width, y, yOff);
    }
}
