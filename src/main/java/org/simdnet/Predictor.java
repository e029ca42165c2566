package org.simdnet;

import org.simdnet.nn.Mlp;

/**
 * Inference for a service: a model's outputs (class probabilities, or regression values) for one
 * sample or a batch. Thread-safe: share one predictor across request threads. It serves a
 * snapshot of the model's parameters taken when it was made, and allocates nothing per call in
 * steady state (each caller passes its own output buffers).
 */
public final class Predictor {

    private final org.simdnet.nn.Predictor inner;

    Predictor(Mlp mlp) {
        this.inner = new org.simdnet.nn.Predictor(mlp);
    }

    /**
     * Features one sample has.
     *
     * @return the model's input width
     */
    public int inputs() {
        return inner.inputs();
    }

    /**
     * Outputs one sample gets: classes of a classifier, values of a regression model.
     *
     * @return the model's output width
     */
    public int outputs() {
        return inner.outputs();
    }

    /**
     * Predicts one sample.
     *
     * @param x          {@link #inputs()} features (extra elements are ignored)
     * @param outputsOut receives the {@link #outputs()} outputs: class probabilities (softmax, or a
     *                   sigmoid per output), or the regression values
     * @return the predicted class (the first most probable; for one sigmoid output, 1 when its
     *         probability exceeds 0.5), or −1 for a regression model
     * @throws IllegalArgumentException when an array is null or too short
     */
    public int predict(float[] x, float[] outputsOut) {
        return inner.predict(x, outputsOut);
    }

    /**
     * Predicts {@code rows} samples.
     *
     * @param x          {@code rows × inputs()} features, row-major
     * @param rows       samples
     * @param outputsOut receives {@code rows × outputs()} outputs, row-major
     * @param classesOut receives the {@code rows} predicted classes (−1 for regression)
     * @throws IllegalArgumentException when an array is null or too short
     */
    public void predictBatch(float[] x, int rows, float[] outputsOut, int[] classesOut) {
        inner.predictBatch(x, rows, outputsOut, classesOut);
    }
}
