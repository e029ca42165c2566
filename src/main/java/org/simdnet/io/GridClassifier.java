package org.simdnet.io;

/**
 * Classifies a batch of 2-D points; what {@link Plots#decisionBoundary} needs from a model,
 * without {@code io} depending on {@code nn}. A trained net implements it with one forward pass
 * and an argmax per row.
 */
@FunctionalInterface
public interface GridClassifier {

    /**
     * Writes the class of each point to {@code classesOut}.
     *
     * @param xy {@code n × 2} points, row-major: point {@code i} is {@code (xy[2i], xy[2i+1])}
     * @param n number of points
     * @param classesOut receives {@code n} class indices in {@code [0, classes)}
     */
    void classify(float[] xy, int n, int[] classesOut);
}
