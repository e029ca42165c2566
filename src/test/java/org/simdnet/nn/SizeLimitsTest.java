package org.simdnet.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.simdnet.layer.Dense;
import org.simdnet.layer.ReLU;
import org.simdnet.layer.SoftmaxCrossEntropy;

/** Sizes computed from user input or file contents: long arithmetic and a clear error, never a wrapped int. */
class SizeLimitsTest {

    /** {@code from × features} used to wrap in int: 2^30 × 4 is 0, and row 0 was copied silently. */
    @Test
    void loadRejectsRowsBeyondTheDataInsteadOfWrapping() {
        Mlp mlp = Mlp.initialise(new int[] {4, 3, 2}, new ReLU(), 1);
        Workspace ws = new Workspace(mlp, 2);
        float[] x = new float[8];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ws.load(x, 4, new int[2], null, 1 << 30, 1));
        assertTrue(e.getMessage().contains("outside the 2 rows"), e.getMessage());
        int[] order = {0, (1 << 30) + 1};
        e = assertThrows(IllegalArgumentException.class, () -> ws.load(x, 4, new int[2], order, 0, 2));
        assertTrue(e.getMessage().contains("order[1] is row 1073741825 but the data has 2 rows"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ws.load(x, 4, null, order, 1, 2));
        assertTrue(e.getMessage().contains("outside the order of 2 rows"), e.getMessage());
        ws.load(x, 4, new int[2], new int[] {1, 0}, 0, 2);     // in range: fine
    }

    @Test
    void workspacesNameTheMostRowsThatFit() {
        Mlp wide = Mlp.initialise(new int[] {2, 65536, 2, 3}, new ReLU(), 1);
        assertEquals(32767, Workspace.maxRows(wide));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Workspace(wide, 32768));
        assertTrue(e.getMessage().contains("at most 32767 rows fit"), e.getMessage());
        assertEquals(64, Workspace.chunkRows(wide, 256));
        assertEquals(256, Workspace.chunkRows(Mlp.initialise(new int[] {2, 100, 3}, new ReLU(), 1), 256));
    }

    /**
     * A model file with widths [2, 8388608, 1, 2] is valid and loads; its batch prediction once
     * died in the predictor's 256-row workspace (256 × 8388608 floats is 2^31). The chunk now
     * shrinks to what fits.
     */
    @Test
    void aVeryWideModelPredictsBatchesInSmallerChunks() {
        int wide = 8388608;
        List<org.simdnet.layer.Layer> layers = List.of(new Dense(2, wide), new ReLU(), new Dense(wide, 1), new ReLU(),
                new Dense(1, 2));
        float[] params = new float[Mlp.parameterCount(2, layers)];
        // hidden unit j: relu(x0 + j·1e-7), all weighted 1e-8 into one unit u, then logits (u, −u)
        for (int j = 0; j < wide; j++) {
            params[2 * j] = 1f;
            params[2 * wide + j] = j * 1e-7f;
            params[3 * wide + j] = 1e-8f;
        }
        int w3 = 4 * wide + 1;
        params[w3] = 1f;
        params[w3 + 1] = -1f;
        Mlp mlp = new Mlp(2, layers, new SoftmaxCrossEntropy(), params);
        assertFalse(FusedPath.applies(mlp));
        Predictor predictor = new Predictor(mlp);
        float[] x = {1f, 0f, 2f, 0f, -50f, 0f};
        float[] probabilities = new float[6];
        int[] classes = new int[3];
        predictor.predictBatch(x, 3, probabilities, classes);
        float[] one = new float[2];
        for (int r = 0; r < 3; r++) {
            predictor.predict(new float[] {x[2 * r], x[2 * r + 1]}, one);
            assertEquals(one[0], probabilities[2 * r], 1e-6f, "row " + r);
            assertEquals(one[1], probabilities[2 * r + 1], 1e-6f, "row " + r);
        }
        assertEquals(0, classes[0]);
        assertTrue(probabilities[2] > probabilities[0], "a larger x0 gives a larger first logit");
    }

    /** The fused kernel's scratch grows with the hidden width: beyond 65536 units the layer path serves the net. */
    @Test
    void theFusedKernelTakesHiddenLayersUpTo65536() {
        Mlp at = Mlp.initialise(2, List.of(new Dense(2, 65536), new ReLU(), new Dense(65536, 3)),
                new SoftmaxCrossEntropy(), 1);
        Mlp beyond = Mlp.initialise(2, List.of(new Dense(2, 65537), new ReLU(), new Dense(65537, 3)),
                new SoftmaxCrossEntropy(), 1);
        assertEquals(FusedPath.KERNEL != null, FusedPath.applies(at));
        assertFalse(FusedPath.applies(beyond));
    }
}
