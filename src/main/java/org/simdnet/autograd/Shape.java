package org.simdnet.autograd;

import java.util.Arrays;

/**
 * Shape helpers. A shape is {@code []} (scalar), {@code [n]} or {@code [rows, cols]}; every
 * operation sees it as a row-major {@code rows × cols} matrix, a vector being one row and a
 * scalar one element.
 */
final class Shape {

    private Shape() {
    }

    /** Checks a user-given shape against the data length; returns a private copy. */
    static int[] validate(int[] shape, int length) {
        if (shape == null) {
            throw new IllegalArgumentException("shape is null");
        }
        if (shape.length > 2) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape)
                    + " has " + shape.length + " dimensions; autograd tensors have at most 2");
        }
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has a negative size");
            }
        }
        long count = numel(shape);
        if (count != length) {
            throw new IllegalArgumentException("shape " + format(shape) + " holds " + count
                    + " elements but the data has " + length);
        }
        return shape.clone();
    }

    static int numel(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    /** Rows of the matrix view: 1 for scalars and vectors. */
    static int rows(int[] shape) {
        return shape.length == 2 ? shape[0] : 1;
    }

    /** Columns of the matrix view: 1 for scalars, the length for vectors. */
    static int cols(int[] shape) {
        return shape.length == 0 ? 1 : shape[shape.length - 1];
    }

    /** {@code [2×3]}, {@code [3]} or {@code []}. */
    static String format(int[] shape) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) {
                sb.append('×');
            }
            sb.append(shape[i]);
        }
        return sb.append(']').toString();
    }

    /**
     * The broadcast result shape of an element-wise operation, by PyTorch's rule restricted to
     * two dimensions: align from the right, each pair of sizes equal or one of them 1.
     */
    static int[] broadcast(String op, int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int m = broadcastSize(op, a, b, rows(a), rows(b));
        int n = broadcastSize(op, a, b, cols(a), cols(b));
        if (rank == 0) {
            return new int[0];
        }
        if (rank == 1) {
            return new int[] {n};
        }
        return new int[] {m, n};
    }

    private static int broadcastSize(String op, int[] a, int[] b, int x, int y) {
        if (x == y || y == 1) {
            return x;
        }
        if (x == 1) {
            return y;
        }
        throw new IllegalArgumentException(op + ": " + format(a) + " and " + format(b)
                + " do not broadcast (sizes " + x + " and " + y + " differ and neither is 1)");
    }
}
