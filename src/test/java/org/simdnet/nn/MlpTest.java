package org.simdnet.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.simdnet.layer.Dense;
import org.simdnet.layer.ReLU;
import org.simdnet.layer.LayerKinds;
import org.simdnet.layer.SoftmaxCrossEntropy;

class MlpTest {

    @Test
    void layoutIsWeightsThenBiasPerLayer() {
        Mlp mlp = Mlp.initialise(new int[] {2, 100, 3}, new ReLU(), 1);
        assertEquals(2 * 100 + 100 + 100 * 3 + 3, mlp.params().length);
        assertEquals(0, mlp.weightOffset(0));
        assertEquals(200, mlp.biasOffset(0));
        assertEquals(300, mlp.weightOffset(1));
        assertEquals(600, mlp.biasOffset(1));
    }

    @Test
    void initialisationIsUniformWithinOneOverSqrtFanIn() {
        Mlp mlp = Mlp.initialise(new int[] {4, 64, 3}, new ReLU(), 3);
        float[] p = mlp.params();
        for (int i = 0; i < mlp.biasOffset(0) + 64; i++) {
            assertTrue(Math.abs(p[i]) <= 0.5f, "layer 0 bound 1/sqrt(4)");
        }
        float max = 0;
        for (int i = mlp.weightOffset(1); i < p.length; i++) {
            assertTrue(Math.abs(p[i]) <= 0.125f, "layer 1 bound 1/sqrt(64)");
            max = Math.max(max, Math.abs(p[i]));
        }
        assertTrue(max > 0.1f, "the draws fill the range");
        assertEquals(java.util.Arrays.toString(p),
                java.util.Arrays.toString(Mlp.initialise(new int[] {4, 64, 3}, new ReLU(), 3).params()),
                "same seed, same weights");
    }

    @Test
    void badShapesNameTheProblem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Mlp(new int[] {2, 3}, new ReLU(), new float[8]));
        assertTrue(e.getMessage().contains("Dense(2, 3) needs 9 parameters but 8"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Mlp.initialise(new int[] {2}, new ReLU(), 1));
        assertThrows(IllegalArgumentException.class, () -> Mlp.initialise(new int[] {2, 0, 3}, new ReLU(), 1));
        assertThrows(IllegalArgumentException.class, () -> LayerKinds.activation("swish"));
        e = assertThrows(IllegalArgumentException.class, () -> new Mlp(2, java.util.List.of(new Dense(2, 3),
                new Dense(4, 1)), new SoftmaxCrossEntropy(), new float[14]));
        assertTrue(e.getMessage().contains("layer 1: Dense(4, 1) cannot take 3 inputs"), e.getMessage());
    }
}
