package org.simdnet.spark;

import java.io.Serializable;

/** One training row, parsed and checked: its index in the input's order, features and label or targets. */
final class Example implements Serializable {

    private static final long serialVersionUID = 1L;

    final int row;
    final float[] x;
    final int label;
    final float[] targets;

    Example(int row, float[] x, int label, float[] targets) {
        this.row = row;
        this.x = x;
        this.label = label;
        this.targets = targets;
    }
}
