package org.simdnet;

import java.time.Duration;

import org.simdnet.nn.Mlp;

/**
 * Inference for a service: a model's outputs (class probabilities, or regression values) for one
 * sample or a batch. Thread-safe: share one predictor across request threads. It serves a
 * snapshot of the model's parameters taken when it was made, and allocates nothing per call in
 * steady state (each caller passes its own output buffers).
 *
 * <p>It is fast from its first call: until the JIT has compiled the vector kernels, calls run on
 * scalar twins that give the same bits, and a background thread switches them over once the
 * vector code is compiled (see {@link #warmUp(Duration)}). A prediction's bits never depend on
 * which path made it.
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

    /**
     * Makes the predictor's fastest path ready now, for a service that wants its full speed
     * before it takes traffic: waits until the background warm-up has compiled the vector
     * kernels this model uses and switched to them (about a second on a two-core machine, the
     * warm-up running flat out once someone waits), or, for models that run layer by layer,
     * runs predictions on synthetic samples until the JIT has compiled that path. Optional:
     * calls made before or during it are correct and already fast, only not yet at full speed.
     *
     * @param timeout the longest wait
     * @return true when the fastest path is ready, false when the time ran out first (the
     *         predictor keeps working, and keeps getting faster in the background)
     * @throws IllegalArgumentException when the timeout is negative
     */
    public boolean warmUp(Duration timeout) {
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative, got " + timeout);
        }
        return inner.warmUp(timeout.toMillis());
    }
}
