package org.simdnet.layer;

/**
 * The loss at the end of a model: how its last layer's outputs {@code z} are scored against the
 * targets in training (loss and {@code dL/dz}), and what a prediction reports (probabilities or
 * values). A head holds no per-pass state.
 *
 * <p>Targets are either class labels, one int per row ({@link #usesLabels()}), or
 * {@code rows × width} floats, row-major.
 */
public interface Head {

    /** The kind: name and stable file code. */
    HeadKind kind();

    /** True when targets are class labels, false when they are floats, one per output. */
    boolean usesLabels();

    /** True when predictions are classes (an accuracy means something). */
    boolean classifies();

    /** @throws IllegalArgumentException when a model with this many outputs cannot end in this head */
    void checkOutputs(int outputs);

    /**
     * @throws IllegalArgumentException naming the first bad row (and column) when a target is out
     *                                  of range: a label outside {@code [0, width)}, a non-finite
     *                                  value, a probability outside [0, 1]
     */
    void checkTargets(int rows, int width, int[] labels, float[] targets);

    /**
     * Loss of {@code rows} rows of a batch of {@code batchSize} (so shard results sum to the batch
     * mean) and its gradient {@code dz} (may be {@code z} itself, in place).
     *
     * @param predictions scratch of at least {@code rows} ints
     * @param hitsOut     {@code hitsOut[0]} receives the rows predicted right (fractional for
     *                    multi-label heads: the share of right outputs in each row); 0 for
     *                    regression
     * @return this shard's share of the batch-mean loss, summed in double
     */
    double lossAndGradient(int rows, int width, float[] z, int[] labels, float[] targets, int batchSize,
                           float[] dz, int[] predictions, double[] hitsOut);

    /** What a prediction reports for {@code rows} rows of {@code z}: probabilities, or the values. */
    void outputs(int rows, int width, float[] z, int zOff, float[] y, int yOff);

    /**
     * {@link #outputs} of one row of logits given in double precision: the predictor's fallback
     * for a sample whose float forward overflowed. Logits that are finite in double (however
     * large) give what the float path would give without the overflow.
     */
    void outputsExact(int width, double[] z, float[] y, int yOff);

    /**
     * The class a row of {@link #outputs} stands for: the first most probable class, the side of
     * 0.5 for a single sigmoid output (0 or 1), or −1 for a regression head.
     */
    int predictedClass(int width, float[] y, int yOff);
}
