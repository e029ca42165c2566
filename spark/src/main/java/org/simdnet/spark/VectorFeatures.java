package org.simdnet.spark;

import org.apache.spark.ml.linalg.Vector;

/** Copies an ml Vector's features into the float rows the core scores, or says what is wrong. */
final class VectorFeatures {

    private VectorFeatures() {
    }

    /**
     * Copies {@code vector} into {@code x} at {@code offset} as floats (the core computes in float).
     *
     * @param vector the features, maybe null
     * @param inputs the model's input width
     * @param x      the destination
     * @param offset where the row starts in {@code x}
     * @return null when copied, else what is wrong, to follow the column's name: "is null",
     *         "has a vector of size 3, the model takes 2 inputs", "has NaN at index 1"
     */
    static String copy(Vector vector, int inputs, float[] x, int offset) {
        if (vector == null) {
            return "is null";
        }
        if (vector.size() != inputs) {
            return "has a vector of size " + vector.size() + ", the model takes " + inputs + " inputs";
        }
        for (int j = 0; j < inputs; j++) {
            float f = (float) vector.apply(j);
            if (!Float.isFinite(f)) {
                return "has " + f + " at index " + j;
            }
            x[offset + j] = f;
        }
        return null;
    }
}
