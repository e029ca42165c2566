package org.simdnet.layer;

/**
 * What every head shares: its kind and display name, equality by kind (heads hold no state), at
 * least one output, and the first-maximum class of a row of outputs.
 */
abstract class AbstractHead implements Head {

    private final HeadKind kind;
    private final String displayName;

    AbstractHead(HeadKind kind, String displayName) {
        this.kind = kind;
        this.displayName = displayName;
    }

    @Override
    public final HeadKind kind() {
        return kind;
    }

    @Override
    public void checkOutputs(int outputs) {
        if (outputs < 1) {
            throw new IllegalArgumentException(displayName + " needs at least one output, got " + outputs);
        }
    }

    /** Index of the first largest of {@code y[off .. off+width)}. */
    static int firstMaximum(int width, float[] y, int off) {
        int best = 0;
        for (int c = 1; c < width; c++) {
            if (y[off + c] > y[off + best]) {
                best = c;
            }
        }
        return best;
    }

    @Override
    public final boolean equals(Object o) {
        return o instanceof Head && ((Head) o).kind() == kind;
    }

    @Override
    public final int hashCode() {
        return kind.code();
    }

    @Override
    public final String toString() {
        return displayName;
    }
}
