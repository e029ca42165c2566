package org.simdnet.autograd;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

/**
 * Every operation's backward pass against central finite differences.
 *
 * <p>For an operation {@code y = f(x₁, …)} the check draws a fixed random seed gradient
 * {@code R} of y's shape and compares {@code y.backward(R)}, i.e. the gradient of
 * {@code L = Σ y ⊙ R}, with {@code (L(x + ε) − L(x − ε)) / 2ε} per input element, L summed in
 * double from the float forward values. With ε = 1e-2 the truncation error is O(ε²) ≈ 1e-4
 * relative and the float rounding about 1e-7·|L|/ε ≈ 1e-5, so the tolerance is
 * {@code |analytic − numeric| ≤ 2e-3 + 1e-2·|numeric|}. Inputs are kept away from the points
 * where an operation is not smooth (ReLU's kink, log's and division's pole) by more than ε.
 */
class GradientCheckTest {

    private static final float EPS = 1e-2f;
    private static final double ABS_TOL = 2e-3;
    private static final double REL_TOL = 1e-2;

    private final SplittableRandom random = new SplittableRandom(20261125L);

    // ------------------------------------------------------------ inputs

    /** Uniform in ±[0.2, 1.2]: never within ε of 0. */
    private Tensor awayFromZero(int... shape) {
        float[] d = new float[Shape.numel(shape)];
        for (int i = 0; i < d.length; i++) {
            float magnitude = (float) (0.2 + random.nextDouble());
            d[i] = random.nextBoolean() ? magnitude : -magnitude;
        }
        return Tensor.of(d, shape).requireGrad();
    }

    /** Uniform in [0.5, 1.5]: a safe denominator or log argument. */
    private Tensor positive(int... shape) {
        float[] d = new float[Shape.numel(shape)];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) (0.5 + random.nextDouble());
        }
        return Tensor.of(d, shape).requireGrad();
    }

    // ------------------------------------------------------------ the check

    private void check(String name, Function<Tensor[], Tensor> f, Tensor... inputs) {
        Tensor out = f.apply(inputs);
        float[] seed = new float[out.numel()];
        for (int i = 0; i < seed.length; i++) {
            seed[i] = (float) (random.nextDouble() * 2 - 1);
        }
        out.backward(Tensor.of(seed, out.shape()), false);

        Tensor[] plain = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            plain[i] = inputs[i].detach(); // shares data, builds no graph
        }
        for (int t = 0; t < inputs.length; t++) {
            Tensor analytic = inputs[t].grad();
            assertNotNull(analytic, name + ": input " + t + " got no gradient");
            float[] x = inputs[t].data();
            for (int j = 0; j < x.length; j++) {
                float saved = x[j];
                x[j] = saved + EPS;
                double plus = weightedSum(f.apply(plain), seed);
                x[j] = saved - EPS;
                double minus = weightedSum(f.apply(plain), seed);
                x[j] = saved;
                double numeric = (plus - minus) / (2 * EPS);
                double got = analytic.data()[j];
                assertTrue(Math.abs(got - numeric) <= ABS_TOL + REL_TOL * Math.abs(numeric),
                        name + ": d/d input" + t + Arrays.toString(inputs[t].shape()) + "[" + j + "] analytic "
                                + got + " numeric " + numeric);
            }
        }
    }

    private static double weightedSum(Tensor y, float[] seed) {
        double s = 0;
        for (int i = 0; i < seed.length; i++) {
            s += (double) y.data()[i] * seed[i];
        }
        return s;
    }

    // ------------------------------------------------------------ element-wise binary, every broadcast

    private static final int[][][] BROADCAST_PAIRS = {
        {{2, 3}, {2, 3}},   // same shape
        {{2, 3}, {3}},      // row vector
        {{2, 3}, {1, 3}},   // [1×n] row
        {{2, 3}, {2, 1}},   // column
        {{2, 3}, {}},       // scalar
        {{2, 3}, {1}},      // one-element vector
        {{3}, {2, 3}},      // broadcast on the left
        {{}, {2, 3}},
        {{2, 1}, {1, 3}},   // outer
        {{4}, {4}},
        {{}, {}},
    };

    @Test
    void add() {
        for (int[][] p : BROADCAST_PAIRS) {
            check("add " + Arrays.deepToString(p), in -> in[0].add(in[1]), awayFromZero(p[0]), awayFromZero(p[1]));
        }
    }

    @Test
    void sub() {
        for (int[][] p : BROADCAST_PAIRS) {
            check("sub " + Arrays.deepToString(p), in -> in[0].sub(in[1]), awayFromZero(p[0]), awayFromZero(p[1]));
        }
    }

    @Test
    void mul() {
        for (int[][] p : BROADCAST_PAIRS) {
            check("mul " + Arrays.deepToString(p), in -> in[0].mul(in[1]), awayFromZero(p[0]), awayFromZero(p[1]));
        }
    }

    @Test
    void div() {
        for (int[][] p : BROADCAST_PAIRS) {
            check("div " + Arrays.deepToString(p), in -> in[0].div(in[1]), awayFromZero(p[0]), positive(p[1]));
        }
    }

    @Test
    void sameTensorOnBothSides() {
        check("x·x", in -> in[0].mul(in[0]), awayFromZero(2, 3));
        check("x/x", in -> in[0].div(in[0]), positive(3));
        check("x−x", in -> in[0].sub(in[0]), awayFromZero(3));
    }

    @Test
    void tensorScalar() {
        check("add 0.5", in -> in[0].add(0.5f), awayFromZero(2, 3));
        check("sub 0.5", in -> in[0].sub(0.5f), awayFromZero(2, 3));
        check("mul -1.5", in -> in[0].mul(-1.5f), awayFromZero(2, 3));
        check("div 2.5", in -> in[0].div(2.5f), awayFromZero(2, 3));
        check("neg", in -> in[0].neg(), awayFromZero(2, 3));
    }

    // ------------------------------------------------------------ products and shape

    @Test
    void matmul() {
        check("matmul", in -> in[0].matmul(in[1]), awayFromZero(3, 4), awayFromZero(4, 2));
        check("matmul 1×1", in -> in[0].matmul(in[1]), awayFromZero(1, 1), awayFromZero(1, 5));
        check("x·x", in -> in[0].matmul(in[0]), awayFromZero(3, 3));
    }

    @Test
    void matmulTransposed() {
        check("matmulTransposed", in -> in[0].matmulTransposed(in[1]), awayFromZero(3, 4), awayFromZero(5, 4));
        check("x·xᵀ", in -> in[0].matmulTransposed(in[0]), awayFromZero(3, 2));
    }

    @Test
    void transpose() {
        check("transpose", in -> in[0].transpose(), awayFromZero(2, 3));
        check("transpose then matmul", in -> in[0].transpose().matmul(in[1]), awayFromZero(4, 3), awayFromZero(4, 2));
    }

    // ------------------------------------------------------------ maps

    @Test
    void relu() {
        check("relu", in -> in[0].relu(), awayFromZero(3, 5));
    }

    @Test
    void tanh() {
        check("tanh", in -> in[0].tanh(), awayFromZero(3, 5));
    }

    @Test
    void exp() {
        check("exp", in -> in[0].exp(), awayFromZero(3, 5));
    }

    @Test
    void log() {
        check("log", in -> in[0].log(), positive(3, 5));
    }

    // ------------------------------------------------------------ reductions, softmax, loss

    @Test
    void sumAndMean() {
        check("sum", in -> in[0].sum(), awayFromZero(3, 4));
        check("mean", in -> in[0].mean(), awayFromZero(3, 4));
        check("sum of vector", in -> in[0].sum(), awayFromZero(7));
        check("mean of scalar", in -> in[0].mean(), awayFromZero());
    }

    @Test
    void softmax() {
        check("softmax rows", in -> in[0].softmax(), awayFromZero(4, 5));
        check("softmax vector", in -> in[0].softmax(), awayFromZero(6));
    }

    @Test
    void crossEntropy() {
        int[] labels = {2, 0, 1, 1, 2};
        check("crossEntropy", in -> in[0].crossEntropy(labels), awayFromZero(5, 3));
        // against the same loss built from softmax, log and a one-hot mask
        float[] oneHot = new float[5 * 3];
        for (int r = 0; r < labels.length; r++) {
            oneHot[r * 3 + labels[r]] = 1f;
        }
        Tensor mask = Tensor.of(oneHot, 5, 3);
        check("−mean(log softmax · onehot)·3",
                in -> in[0].softmax().log().mul(mask).mean().mul(-3f), awayFromZero(5, 3));
        // scaled: the incoming gradient multiplies the stored logits' gradient
        check("2·crossEntropy", in -> in[0].crossEntropy(labels).mul(2f), awayFromZero(5, 3));
    }

    @Test
    void smallNetworkComposite() {
        int[] labels = {0, 2, 1, 0};
        check("tanh net",
                in -> in[0].matmulTransposed(in[1]).add(in[2]).tanh().matmul(in[3]).crossEntropy(labels),
                awayFromZero(4, 3), awayFromZero(5, 3), awayFromZero(5), awayFromZero(5, 3));
        check("relu net",
                in -> in[0].matmulTransposed(in[1]).add(in[2]).relu().exp().div(in[3]).sum(),
                awayFromZero(4, 3), awayFromZero(5, 3), awayFromZero(1, 5), positive(4, 1));
    }
}
