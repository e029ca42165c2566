package org.simdnet.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleBinaryOperator;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AddLifecycleHook;

import org.apache.commons.math3.util.FastMath;
import org.simdnet.testing.KernelModes;

/**
 * Every {@link ActivationKernel} pair (scalar reference, vector twin) against each other and
 * against the formula in double precision (Commons Math), over random lengths with tails,
 * offsets, in-place use and values from −30 to 30 (both exp tails included). Tolerances: 2e-6
 * relative plus 1e-7 absolute against the double formula (1e-7 absolute covers the sigmoid's
 * tails, where the float result underflows towards 0 or rounds to 1); a kernel's vector lanes and its
 * scalar tail give the same bits (checked by shifting the same values across the lanes).
 */
class ActivationKernelsProperties {

    /** One activation: its kernels, its slope argument and {@code f(x)}, {@code f'(x)} in double. */
    static final class Case {
        final String name;
        final ActivationKernel scalar;
        final String vectorClass;
        final float alpha;
        final DoubleBinaryOperator f;       // (x, alpha) -> f(x)
        final DoubleBinaryOperator df;      // (x or y, alpha) -> f'(x)
        final boolean fromOutput;           // df takes the forward output y (as the kernel does)
        /** The size of the terms df sums (|df| unless it is a difference that can cancel). */
        DoubleBinaryOperator termScale;

        Case(String name, ActivationKernel scalar, String vectorClass, float alpha, DoubleBinaryOperator f,
             DoubleBinaryOperator df, boolean fromOutput) {
            this.fromOutput = fromOutput;
            this.termScale = (v, a) -> Math.abs(df.applyAsDouble(v, a));
            this.name = name;
            this.scalar = scalar;
            this.vectorClass = vectorClass;
            this.alpha = alpha;
            this.f = f;
            this.df = df;
        }

        Case withTermScale(DoubleBinaryOperator scale) {
            this.termScale = scale;
            return this;
        }

        ActivationKernel vector() {
            return Kernels.select(ActivationKernel.class, () -> null, vectorClass);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static double sigmoid(double x) {
        return 1 / (1 + FastMath.exp(-x));
    }

    static final List<Case> CASES = List.of(
            new Case("sigmoid", new ScalarSigmoidKernel(), "VectorSigmoidKernel", 0f,
                    (x, a) -> sigmoid(x), (y, a) -> y * (1 - y), true),
            new Case("leaky_relu 0.01", new ScalarLeakyReluKernel(), "VectorLeakyReluKernel", 0.01f,
                    (x, a) -> x > 0 ? x : a * x, (x, a) -> x > 0 ? 1 : a, false),
            new Case("leaky_relu -0.5", new ScalarLeakyReluKernel(), "VectorLeakyReluKernel", -0.5f,
                    (x, a) -> x > 0 ? x : a * x, (x, a) -> x > 0 ? 1 : a, false),
            new Case("gelu", new ScalarGeluKernel(), "VectorGeluKernel", 0f, (x, a) -> gelu(x), (x, a) -> geluDerivative(x),
                    false).withTermScale((x, a) -> geluTerms(x)));

    private static final double BETA = FastMath.sqrt(2 / FastMath.PI);

    static double gelu(double x) {
        return 0.5 * x * (1 + FastMath.tanh(BETA * (x + 0.044715 * x * x * x)));
    }

    /** The sum of the magnitudes of the derivative's two terms: it crosses 0 near x = −0.75 by cancellation. */
    static double geluTerms(double x) {
        double t = FastMath.tanh(BETA * (x + 0.044715 * x * x * x));
        return Math.abs(0.5 * (1 + t)) + Math.abs(0.5 * x * (1 - t * t) * BETA * (1 + 3 * 0.044715 * x * x));
    }

    /** d/dx of {@link #gelu}, differentiated by hand. */
    static double geluDerivative(double x) {
        double t = FastMath.tanh(BETA * (x + 0.044715 * x * x * x));
        return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * BETA * (1 + 3 * 0.044715 * x * x);
    }

    @Provide
    Arbitrary<Case> cases() {
        return Arbitraries.of(CASES);
    }

    @Provide
    Arbitrary<Integer> lengths() {
        return Arbitraries.oneOf(Arbitraries.of(0, 1, 3, 7, 8, 15, 16, 17, 31, 33, 64, 65, 100),
                Arbitraries.integers().between(0, 300));
    }

    @Example
    void theVectorKernelsAreInUse() {
        KernelModes.assumeVectorKernelsWanted();
        assertTrue(Kernels.vectorized(), Kernels.DESCRIPTION);
        for (Case c : CASES) {
            assertTrue(c.vector().getClass().getSimpleName().startsWith("Vector"), c.name);
        }
    }

    private static float[] values(SplittableRandom rnd, int n, int off) {
        float[] a = new float[off + n + 3];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) (rnd.nextDouble() < 0.1 ? 60 * rnd.nextDouble() - 30 : 8 * rnd.nextDouble() - 4);
        }
        return a;
    }

    @Property(tries = 200)
    void forwardAndBackwardMatchTheFormula(@ForAll("cases") Case c, @ForAll("lengths") int n,
            @ForAll @IntRange(max = 9) int off, @ForAll boolean inPlace, @ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] x = values(rnd, n, off);
        float[] dy = values(rnd, n, off);
        for (ActivationKernel k : new ActivationKernel[] {c.scalar, c.vector()}) {
            if (k == null) {
                continue;   // no vector twin when the scalar kernels are in use
            }
            String at = c + " " + k.getClass().getSimpleName() + " n=" + n;
            float[] y = inPlace ? x.clone() : new float[x.length];
            k.forward(n, inPlace ? y : x, off, y, off, c.alpha);
            float[] dx = inPlace ? dy.clone() : new float[x.length];
            k.backward(n, x, off, y, off, inPlace ? dx : dy, off, dx, off, c.alpha);
            for (int i = off; i < off + n; i++) {
                double fx = c.f.applyAsDouble(x[i], c.alpha);
                assertEquals(fx, y[i], 2e-6 * Math.abs(fx) + 1e-7, at + " f(" + x[i] + ")");
                // Output-based derivatives are checked from the kernel's float output: their
                // conditioning (1 − y near y = 1) is the formula's, as in PyTorch, not the kernel's.
                double v = c.fromOutput ? y[i] : x[i];
                double g = dy[i] * c.df.applyAsDouble(v, c.alpha);
                double size = Math.abs(dy[i]) * c.termScale.applyAsDouble(v, c.alpha);
                assertEquals(g, dx[i], 2e-6 * size + 1e-7, at + " backward at " + x[i]);
            }
            if (!inPlace) {
                for (int i = 0; i < off; i++) {
                    assertEquals(0f, y[i], at + ": wrote before the offset");
                }
                for (int i = off + n; i < y.length; i++) {
                    assertEquals(0f, y[i], at + ": wrote past the end");
                }
            }
        }
    }

    /** The same value gives the same bits whether it falls in a vector lane or in the scalar tail. */
    @Property(tries = 50)
    @AddLifecycleHook(KernelModes.VectorKernelsOnly.class)
    void vectorLanesAndTailAgreeBitForBit(@ForAll("cases") Case c, @ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float v = (float) (20 * rnd.nextDouble() - 10);
        ActivationKernel k = c.vector();
        int n = 2 * FloatSpecies.SPECIES.length() + 3;
        float[] x = new float[n];
        java.util.Arrays.fill(x, v);
        float[] y = new float[n];
        k.forward(n, x, 0, y, 0, c.alpha);
        float[] dy = new float[n];
        java.util.Arrays.fill(dy, 0.75f);
        float[] dx = new float[n];
        k.backward(n, x, 0, y, 0, dy, 0, dx, 0, c.alpha);
        for (int i = 1; i < n; i++) {
            assertEquals(Float.floatToRawIntBits(y[0]), Float.floatToRawIntBits(y[i]), c + " forward lane " + i);
            assertEquals(Float.floatToRawIntBits(dx[0]), Float.floatToRawIntBits(dx[i]), c + " backward lane " + i);
        }
    }
}
