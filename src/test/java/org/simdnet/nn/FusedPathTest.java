package org.simdnet.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.simdnet.layer.LayerKinds;

/**
 * The fused small-MLP kernel against the layer-by-layer path (itself checked against finite
 * differences in {@link BackpropGradientTest}): same loss, same gradient, same hit count, over
 * shapes with partial blocks, hidden widths that are not a multiple of the lanes, a shuffled
 * row order and every activation.
 */
class FusedPathTest {

    @ParameterizedTest
    @CsvSource({
        "2, 100, 3, 3000, RELU", "2, 100, 3, 53, TANH", "3, 37, 5, 41, IDENTITY",
        "1, 1, 2, 1, RELU", "8, 129, 16, 77, RELU", "2, 16, 3, 16, TANH", "2, 24, 4, 19, RELU",
        "1, 50, 2, 33, IDENTITY"})
    void fusedMatchesLayerByLayer(int in, int hidden, int out, int rows, String activation) {
        Mlp mlp = Mlp.initialise(new int[] {in, hidden, out}, LayerKinds.activation(activation), 17);
        assumeTrue(FusedPath.applies(mlp), "fused kernel in use (vector kernels)");
        SplittableRandom random = new SplittableRandom(rows);
        int total = rows + 7;
        float[] x = new float[total * in];
        int[] labels = new int[total];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (random.nextDouble() * 4 - 2);
        }
        for (int i = 0; i < total; i++) {
            labels[i] = random.nextInt(out);
        }
        int[] order = new int[total];
        for (int i = 0; i < total; i++) {
            order[i] = (i * 7 + 3) % total;
        }
        int from = 5;
        int batch = rows + 11;

        Workspace fused = new Workspace(mlp, rows);
        double[] fusedHits = new double[1];
        double fusedLoss = Backprop.shard(mlp, fused, x, labels, null, order, from, rows, batch, null, fusedHits);

        Workspace plain = new Workspace(mlp, rows);
        plain.load(x, in, labels, order, from, rows);
        double plainLoss = Backprop.lossAndGradient(mlp, plain, rows, batch, null);
        int plainHits = 0;
        for (int r = 0; r < rows; r++) {
            plainHits += plain.predictions()[r] == plain.labels()[r] ? 1 : 0;
        }

        assertEquals(plainLoss, fusedLoss, 1e-5 * Math.max(1, Math.abs(plainLoss)), "loss");
        assertEquals(plainHits, fusedHits[0], 0, "correctly classified rows");
        float[] g = plain.gradient();
        float[] f = fused.gradient();
        double scale = 0;
        for (float v : g) {
            scale = Math.max(scale, Math.abs(v));
        }
        assertTrue(scale > 0, "a gradient that is all zeros would make this test vacuous");
        for (int i = 0; i < g.length; i++) {
            // Different summation orders in float: 1e-5 of the largest gradient entry.
            assertEquals(g[i], f[i], 1e-5 * scale + 1e-7, "gradient entry " + i);
        }
    }
}
