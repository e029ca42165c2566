package org.simdnet.optim;

/**
 * Argument checks of this package; every message names the argument and the value it got (a
 * float shown as a float, so {@code -0.1f} reads "-0.1").
 */
final class Args {

    private Args() {
    }

    /** Fails unless {@code value >= 0}. */
    static void nonNegative(String name, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must be >= 0, got " + value);
        }
    }

    /** Fails unless {@code value >= 1}. */
    static void atLeastOne(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, got " + value);
        }
    }

    /** Fails unless {@code value} is finite and {@code >= 0}. */
    static void nonNegative(String name, float value) {
        if (!(value >= 0f) || value == Float.POSITIVE_INFINITY) {
            throw fail(name, "be finite and >= 0", Float.toString(value));
        }
    }

    /** Fails unless {@code value} is finite and {@code >= 0}. */
    static void nonNegative(String name, double value) {
        if (!(value >= 0) || value == Double.POSITIVE_INFINITY) {
            throw fail(name, "be finite and >= 0", Double.toString(value));
        }
    }

    /** Fails unless {@code value} is finite and {@code > 0}. */
    static void positive(String name, float value) {
        if (!(value > 0f) || value == Float.POSITIVE_INFINITY) {
            throw fail(name, "be finite and > 0", Float.toString(value));
        }
    }

    /** Fails unless {@code value} is finite and {@code > 0}. */
    static void positive(String name, double value) {
        if (!(value > 0) || value == Double.POSITIVE_INFINITY) {
            throw fail(name, "be finite and > 0", Double.toString(value));
        }
    }

    /** Fails unless {@code 0 <= value < 1}. */
    static void belowOne(String name, float value) {
        if (!(value >= 0f && value < 1f)) {
            throw fail(name, "lie in [0, 1)", Float.toString(value));
        }
    }

    /** Fails unless {@code 0 <= value <= 1}. */
    static void unit(String name, float value) {
        if (!(value >= 0f && value <= 1f)) {
            throw fail(name, "lie in [0, 1]", Float.toString(value));
        }
    }

    /** Fails unless {@code 0 <= value <= 1}. */
    static void unit(String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw fail(name, "lie in [0, 1]", Double.toString(value));
        }
    }

    /** The checks of {@link Optimizer#step}; allocates only when it throws. */
    static void step(int size, float[] params, float[] gradient, float lr) {
        if (params == null || gradient == null) {
            throw new IllegalArgumentException((params == null ? "params" : "gradient") + " is null");
        }
        if (params.length != size || gradient.length != size) {
            throw new IllegalArgumentException("the optimizer was made for " + size + " parameters, got params of "
                    + params.length + " and gradient of " + gradient.length);
        }
        if (params == gradient) {
            throw new IllegalArgumentException("params and gradient are the same array");
        }
        nonNegative("lr", lr);
    }

    private static IllegalArgumentException fail(String name, String must, String got) {
        return new IllegalArgumentException(name + " must " + must + ", got " + got);
    }
}
