package org.simdnet.layer;

/** Checks of float targets shared by the heads that take them. */
final class Targets {

    private Targets() {
    }

    /** Every value finite (and in [0, 1] when {@code probabilities}); the message names row and column. */
    static void checkFloats(int rows, int width, float[] targets, boolean probabilities) {
        if (targets == null || targets.length < (long) rows * width) {
            throw new IllegalArgumentException("targets must hold " + rows + "×" + width + " floats but hold "
                    + (targets == null ? "null" : targets.length + ""));
        }
        for (int i = 0; i < rows * width; i++) {
            float t = targets[i];
            if (!Float.isFinite(t) || probabilities && !(t >= 0f && t <= 1f)) {
                throw new IllegalArgumentException("target " + t + " of row " + i / width + ", column " + i % width
                        + (probabilities ? " is outside [0, 1]" : " is not finite"));
            }
        }
    }
}
