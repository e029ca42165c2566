package org.simdnet.kernel;

/**
 * The scalar kernels' flush of tiny values to zero: {@code |x| < below ? +0 : x}, written without
 * a branch. A branch that a kernel's first thousand calls never take is compiled by C2 as a trap:
 * the first weight or moment that drops below the threshold, hundreds of steps into a run, then
 * throws the whole kernel back to the interpreter until it is compiled again (seen twice per
 * cold run of the spiral: the column pass's weight loading and the Adam update each compiled
 * again). Comparing the magnitude's bit pattern gives the same result for every float: the
 * bits of non-negative floats are ordered as their values, and a NaN's lie above every finite
 * threshold's, so a NaN stays NaN and divergence is still seen.
 */
final class Flush {

    private Flush() {
    }

    /** {@code x}, or +0 when {@code |x| < below}; {@code below} finite and not negative. */
    static float below(float x, float below) {
        int bits = Float.floatToRawIntBits(x);
        int small = ((bits & 0x7FFFFFFF) - Float.floatToRawIntBits(below)) >> 31;
        return Float.intBitsToFloat(bits & ~small);
    }
}
