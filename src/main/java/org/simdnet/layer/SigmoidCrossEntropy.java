package org.simdnet.layer;

/**
 * A sigmoid per output with binary cross-entropy against a target in [0, 1], computed from the
 * logits, PyTorch's {@code nn.BCEWithLogitsLoss()} (mean over every row and output): binary
 * classification with one output, multi-label with several. Predictions are the per-output
 * probabilities; an output counts as right when it falls on the same side of 0.5 as its target.
 * Plain Java in double for the same reason as {@link MeanSquaredError}.
 */
public final class SigmoidCrossEntropy extends AbstractHead {

    /** File code 3. */
    public static final HeadKind KIND = new HeadKind("sigmoid_bce", 3, SigmoidCrossEntropy::new, "Sigmoid");

    public SigmoidCrossEntropy() {
        super(KIND, "SigmoidCrossEntropy");
    }

    @Override
    public boolean usesLabels() {
        return false;
    }

    @Override
    public boolean classifies() {
        return true;
    }

    @Override
    public void checkTargets(int rows, int width, int[] labels, float[] targets) {
        Targets.checkFloats(rows, width, targets, true);
    }

    /**
     * Per output {@code max(z, 0) − z·t + log(1 + e^−|z|)} (finite for any finite z) and
     * {@code dz = (σ(z) − t) / (batch·width)}.
     */
    @Override
    public double lossAndGradient(int rows, int width, float[] z, int[] labels, float[] targets, int batchSize,
                                  float[] dz, int[] predictions, double[] hitsOut) {
        double count = (double) batchSize * width;
        double loss = 0;
        long right = 0;
        int n = rows * width;
        for (int i = 0; i < n; i++) {
            double x = z[i];
            double t = targets[i];
            loss += Math.max(x, 0) - x * t + Math.log1p(Math.exp(-Math.abs(x)));
            right += (x > 0) == (t > 0.5) ? 1 : 0;
            dz[i] = (float) ((sigmoid(x) - t) / count);
        }
        hitsOut[0] = (double) right / width;
        return loss / count;
    }

    @Override
    public void outputs(int rows, int width, float[] z, int zOff, float[] y, int yOff) {
        int n = rows * width;
        for (int i = 0; i < n; i++) {
            y[yOff + i] = (float) sigmoid(z[zOff + i]);
        }
    }

    @Override
    public void outputsExact(int width, double[] z, float[] y, int yOff) {
        for (int i = 0; i < width; i++) {
            y[yOff + i] = (float) sigmoid(z[i]);
        }
    }

    @Override
    public int predictedClass(int width, float[] y, int yOff) {
        if (width == 1) {
            return y[yOff] > 0.5f ? 1 : 0;
        }
        return firstMaximum(width, y, yOff);
    }

    private static double sigmoid(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
    }
}
