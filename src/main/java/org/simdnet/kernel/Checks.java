package org.simdnet.kernel;

/**
 * Argument checks shared by the public kernel entry points. Every message names the operand and
 * its shape, so a caller can tell which argument was wrong without a debugger.
 */
public final class Checks {

    private Checks() {
    }

    /** Fails unless {@code value >= 0}. */
    public static void nonNegative(String name, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must be >= 0, got " + value);
        }
    }

    /**
     * Fails unless {@code array} holds a {@code rows×cols} row-major matrix at {@code off} with
     * row stride {@code ld >= cols}.
     */
    public static void matrix(String name, float[] array, int off, int rows, int cols, int ld) {
        if (array == null) {
            throw new IllegalArgumentException(name + " (" + rows + "×" + cols + ") is null");
        }
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException(name + " has a negative shape " + rows + "×" + cols);
        }
        if (ld < Math.max(1, cols)) {
            throw new IllegalArgumentException(name + " is " + rows + "×" + cols
                    + " but its leading dimension is " + ld + " (must be >= " + Math.max(1, cols) + ")");
        }
        if (off < 0) {
            throw new IllegalArgumentException(name + " has a negative offset " + off);
        }
        long needed = extent(rows, cols, ld);
        if (off + needed > array.length) {
            throw new IllegalArgumentException(name + " is " + rows + "×" + cols + " (offset " + off
                    + ", leading dimension " + ld + ") and needs " + (off + needed)
                    + " elements but the array holds " + array.length);
        }
    }

    /** Fails unless {@code array} holds {@code n} elements from {@code off}. */
    public static void vector(String name, float[] array, int off, int n) {
        if (array == null) {
            throw new IllegalArgumentException(name + " (length " + n + ") is null");
        }
        if (n < 0) {
            throw new IllegalArgumentException(name + " has a negative length " + n);
        }
        if (off < 0 || (long) off + n > array.length) {
            throw new IllegalArgumentException(name + " needs " + n + " elements from offset " + off
                    + " but the array holds " + array.length);
        }
    }

    /** Fails unless {@code array} holds {@code n} ints from {@code off}. */
    public static void vector(String name, int[] array, int off, int n) {
        if (array == null) {
            throw new IllegalArgumentException(name + " (length " + n + ") is null");
        }
        if (n < 0) {
            throw new IllegalArgumentException(name + " has a negative length " + n);
        }
        if (off < 0 || (long) off + n > array.length) {
            throw new IllegalArgumentException(name + " needs " + n + " elements from offset " + off
                    + " but the array holds " + array.length);
        }
    }

    /**
     * Fails unless every one of {@code rows} labels from {@code off} lies in {@code [0, cols)}:
     * an out-of-range label would otherwise pick another class's logit, or none, silently. One
     * branch-free pass (an OR of the bits that go negative), then a second to name the row.
     */
    public static void labels(int rows, int cols, int[] labels, int off) {
        int outside = 0;
        for (int r = 0; r < rows; r++) {
            int label = labels[off + r];
            outside |= label | (cols - 1 - label);
        }
        if (outside < 0) {
            for (int r = 0; r < rows; r++) {
                int label = labels[off + r];
                if (label < 0 || label >= cols) {
                    throw new IllegalArgumentException("labels[" + r + "] is " + label + " but logits are "
                            + rows + "×" + cols + " (labels must lie in [0, " + cols + "))");
                }
            }
        }
    }

    /**
     * Fails when an output matrix shares memory with an input: a kernel that reads an input while
     * writing the output would otherwise return a silently wrong answer.
     */
    public static void noOverlap(String outName, float[] out, int outOff, long outExtent,
                                 String inName, float[] in, int inOff, long inExtent) {
        if (out == in && outExtent > 0 && inExtent > 0
                && outOff < inOff + inExtent && inOff < outOff + outExtent) {
            throw new IllegalArgumentException(outName + " overlaps " + inName
                    + " in the same array (elements " + outOff + ".." + (outOff + outExtent - 1)
                    + " and " + inOff + ".." + (inOff + inExtent - 1) + "); use separate buffers");
        }
    }

    /** Elements a {@code rows×cols} matrix with stride {@code ld} spans (0 when empty). */
    public static long extent(int rows, int cols, int ld) {
        return rows == 0 || cols == 0 ? 0 : (long) (rows - 1) * ld + cols;
    }
}
