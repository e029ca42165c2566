package org.simdnet.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.simdnet.testing.KernelModes;

/**
 * The vector row kernels ({@link Kernels#ROWS}) against their scalar twin and against plain
 * double-precision arithmetic, over random shapes (1–300 rows and columns, with the classifier's
 * width 3, primes and the vector-length boundaries favoured), offsets, leading dimensions wider
 * than the row, and in-place use. Where the two implementations perform the same float operations
 * the comparison is exact; for exp-based kernels the tolerances are written next to each check.
 */
class RowKernelsProperties {

    private static final RowKernels SCALAR = new ScalarRowKernels();
    private static final RowKernels VECTOR = Kernels.ROWS;
    private static final float SENTINEL = -7.25e7f;     // fills the gaps between rows; must survive

    @Example
    void theVectorKernelsAreInUse() {
        KernelModes.assumeVectorKernelsWanted();
        assertTrue(Kernels.vectorized(), Kernels.DESCRIPTION);
        assertTrue(VECTOR instanceof LazyVectorRowKernels, VECTOR.getClass().getName());
    }

    @Provide
    Arbitrary<Integer> widths() {
        return Arbitraries.oneOf(
                Arbitraries.of(1, 2, 3, 3, 3, 4, 5, 7, 8, 13, 15, 16, 17, 31, 32, 33, 63, 64, 65, 97, 100, 127, 128, 251, 300),
                Arbitraries.integers().between(1, 300));
    }

    @Provide
    Arbitrary<Integer> heights() {
        return Arbitraries.oneOf(Arbitraries.of(1, 2, 3, 15, 16, 17, 64, 100, 300), Arbitraries.integers().between(1, 300));
    }

    /** A rows×cols matrix at off with stride ld; gaps and the margins hold SENTINEL. */
    private static float[] matrix(SplittableRandom rnd, int rows, int cols, int off, int ld, double scale) {
        float[] a = new float[off + rows * ld + 5];
        java.util.Arrays.fill(a, SENTINEL);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                a[off + r * ld + c] = (float) (scale * (2 * rnd.nextDouble() - 1));
            }
        }
        return a;
    }

    private static boolean inside(int i, int off, int rows, int cols, int ld) {
        int rel = i - off;
        return rel >= 0 && rel < rows * ld && rel % ld < cols;
    }

    // ---- bias, column sums: same float operations as the scalar twin, so exact ----

    @Property(tries = 60)
    void addBiasAddsTheRowToEveryRowAndNothingElse(@ForAll("heights") int rows, @ForAll("widths") int cols,
            @ForAll @IntRange(max = 9) int pad, @ForAll @IntRange(max = 19) int off, @ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int ld = cols + pad;
        float[] x = matrix(rnd, rows, cols, off, ld, 10);
        float[] bias = matrix(rnd, 1, cols, 3, cols, 10);
        float[] expected = x.clone();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                expected[off + r * ld + c] = x[off + r * ld + c] + bias[3 + c];
            }
        }
        for (RowKernels k : new RowKernels[] {SCALAR, VECTOR}) {
            float[] y = x.clone();
            k.addBias(rows, cols, y, off, ld, bias, 3);
            assertArrayEquals(expected, y, k.getClass().getSimpleName());
        }
    }

    @Property(tries = 60)
    void columnSumsMatchTheScalarTwinAndDoubleSums(@ForAll("heights") int rows, @ForAll("widths") int cols,
            @ForAll @IntRange(max = 9) int pad, @ForAll @IntRange(max = 19) int off,
            @ForAll boolean accumulate, @ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int ld = cols + pad;
        float[] x = matrix(rnd, rows, cols, off, ld, 1);
        float[] start = matrix(rnd, 1, cols, 2, cols, 1);
        float[] fromScalar = start.clone(), fromVector = start.clone();
        SCALAR.columnSums(rows, cols, x, off, ld, fromScalar, 2, accumulate);
        VECTOR.columnSums(rows, cols, x, off, ld, fromVector, 2, accumulate);
        assertArrayEquals(fromScalar, fromVector, "rows are summed in the same order, so bits agree");
        for (int c = 0; c < cols; c++) {
            double sum = accumulate ? start[2 + c] : 0, abs = Math.abs(sum);
            for (int r = 0; r < rows; r++) {
                sum += x[off + r * ld + c];
                abs += Math.abs(x[off + r * ld + c]);
            }
            // sequential float summation: error <= rows·2⁻²⁴·Σ|x|
            assertEquals(sum, fromVector[2 + c], (rows + 1) * 0x1p-24 * abs + 1e-30, "column " + c);
        }
        assertEquals(SENTINEL, fromVector[0]);
        assertEquals(SENTINEL, fromVector[2 + cols]);
    }

    // ---- element-wise kernels ----

    @Property(tries = 60)
    void reluAndItsBackwardAreExactIncludingInPlace(@ForAll @IntRange(max = 3000) int n,
            @ForAll @IntRange(max = 19) int off, @ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] x = matrix(rnd, 1, n, off, Math.max(n, 1), 3);
        for (int i = 0; i < n; i += 7) {
            x[off + i] = (i & 8) == 0 ? 0f : -0f;        // zeros of both signs: ReLU'(0) = 0 here
        }
        float[] dy = matrix(rnd, 1, n, off, Math.max(n, 1), 3);
        float[] y = new float[x.length], dx = new float[x.length];
        float[] expectedY = new float[x.length], expectedDx = new float[x.length];
        for (int i = 0; i < n; i++) {
            float v = x[off + i];
            expectedY[off + i] = v > 0 ? v : 0f;
            expectedDx[off + i] = v > 0 ? dy[off + i] : 0f;
        }
        for (RowKernels k : new RowKernels[] {SCALAR, VECTOR}) {
            k.relu(n, x, off, y, off);
            assertArrayEquals(expectedY, y);
            k.reluBackward(n, y, off, dy, off, dx, off);
            assertArrayEquals(expectedDx, dx);
            float[] inPlace = x.clone();
            k.relu(n, inPlace, off, inPlace, off);
            float[] dyInPlace = dy.clone();
            k.reluBackward(n, y, off, dyInPlace, off, dyInPlace, off);
            for (int i = 0; i < n; i++) {
                assertEquals(expectedY[off + i], inPlace[off + i]);
                assertEquals(expectedDx[off + i], dyInPlace[off + i]);
            }
        }
    }

    @Property(tries = 60)
    void tanhIsAccurateAndItsBackwardExact(@ForAll @IntRange(max = 3000) int n,
            @ForAll @IntRange(max = 19) int off, @ForAll("scales") double scale, @ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] x = matrix(rnd, 1, n, off, Math.max(n, 1), scale);
        float[] dy = matrix(rnd, 1, n, off, Math.max(n, 1), 1);
        float[] y = new float[x.length], dx = new float[x.length];
        VECTOR.tanh(n, x, off, y, off);
        VECTOR.tanhBackward(n, y, off, dy, off, dx, off);
        float[] inPlace = x.clone();
        VECTOR.tanh(n, inPlace, off, inPlace, off);
        for (int i = off; i < off + n; i++) {
            double exact = Math.tanh(x[i]);
            // within 3 ulps (ExpAccuracyTest measures 2.5) and never more than 1e-6 off
            assertTrue(ExpAccuracyTest.ulpError(y[i], exact) <= 3 && Math.abs(y[i] - exact) <= 1e-6,
                    "tanh(" + x[i] + ") = " + y[i] + ", exact " + exact);
            assertEquals(y[i], inPlace[i]);
            assertEquals(dy[i] * (1f - y[i] * y[i]), dx[i]);
        }
    }

    @Property(tries = 60)
    void expIsWithinTwoUlpsIncludingInPlace(@ForAll @IntRange(max = 3000) int n,
            @ForAll @IntRange(max = 19) int off, @ForAll("scales") double scale, @ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] x = matrix(rnd, 1, n, off, Math.max(n, 1), scale);
        float[] y = new float[x.length];
        float[] fromScalar = new float[x.length];
        VECTOR.exp(n, x, off, y, off);
        SCALAR.exp(n, x, off, fromScalar, off);
        float[] inPlace = x.clone();
        VECTOR.exp(n, inPlace, off, inPlace, off);
        for (int i = off; i < off + n; i++) {
            assertTrue(ExpAccuracyTest.ulpError(y[i], Math.exp(x[i])) <= 2, "exp(" + x[i] + ") = " + y[i]);
            assertTrue(ExpAccuracyTest.ulpError(fromScalar[i], Math.exp(x[i])) <= 0.5 + 1e-9);
            assertEquals(y[i], inPlace[i]);
        }
    }

    @Provide
    Arbitrary<Double> scales() {
        return Arbitraries.of(0.01, 1.0, 5.0, 30.0, 120.0);
    }

    // ---- softmax and softmax + cross-entropy against double precision ----

    @Property(tries = 80)
    void softmaxMatchesDoublePrecision(@ForAll("heights") int rows, @ForAll("widths") int cols,
            @ForAll @IntRange(max = 9) int pad, @ForAll @IntRange(max = 19) int off,
            @ForAll("logitScales") double scale, @ForAll boolean inPlace, @ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int ld = cols + pad;
        float[] x = matrix(rnd, rows, cols, off, ld, scale);
        for (RowKernels k : new RowKernels[] {SCALAR, VECTOR}) {
            float[] y = inPlace ? x.clone() : matrix(rnd, rows, cols, off, ld, 0);
            float[] in = inPlace ? y : x;
            k.softmaxRows(rows, cols, in, off, ld, y, off, ld);
            for (int r = 0; r < rows; r++) {
                double[] p = softmax(x, off + r * ld, cols);
                double rowSum = 0;
                for (int c = 0; c < cols; c++) {
                    float got = y[off + r * ld + c];
                    rowSum += got;
                    // exp within 2 ulps, float sum of <= 300 terms, one division: 1e-5 relative
                    assertEquals(p[c], got, 1e-5 * p[c] + 1e-37,
                            k.getClass().getSimpleName() + " row " + r + " col " + c);
                }
                assertEquals(1.0, rowSum, 1e-5);
            }
            for (int i = 0; i < y.length; i++) {
                if (!inside(i, off, rows, cols, ld)) {
                    assertEquals(SENTINEL, y[i], "element " + i + " outside the matrix was written");
                }
            }
        }
    }

    @Provide
    Arbitrary<Double> logitScales() {
        return Arbitraries.of(1.0, 10.0, 100.0, 1e4, 1e30, 3e38);
    }

    @Property(tries = 100)
    void softmaxCrossEntropyMatchesDoublePrecision(@ForAll("heights") int rows, @ForAll("widths") int cols,
            @ForAll @IntRange(max = 9) int pad, @ForAll @IntRange(max = 19) int off,
            @ForAll @IntRange(max = 50) int extraBatch, @ForAll("logitScales") double scale,
            @ForAll boolean inPlace, @ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int ld = cols + pad;
        int batch = rows + extraBatch;
        float[] logits = matrix(rnd, rows, cols, off, ld, scale);
        int[] labels = new int[rows + 4];
        for (int r = 0; r < rows; r++) {
            labels[4 + r] = rnd.nextInt(cols);
        }
        double expectedLoss = 0;
        for (int r = 0; r < rows; r++) {
            expectedLoss += -logSoftmax(logits, off + r * ld, cols, labels[4 + r]);
        }
        expectedLoss /= batch;
        for (RowKernels k : new RowKernels[] {SCALAR, VECTOR}) {
            String who = k.getClass().getSimpleName();
            float[] d = inPlace ? logits.clone() : matrix(rnd, rows, cols, off, ld, 0);
            float[] in = inPlace ? d : logits;
            double loss = k.softmaxCrossEntropy(rows, cols, in, off, ld, labels, 4, batch, d, off, ld);
            assertTrue(Double.isFinite(loss) && loss >= 0, who + " loss " + loss);
            // per-row log Σ exp in float: relative error ~1e-6, plus ~1e-7 absolute per row
            assertEquals(expectedLoss, loss, 1e-5 * expectedLoss + 4e-6, who);
            for (int r = 0; r < rows; r++) {
                double[] p = softmax(logits, off + r * ld, cols);
                for (int c = 0; c < cols; c++) {
                    double expected = (p[c] - (c == labels[4 + r] ? 1 : 0)) / batch;
                    float got = d[off + r * ld + c];
                    assertTrue(Float.isFinite(got));
                    // 1e-5 relative in p, plus two float ulps of the result (1/batch itself is rounded)
                    assertEquals(expected, got, 1e-5 * p[c] / batch + 2 * Math.ulp((float) expected) + 1e-38,
                            who + " row " + r + " col " + c);
                }
            }
            for (int i = 0; i < d.length; i++) {
                if (!inside(i, off, rows, cols, ld)) {
                    assertEquals(SENTINEL, d[i], who + ": element " + i + " outside the matrix was written");
                }
            }
        }
    }

    /**
     * The all-vector path for narrow contiguous rows (cols <= 8, ld == cols, |logits| <= 40, whole
     * blocks of vector-length rows) and its fall-backs: one logit out of range, a remainder of rows.
     */
    @Property(tries = 100)
    void narrowSoftmaxCrossEntropyMatchesDoublePrecision(@ForAll @IntRange(min = 1, max = 300) int rows,
            @ForAll @IntRange(min = 1, max = 10) int cols, @ForAll @IntRange(max = 19) int off,
            @ForAll @IntRange(max = 30) int extraBatch, @ForAll("narrowScales") double scale,
            @ForAll boolean outlier, @ForAll boolean inPlace, @ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int batch = rows + extraBatch;
        float[] logits = matrix(rnd, rows, cols, off, cols, scale);
        if (outlier) {
            logits[off + rnd.nextInt(rows * cols)] = rnd.nextBoolean() ? 41f : -300f;
        }
        int[] labels = new int[rows];
        double expectedLoss = 0;
        for (int r = 0; r < rows; r++) {
            labels[r] = rnd.nextInt(cols);
            expectedLoss -= logSoftmax(logits, off + r * cols, cols, labels[r]);
        }
        expectedLoss /= batch;
        float[] d = inPlace ? logits.clone() : new float[logits.length];
        double loss = VECTOR.softmaxCrossEntropy(rows, cols, inPlace ? d : logits, off, cols, labels, 0, batch, d, off, cols);
        assertEquals(expectedLoss, loss, 1e-5 * expectedLoss + 4e-6);
        for (int r = 0; r < rows; r++) {
            double[] p = softmax(logits, off + r * cols, cols);
            for (int c = 0; c < cols; c++) {
                double expected = (p[c] - (c == labels[r] ? 1 : 0)) / batch;
                assertEquals(expected, d[off + r * cols + c], 1e-5 * p[c] / batch + 2 * Math.ulp((float) expected) + 1e-38,
                        "row " + r + " col " + c);
            }
        }
    }

    @Example
    void narrowInPlaceFallsBackWithTheLogitsIntact() {
        // 64×3 in place with one logit past the all-vector path's range: the fallback must still
        // see the original logits (a fused exp + range check would have overwritten them).
        SplittableRandom rnd = new SplittableRandom(9);
        for (float outlier : new float[] {1000f, -1000f, Float.NaN}) {
            float[] logits = matrix(rnd, 64, 3, 0, 3, 2);
            logits[100] = outlier;
            int[] labels = new int[64];
            for (int r = 0; r < 64; r++) {
                labels[r] = rnd.nextInt(3);
            }
            float[] expected = new float[logits.length];
            double expectedLoss = SCALAR.softmaxCrossEntropy(64, 3, logits, 0, 3, labels, 0, 64, expected, 0, 3);
            float[] d = logits.clone();
            double loss = VECTOR.softmaxCrossEntropy(64, 3, d, 0, 3, labels, 0, 64, d, 0, 3);
            if (Float.isNaN(outlier)) {
                assertTrue(Double.isNaN(loss));
                continue;
            }
            assertEquals(expectedLoss, loss, 1e-5 * expectedLoss);
            for (int i = 0; i < 64 * 3; i++) {
                assertEquals(expected[i], d[i], 1e-7, "element " + i);
            }
        }
    }

    @Provide
    Arbitrary<Double> narrowScales() {
        return Arbitraries.of(0.5, 5.0, 20.0, 40.0);
    }

    @Example
    void softmaxCrossEntropySurvivesExtremeLogits() {
        float big = Float.MAX_VALUE;
        float[] logits = {big, -big, 0f, 1e-45f, -1e-45f, 0f, -big, -big, -big, 88.8f, -104f, 1e30f};
        int[] labels = {1, 0, 2, 0};
        float[] d = new float[logits.length];
        for (RowKernels k : new RowKernels[] {SCALAR, VECTOR}) {
            double loss = k.softmaxCrossEntropy(4, 3, logits, 0, 3, labels, 0, 4, d, 0, 3);
            // row 0: −log softmax picks −big − big = −2·MAX (finite in double); row 2: log 3
            double expected = (2.0 * big + Math.log(3) + Math.log(3) + (1e30 - 88.8)) / 4;
            assertEquals(expected, loss, 1e-6 * expected, k.getClass().getSimpleName());
            for (float v : d) {
                assertTrue(Float.isFinite(v), k.getClass().getSimpleName());
            }
            assertEquals(0.25f, d[0]);
            assertEquals(-0.25f, d[1]);
        }
    }

    // ---- argmax ----

    @Property(tries = 150)
    void argmaxPicksTheFirstLargest(@ForAll("heights") int rows, @ForAll("widths") int cols,
            @ForAll @IntRange(max = 9) int pad, @ForAll @IntRange(max = 19) int off,
            @ForAll boolean withNaN, @ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int ld = rnd.nextBoolean() ? cols : cols + pad;     // packed rows: the vector kernel's row blocks
        float[] x = matrix(rnd, rows, cols, off, ld, 1);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                x[off + r * ld + c] = rnd.nextInt(4);                 // many ties
            }
            if (withNaN && cols > 1) {
                x[off + r * ld + rnd.nextInt(cols)] = Float.NaN;
            }
        }
        int[] out = new int[rows + 1];
        VECTOR.argmaxRows(rows, cols, x, off, ld, out, 1);
        int[] fromScalar = new int[rows + 1];
        SCALAR.argmaxRows(rows, cols, x, off, ld, fromScalar, 1);
        assertArrayEquals(fromScalar, out);
        for (int r = 0; r < rows; r++) {
            int row = off + r * ld;
            int best = out[1 + r];
            boolean hasNaN = false;
            for (int c = 0; c < cols; c++) {
                hasNaN |= Float.isNaN(x[row + c]);
            }
            if (hasNaN) {
                continue;     // scalar semantics (NaN never compares greater) are checked by the equality above
            }
            for (int c = 0; c < cols; c++) {
                if (c < best) {
                    assertTrue(x[row + c] < x[row + best], "row " + r + ": column " + c + " is as large and earlier");
                } else {
                    assertTrue(x[row + c] <= x[row + best], "row " + r + ": column " + c + " is larger");
                }
            }
        }
    }

    /** Softmax of one row in double: exp(x − max) / Σ. */
    static double[] softmax(float[] x, int row, int cols) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < cols; c++) {
            max = Math.max(max, x[row + c]);
        }
        double[] p = new double[cols];
        double sum = 0;
        for (int c = 0; c < cols; c++) {
            p[c] = Math.exp((double) x[row + c] - max);
            sum += p[c];
        }
        for (int c = 0; c < cols; c++) {
            p[c] /= sum;
        }
        return p;
    }

    /** log softmax(x)[label] in double via log-sum-exp. */
    static double logSoftmax(float[] x, int row, int cols, int label) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < cols; c++) {
            max = Math.max(max, x[row + c]);
        }
        double sum = 0;
        for (int c = 0; c < cols; c++) {
            sum += Math.exp((double) x[row + c] - max);
        }
        return (double) x[row + label] - max - Math.log(sum);
    }
}
