package org.simdnet.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** Tape semantics (accumulation, freeing, errors) and forward values of the operations. */
class TensorTest {

    private static Tensor lectureOut(Tensor x) {
        Tensor y = x.sub(2f);
        return y.mul(y).mul(3f).mean();
    }

    @Test
    void gradientsAccumulateAcrossPassesUntilZeroGrad() {
        Tensor x = Tensor.of(new float[][] {{1, 2}, {3, 4}}).requireGrad();
        lectureOut(x).backward();
        lectureOut(x).backward();
        assertArrayEquals(new float[] {-3f, 0f, 3f, 6f}, x.grad().data());
        x.zeroGrad();
        assertArrayEquals(new float[4], x.grad().data());
        lectureOut(x).backward();
        assertArrayEquals(new float[] {-1.5f, 0f, 1.5f, 3f}, x.grad().data());
    }

    @Test
    void secondBackwardOnFreedGraphIsAnIllegalState() {
        Tensor x = Tensor.of(new float[][] {{1, 2}, {3, 4}}).requireGrad();
        Tensor out = lectureOut(x);
        out.backward();
        IllegalStateException e = assertThrows(IllegalStateException.class, out::backward);
        assertTrue(e.getMessage().contains("second time"), e.getMessage());
        assertTrue(e.getMessage().contains("retainGraph"), e.getMessage());
        // Nothing was added by the failed pass.
        assertArrayEquals(new float[] {-1.5f, 0f, 1.5f, 3f}, x.grad().data());
    }

    @Test
    void freedIntermediateReusedInANewGraphIsAnIllegalState() {
        Tensor x = Tensor.vector(1, 2, 3).requireGrad();
        Tensor y = x.mul(2f);
        y.sum().backward();
        Tensor again = y.mul(y).sum();
        assertThrows(IllegalStateException.class, again::backward);
    }

    @Test
    void retainGraphAllowsASecondPassThatAccumulates() {
        Tensor x = Tensor.of(new float[][] {{1, 2}, {3, 4}}).requireGrad();
        Tensor out = lectureOut(x);
        out.backward(true);
        out.backward(true);
        out.backward();
        assertArrayEquals(new float[] {-4.5f, 0f, 4.5f, 9f}, x.grad().data());
        assertThrows(IllegalStateException.class, out::backward);
    }

    @Test
    void backwardOnNonScalarNeedsASeed() {
        Tensor x = Tensor.vector(1, 2, 3).requireGrad();
        Tensor y = x.mul(x);
        IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().contains("[3]"), e.getMessage());
        y.backward(Tensor.vector(1, 0, 2), false);
        assertArrayEquals(new float[] {2f, 0f, 12f}, x.grad().data());
        Tensor z = x.mul(3f);
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> z.backward(Tensor.vector(1, 2), false));
        assertTrue(bad.getMessage().contains("[2]") && bad.getMessage().contains("[3]"), bad.getMessage());
    }

    @Test
    void backwardWithoutAnyGradientInputIsAnIllegalState() {
        Tensor out = Tensor.vector(1, 2).mul(2f).sum();
        assertFalse(out.requiresGrad());
        assertTrue(out.isLeaf());
        assertThrows(IllegalStateException.class, out::backward);
    }

    @Test
    void onlyInputsThatRequireGradGetOne() {
        Tensor w = Tensor.vector(1, 2).requireGrad();
        Tensor c = Tensor.vector(3, 4);
        Tensor out = w.mul(c).sum();
        assertTrue(out.requiresGrad());
        assertFalse(out.isLeaf());
        out.backward();
        assertArrayEquals(new float[] {3f, 4f}, w.grad().data());
        assertNull(c.grad());
        assertNull(out.grad());
        assertThrows(IllegalStateException.class, out::requireGrad);
    }

    @Test
    void backwardOnALeafScalarSeedsItsOwnGradient() {
        Tensor w = Tensor.scalar(3f).requireGrad();
        w.backward();
        w.backward();
        assertEquals(2f, w.grad().item());
    }

    @Test
    void diamondGraphSumsBothPaths() {
        // out = sum(x·x + x) → dx = 2x + 1; x is reached along three edges.
        Tensor x = Tensor.vector(1, -2, 3).requireGrad();
        x.mul(x).add(x).sum().backward();
        assertArrayEquals(new float[] {3f, -3f, 7f}, x.grad().data());
    }

    @Test
    void longChainDoesNotOverflowTheStack() {
        Tensor x = Tensor.scalar(1f).requireGrad();
        Tensor y = x;
        for (int i = 0; i < 100_000; i++) {
            y = y.add(0f);
        }
        y.mul(5f).backward();
        assertEquals(5f, x.grad().item());
    }

    @Test
    void shapeMismatchesNameBothShapes() {
        Tensor a = Tensor.zeros(2, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> a.matmul(Tensor.zeros(4, 5)));
        assertEquals("matmul: [2×3] by [4×5]: inner sizes 3 and 4 differ", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> a.matmulTransposed(Tensor.zeros(4, 5)));
        assertEquals("matmulTransposed: [2×3] by [4×5]ᵀ: inner sizes 3 and 5 differ", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> a.add(Tensor.zeros(4)));
        assertTrue(e.getMessage().startsWith("add: [2×3] and [4]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> a.mul(Tensor.zeros(3, 3)));
        assertTrue(e.getMessage().startsWith("mul: [2×3] and [3×3]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> a.matmul(Tensor.zeros(3)));
        assertTrue(e.getMessage().contains("[2×3] by [3]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.vector(1, 2).transpose());
        assertTrue(e.getMessage().contains("[2]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, -1));
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(1, 2, 3));
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.of(new float[5], 2, 3));
        assertTrue(e.getMessage().contains("[2×3]") && e.getMessage().contains("5"), e.getMessage());
    }

    @Test
    void crossEntropyRejectsBadLabels() {
        Tensor logits = Tensor.zeros(2, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> logits.crossEntropy(new int[] {0}));
        assertTrue(e.getMessage().contains("[2×3]") && e.getMessage().contains("1 labels"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> logits.crossEntropy(new int[] {0, 3}));
        assertTrue(e.getMessage().contains("label 3 of row 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensor.vector(1, 2).crossEntropy(new int[] {0}));
    }

    @Test
    void broadcastingForwardValues() {
        Tensor m = Tensor.of(new float[][] {{1, 2, 3}, {4, 5, 6}});
        assertEquals("[[11.0, 22.0, 33.0], [14.0, 25.0, 36.0]]", m.add(Tensor.vector(10, 20, 30)).toString());
        assertEquals("[[11.0, 22.0, 33.0], [14.0, 25.0, 36.0]]",
                m.add(Tensor.of(new float[] {10, 20, 30}, 1, 3)).toString());
        assertEquals("[[10.0, 20.0, 30.0], [2.0, 2.5, 3.0]]",
                m.mul(Tensor.of(new float[] {10, 0.5f}, 2, 1)).toString());
        assertEquals("[[9.0, 18.0, 27.0], [6.0, 15.0, 24.0]]",
                Tensor.vector(10, 20, 30).sub(m).toString());
        assertEquals("[[1.0, 0.5, 0.33333334], [0.25, 0.2, 0.16666667]]", Tensor.scalar(1f).div(m).toString());
        assertEquals("[[1.0, 2.0], [2.0, 4.0]]",
                Tensor.of(new float[] {1, 2}, 2, 1).mul(Tensor.of(new float[] {1, 2}, 1, 2)).toString());
        assertArrayEquals(new int[] {3}, Tensor.vector(1, 2, 3).add(Tensor.scalar(1)).shape());
        assertArrayEquals(new int[0], Tensor.scalar(1).add(Tensor.scalar(1)).shape());
        assertArrayEquals(new int[] {2, 3}, m.add(Tensor.of(new float[] {1}, 1)).shape());
    }

    @Test
    void elementwiseForwardValues() {
        Tensor v = Tensor.vector(-1, 0, 2);
        assertEquals("[0.0, 0.0, 2.0]", v.relu().toString());
        assertEquals("[1.0, -0.0, -2.0]", v.neg().toString());
        assertEquals("1.0", v.sum().toString());
        assertEquals(1f / 3f, v.mean().item(), 1e-7f);
        assertEquals("[[1.0, 3.0], [2.0, 4.0]]", Tensor.of(new float[][] {{1, 2}, {3, 4}}).transpose().toString());
        float[] e = Tensor.vector(0, 1, -1).exp().data();
        assertEquals(1f, e[0], 1e-6f);
        assertEquals((float) Math.E, e[1], 1e-5f);
        assertEquals((float) Math.exp(-1), e[2], 1e-6f);
        assertEquals((float) Math.log(2.5), Tensor.vector(2.5f).log().item(), 1e-6f);
        assertEquals((float) Math.tanh(0.7), Tensor.vector(0.7f).tanh().item(), 1e-6f);
        float[] s = Tensor.of(new float[][] {{1, 2, 3}, {0, 0, 0}}).softmax().data();
        double z = Math.exp(1) + Math.exp(2) + Math.exp(3);
        assertEquals(Math.exp(1) / z, s[0], 1e-6);
        assertEquals(Math.exp(3) / z, s[2], 1e-6);
        assertEquals(1.0 / 3, s[4], 1e-6);
        // cross-entropy of uniform logits is ln(classes)
        assertEquals(Math.log(3), Tensor.zeros(4, 3).crossEntropy(new int[] {0, 1, 2, 0}).item(), 1e-6);
    }

    @Test
    void matmulMatchesANaiveProductInDouble() {
        SplittableRandom random = new SplittableRandom(7);
        int m = 5, k = 7, n = 3;
        Tensor a = random(random, m, k);
        Tensor b = random(random, k, n);
        Tensor bt = random(random, n, k);
        float[] ab = a.matmul(b).data();
        float[] abt = a.matmulTransposed(bt).data();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0, st = 0;
                for (int p = 0; p < k; p++) {
                    s += (double) a.get(i, p) * b.get(p, j);
                    st += (double) a.get(i, p) * bt.get(j, p);
                }
                assertEquals(s, ab[i * n + j], 1e-5);
                assertEquals(st, abt[i * n + j], 1e-5);
            }
        }
        assertArrayEquals(new int[] {m, n}, a.matmul(b).shape());
    }

    static Tensor random(SplittableRandom random, int... shape) {
        float[] data = new float[Shape.numel(shape)];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return Tensor.of(data, shape);
    }
}
