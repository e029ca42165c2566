package org.simdnet.autograd;

import org.simdnet.kernel.RowOps;

/**
 * Element-wise binary arithmetic with two-dimensional broadcasting, and the reduction that sends
 * a broadcast operand's gradient back to its own shape. Operands are row-major matrices seen as
 * {@code rows × cols}; each has either the result's size in a dimension or size 1.
 *
 * <pre>
 *   a [m×n] + b [1×n]  (bias row)      a [m×n] · b [m×1]  (per-row factor)
 *   row i: a[i,:] + b[0,:]             row i: a[i,:] · b[i,0]
 * </pre>
 * Every output row is one call of a contiguous kernel: vector–vector, vector–scalar or
 * scalar–vector, so broadcasting costs nothing beyond the loop over rows.
 */
final class Broadcast {

    /** The four broadcasting binary operations. */
    enum Op {
        ADD, SUB, MUL, DIV
    }

    private Broadcast() {
    }

    /** {@code y[m×n] = a[ar×ac] (op) b[br×bc]}, each operand's sizes equal to the result's or 1. */
    static void apply(Op op, float[] a, int ar, int ac, float[] b, int br, int bc, float[] y, int m, int n) {
        ElementwiseKernels k = Elementwise.OPS;
        if (ar == m && ac == n && br == m && bc == n) {
            vectorVector(k, op, m * n, a, 0, b, 0, y, 0);
            return;
        }
        for (int i = 0; i < m; i++) {
            int aRow = (ar == 1 ? 0 : i) * ac;
            int bRow = (br == 1 ? 0 : i) * bc;
            int yRow = i * n;
            if (ac == n && bc == n) {
                vectorVector(k, op, n, a, aRow, b, bRow, y, yRow);
            } else if (ac == n) {
                vectorScalar(k, op, n, a, aRow, b[bRow], y, yRow);
            } else {
                scalarVector(k, op, n, a[aRow], b, bRow, y, yRow);
            }
        }
    }

    private static void vectorVector(ElementwiseKernels k, Op op, int n, float[] a, int aOff, float[] b, int bOff,
                                     float[] y, int yOff) {
        switch (op) {
            case ADD: k.add(n, a, aOff, b, bOff, y, yOff); break;
            case SUB: k.sub(n, a, aOff, b, bOff, y, yOff); break;
            case MUL: k.mul(n, a, aOff, b, bOff, y, yOff); break;
            default: k.div(n, a, aOff, b, bOff, y, yOff); break;
        }
    }

    private static void vectorScalar(ElementwiseKernels k, Op op, int n, float[] a, int aOff, float s,
                                     float[] y, int yOff) {
        switch (op) {
            case ADD: k.addScalar(n, a, aOff, s, y, yOff); break;
            case SUB: k.addScalar(n, a, aOff, -s, y, yOff); break;
            case MUL: k.mulScalar(n, a, aOff, s, y, yOff); break;
            default: k.divScalar(n, a, aOff, s, y, yOff); break;
        }
    }

    private static void scalarVector(ElementwiseKernels k, Op op, int n, float s, float[] b, int bOff,
                                     float[] y, int yOff) {
        switch (op) {
            case ADD: k.addScalar(n, b, bOff, s, y, yOff); break;
            case SUB: k.scalarSub(n, s, b, bOff, y, yOff); break;
            case MUL: k.mulScalar(n, b, bOff, s, y, yOff); break;
            default: k.scalarDiv(n, s, b, bOff, y, yOff); break;
        }
    }

    /**
     * {@code dst[dr×dc] += t[m×n]} summed over the dimensions in which {@code dst} was broadcast:
     * the gradient of a broadcast operand is the sum of the gradients of all its copies.
     */
    static void reduceInto(float[] t, int m, int n, float[] dst, int dr, int dc) {
        ElementwiseKernels k = Elementwise.OPS;
        if (dr == m && dc == n) {
            k.add(m * n, dst, 0, t, 0, dst, 0);
        } else if (dc == n) {
            // dst is one row copied down all m rows: column sums.
            RowOps.columnSums(m, n, t, 0, n, dst, 0, true);
        } else if (dr == m) {
            // dst is one column copied across all n columns: row sums.
            for (int i = 0; i < m; i++) {
                dst[i] += k.sum(n, t, i * n);
            }
        } else {
            dst[0] += k.sum(m * n, t, 0);
        }
    }
}
