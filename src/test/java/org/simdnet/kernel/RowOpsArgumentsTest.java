package org.simdnet.kernel;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The checked facades reject bad arguments with messages that name the operand and its shape. */
class RowOpsArgumentsTest {

    private static void rejects(Executable call, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "message '" + e.getMessage() + "' lacks '" + f + "'");
        }
    }

    @Test
    void matrixShapesAndBounds() {
        float[] x = new float[12];
        rejects(() -> RowOps.addBias(4, 3, x, 1, 3, new float[3], 0), "x is 4×3", "needs 13", "holds 12");
        rejects(() -> RowOps.addBias(4, 3, x, 0, 2, new float[3], 0), "x is 4×3", "leading dimension is 2");
        rejects(() -> RowOps.addBias(4, 3, x, 0, 3, new float[2], 0), "bias needs 3");
        rejects(() -> RowOps.addBias(-1, 3, x, 0, 3, new float[3], 0), "negative shape -1×3");
        rejects(() -> RowOps.addBias(4, 3, x, 0, 3, x, 9), "bias", "overlaps");
        rejects(() -> RowOps.columnSums(4, 3, x, 0, 3, new float[5], 3, false), "out needs 3", "offset 3");
        rejects(() -> RowOps.columnSums(2, 3, x, 0, 3, x, 5, false), "out (length 3) overlaps x (2×3)");
        rejects(() -> RowOps.argmaxRows(4, 3, x, 0, 3, new int[3], 0), "out needs 4");
        rejects(() -> RowOps.argmaxRows(4, 0, x, 0, 1, new int[4], 0), "4×0");
        rejects(() -> RowOps.softmaxRows(2, 3, x, 0, 3, null, 0, 3), "y (2×3) is null");
        assertDoesNotThrow(() -> RowOps.addBias(0, 0, new float[0], 0, 1, new float[0], 0));
    }

    @Test
    void elementwiseInPlaceIsAllowedButPartialOverlapIsNot() {
        float[] a = new float[40];
        assertDoesNotThrow(() -> RowOps.relu(20, a, 3, a, 3));
        assertDoesNotThrow(() -> RowOps.tanh(20, a, 0, a, 20));
        rejects(() -> RowOps.exp(20, a, 0, a, 5), "y (length 20) overlaps x (length 20)");
        rejects(() -> RowOps.relu(20, a, 0, new float[19], 0), "y needs 20");
        assertDoesNotThrow(() -> RowOps.reluBackward(20, a, 0, a, 20, a, 20));
        rejects(() -> RowOps.tanhBackward(20, a, 0, a, 20, a, 10), "dx (length 20) overlaps");
        rejects(() -> RowOps.exp(-2, a, 0, a, 0), "negative length -2");
    }

    @Test
    void softmaxInPlaceNeedsTheSameLayout() {
        float[] a = new float[60];
        assertDoesNotThrow(() -> RowOps.softmaxRows(3, 4, a, 2, 5, a, 2, 5));
        rejects(() -> RowOps.softmaxRows(3, 4, a, 2, 5, a, 2, 4), "y (3×4, leading dimension 4) overlaps x (3×4, leading dimension 5)");
        assertDoesNotThrow(() -> RowOps.softmaxRows(3, 4, a, 0, 4, a, 12, 4));
    }

    @Test
    void crossEntropyLabelsAndBatch() {
        float[] logits = new float[9];
        float[] d = new float[9];
        rejects(() -> RowOps.softmaxCrossEntropy(3, 3, logits, 0, 3, new int[] {0, 3, 1}, 0, 3, d, 0, 3),
                "labels[1] is 3", "3×3", "[0, 3)");
        rejects(() -> RowOps.softmaxCrossEntropy(3, 3, logits, 0, 3, new int[] {0, -1, 1}, 0, 3, d, 0, 3),
                "labels[1] is -1");
        rejects(() -> RowOps.softmaxCrossEntropy(3, 3, logits, 0, 3, new int[] {0, 1, 2}, 0, 2, d, 0, 3),
                "batchSize is 2", "3 rows");
        rejects(() -> RowOps.softmaxCrossEntropy(0, 3, logits, 0, 3, new int[0], 0, 0, d, 0, 3), "batchSize is 0");
        rejects(() -> RowOps.softmaxCrossEntropy(3, 3, logits, 0, 3, new int[] {0, 1}, 0, 3, d, 0, 3),
                "labels needs 3");
        rejects(() -> RowOps.softmaxCrossEntropy(2, 3, logits, 0, 3, new int[] {0, 1}, 0, 3, logits, 3, 3),
                "dLogits (2×3, leading dimension 3) overlaps logits");
        rejects(() -> RowOps.softmaxCrossEntropy(2, 3, logits, 0, 3, new int[] {0, 1}, 0, 3, new float[5], 0, 3),
                "dLogits is 2×3");
        assertDoesNotThrow(() -> RowOps.softmaxCrossEntropy(3, 3, logits, 0, 3, new int[] {0, 1, 2}, 0, 7, logits, 0, 3));
        assertDoesNotThrow(() -> RowOps.softmaxCrossEntropy(0, 3, logits, 0, 3, new int[0], 0, 1, d, 0, 3));
    }

    @Test
    void optimizerHyperParameters() {
        float[] w = new float[10], g = new float[10], m = new float[10], v = new float[10];
        rejects(() -> Optimizers.adam(10, w, 0, g, 0, m, 0, v, 0, 1e-3f, 0.9f, 0.999f, 1e-8f, 0f, 0), "step must be >= 1", "got 0");
        rejects(() -> Optimizers.adam(10, w, 0, g, 0, m, 0, v, 0, -1e-3f, 0.9f, 0.999f, 1e-8f, 0f, 1), "lr", "-0.001");
        rejects(() -> Optimizers.adam(10, w, 0, g, 0, m, 0, v, 0, Float.NaN, 0.9f, 0.999f, 1e-8f, 0f, 1), "lr", "NaN");
        rejects(() -> Optimizers.adam(10, w, 0, g, 0, m, 0, v, 0, 1e-3f, 1f, 0.999f, 1e-8f, 0f, 1), "beta1", "[0, 1)");
        rejects(() -> Optimizers.adam(10, w, 0, g, 0, m, 0, v, 0, 1e-3f, 0.9f, -0.1f, 1e-8f, 0f, 1), "beta2");
        rejects(() -> Optimizers.adam(10, w, 0, g, 0, m, 0, v, 0, 1e-3f, 0.9f, 0.999f, -1f, 0f, 1), "eps");
        rejects(() -> Optimizers.adam(10, w, 0, g, 0, m, 0, v, 0, 1e-3f, 0.9f, 0.999f, 1e-8f, -1f, 1), "weightDecay");
        rejects(() -> Optimizers.adam(10, w, 0, g, 0, m, 0, new float[9], 0, 1e-3f, 0.9f, 0.999f, 1e-8f, 0f, 1), "v needs 10");
        rejects(() -> Optimizers.adam(10, w, 0, g, 0, m, 0, m, 0, 1e-3f, 0.9f, 0.999f, 1e-8f, 0f, 1), "v (length 10) overlaps m");
        rejects(() -> Optimizers.sgd(10, w, 0, g, 0, null, 0, 0.1f, 0.9f, 0f, true), "momentumBuf (length 10) is null");
        rejects(() -> Optimizers.sgd(10, w, 0, g, 0, m, 0, 0.1f, -0.5f, 0f, true), "momentum", "-0.5");
        rejects(() -> Optimizers.sgd(10, w, 0, w, 0, m, 0, 0.1f, 0f, 0f, true), "w (length 10) overlaps g");
        rejects(() -> Optimizers.sgd(10, w, 0, g, 0, m, 0, Float.POSITIVE_INFINITY, 0f, 0f, true), "lr");
        assertDoesNotThrow(() -> Optimizers.sgd(10, w, 0, g, 0, null, 0, 0.1f, 0f, 0f, true));
        rejects(() -> Optimizers.sgd(10, w, 0, g, 0, m, 0, 0.1f, 0f, 0f, 0f, true, true), "nesterov requires momentum > 0");
        rejects(() -> Optimizers.sgd(10, w, 0, g, 0, m, 0, 0.1f, 0.9f, 0.5f, 0f, true, true), "nesterov", "dampening 0.5");
        rejects(() -> Optimizers.sgd(10, w, 0, g, 0, m, 0, 0.1f, 0.9f, -0.5f, 0f, false, true), "dampening", "-0.5");
        assertDoesNotThrow(() -> Optimizers.sgd(10, w, 0, g, 0, m, 0, 0.1f, 0.9f, 0f, 0f, true, true));
        rejects(() -> Optimizers.adamW(10, w, 0, g, 0, m, 0, v, 0, 1e-3f, 0.9f, 0.999f, 1e-8f, 0f, 0), "step must be >= 1");
        rejects(() -> Optimizers.adamW(10, w, 0, g, 0, m, 0, v, 0, 1e-3f, 0.9f, 0.999f, 1e-8f, -0.01f, 1), "weightDecay");
        rejects(() -> Optimizers.adamW(10, w, 0, g, 0, m, 0, w, 0, 1e-3f, 0.9f, 0.999f, 1e-8f, 0f, 1), "v (length 10) overlaps w");
        rejects(() -> Optimizers.scale(11, w, 0, 0.5f), "x needs 11");
    }
}
