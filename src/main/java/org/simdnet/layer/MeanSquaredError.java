package org.simdnet.layer;

/**
 * Mean squared error against float targets, PyTorch's {@code nn.MSELoss()} (mean over every row
 * and output): the regression head, any number of outputs. Predictions are the outputs
 * themselves. The head's work is {@code rows × outputs} operations next to the layers' GEMMs, so
 * it stays plain Java; the loss is summed in double in row order, the same for any thread count.
 */
public final class MeanSquaredError extends AbstractHead {

    /** File code 2. */
    public static final HeadKind KIND = new HeadKind("mse", 2, MeanSquaredError::new);

    public MeanSquaredError() {
        super(KIND, "MeanSquaredError");
    }

    @Override
    public boolean usesLabels() {
        return false;
    }

    @Override
    public boolean classifies() {
        return false;
    }

    @Override
    public void checkTargets(int rows, int width, int[] labels, float[] targets) {
        Targets.checkFloats(rows, width, targets, false);
    }

    /** {@code L = Σ (z − t)² / (batch·width)}, {@code dz = (2 / (batch·width))·(z − t)}, as PyTorch rounds it. */
    @Override
    public double lossAndGradient(int rows, int width, float[] z, int[] labels, float[] targets, int batchSize,
                                  float[] dz, int[] predictions, double[] hitsOut) {
        double count = (double) batchSize * width;
        float scale = (float) (2.0 / count);
        double loss = 0;
        int n = rows * width;
        for (int i = 0; i < n; i++) {
            float d = z[i] - targets[i];
            loss += (double) d * d;
            dz[i] = scale * d;
        }
        hitsOut[0] = 0;
        return loss / count;
    }

    @Override
    public void outputs(int rows, int width, float[] z, int zOff, float[] y, int yOff) {
        if (z != y || zOff != yOff) {
            System.arraycopy(z, zOff, y, yOff, rows * width);
        }
    }

    /** The values, rounded to float (±∞ where they exceed its range). */
    @Override
    public void outputsExact(int width, double[] z, float[] y, int yOff) {
        for (int i = 0; i < width; i++) {
            y[yOff + i] = (float) z[i];
        }
    }

    @Override
    public int predictedClass(int width, float[] y, int yOff) {
        return -1;
    }
}
