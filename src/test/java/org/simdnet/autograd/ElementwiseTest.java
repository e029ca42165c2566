package org.simdnet.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.simdnet.kernel.Kernels;

/**
 * The vector element-wise kernels against their scalar twin, over lengths that cover empty input,
 * a pure scalar tail, exact multiples of every species width and odd remainders, at non-zero
 * offsets. Products may be fused (fma) in the vector code, so results agree to a few ulps
 * (1e-6 relative) rather than bit for bit; sums and dot products, whose order differs, to 1e-5 of
 * the sum of magnitudes.
 */
class ElementwiseTest {

    private static final int[] LENGTHS = {0, 1, 3, 4, 7, 8, 15, 16, 17, 31, 32, 33, 64, 100, 257};

    @Test
    void selectionFollowsTheKernels() {
        String expected = Kernels.vectorized() ? "VectorElementwise" : "ScalarElementwise";
        assertEquals(expected, Elementwise.OPS.getClass().getSimpleName());
    }

    @Test
    void vectorMatchesScalar() {
        assumeTrue(Kernels.vectorized(), "Vector API not in use");
        ElementwiseKernels v = Elementwise.OPS;
        ElementwiseKernels s = new ScalarElementwise();
        SplittableRandom random = new SplittableRandom(99);
        for (int n : LENGTHS) {
            int off = 3;
            float[] a = randoms(random, n + off, false);
            float[] b = randoms(random, n + off, true); // positive: safe to divide by and log
            float k = (float) (random.nextDouble() * 4 - 2);
            String at = "n=" + n;
            compare(at + " add", n, (y, kern) -> kern.add(n, a, off, b, off, y, 1), v, s);
            compare(at + " sub", n, (y, kern) -> kern.sub(n, a, off, b, off, y, 1), v, s);
            compare(at + " mul", n, (y, kern) -> kern.mul(n, a, off, b, off, y, 1), v, s);
            compare(at + " div", n, (y, kern) -> kern.div(n, a, off, b, off, y, 1), v, s);
            compare(at + " addScalar", n, (y, kern) -> kern.addScalar(n, a, off, k, y, 1), v, s);
            compare(at + " mulScalar", n, (y, kern) -> kern.mulScalar(n, a, off, k, y, 1), v, s);
            compare(at + " divScalar", n, (y, kern) -> kern.divScalar(n, a, off, k, y, 1), v, s);
            compare(at + " scalarSub", n, (y, kern) -> kern.scalarSub(n, k, a, off, y, 1), v, s);
            compare(at + " scalarDiv", n, (y, kern) -> kern.scalarDiv(n, k, b, off, y, 1), v, s);
            compare(at + " log", n, (y, kern) -> kern.log(n, b, off, y, 1), v, s);
            float[] acc = randoms(random, n + 1, false);
            compare(at + " mulAdd", n, (y, kern) -> {
                System.arraycopy(acc, 0, y, 0, acc.length);
                kern.mulAdd(n, a, off, b, off, y, 1);
            }, v, s);
            compare(at + " axpy", n, (y, kern) -> {
                System.arraycopy(acc, 0, y, 0, acc.length);
                kern.axpy(n, k, a, off, y, 1);
            }, v, s);
            double magnitude = 0, products = 0;
            for (int i = 0; i < n; i++) {
                magnitude += Math.abs(a[off + i]);
                products += Math.abs(a[off + i] * b[off + i]);
            }
            assertEquals(s.sum(n, a, off), v.sum(n, a, off), 1e-5 * (1 + magnitude), at + " sum");
            assertEquals(s.dot(n, a, off, b, off), v.dot(n, a, off, b, off), 1e-5 * (1 + products), at + " dot");
        }
    }

    @Test
    void inPlaceIsAllowed() {
        SplittableRandom random = new SplittableRandom(5);
        float[] a = randoms(random, 37, false);
        float[] b = randoms(random, 37, true);
        float[] expected = new float[37];
        new ScalarElementwise().add(37, a, 0, b, 0, expected, 0);
        Elementwise.OPS.add(37, a, 0, b, 0, a, 0);
        for (int i = 0; i < 37; i++) {
            assertEquals(expected[i], a[i], 0f);
        }
    }

    private interface Call {
        void run(float[] y, ElementwiseKernels kernels);
    }

    private static void compare(String what, int n, Call call, ElementwiseKernels vector, ElementwiseKernels scalar) {
        float[] yv = new float[n + 2];
        float[] ys = new float[n + 2];
        yv[n + 1] = ys[n + 1] = 42f; // guard past the end must survive
        call.run(yv, vector);
        call.run(ys, scalar);
        assertEquals(42f, yv[n + 1], 0f, what + ": wrote past the end");
        for (int i = 0; i < n + 1; i++) {
            double tol = 1e-6 * Math.max(1, Math.abs(ys[i]));
            assertTrue(Math.abs(yv[i] - ys[i]) <= tol, what + " [" + i + "]: vector " + yv[i] + " scalar " + ys[i]);
        }
    }

    private static float[] randoms(SplittableRandom random, int n, boolean positive) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = positive ? (float) (0.25 + random.nextDouble() * 2) : (float) (random.nextDouble() * 4 - 2);
        }
        return v;
    }
}
