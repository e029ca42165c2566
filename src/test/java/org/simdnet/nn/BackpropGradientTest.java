package org.simdnet.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.simdnet.layer.Dense;
import org.simdnet.layer.Head;
import org.simdnet.layer.Layer;
import org.simdnet.layer.LayerKind;
import org.simdnet.layer.LayerKinds;
import org.simdnet.layer.LeakyReLU;
import org.simdnet.layer.MeanSquaredError;
import org.simdnet.layer.ReLU;
import org.simdnet.layer.Sigmoid;
import org.simdnet.layer.SigmoidCrossEntropy;
import org.simdnet.layer.SoftmaxCrossEntropy;
import org.simdnet.layer.Tanh;

/**
 * The layers' back-prop of whole models against central finite differences of a double-precision
 * re-implementation of the same loss ({@link DoubleReference}): every activation kind, every head,
 * and mixed stacks (two activations in a row included, which exercises the buffer sharing rules).
 * The reference loss is checked against the engine's first, so the differences are of the
 * function the engine computes.
 */
class BackpropGradientTest {

    private static final int ROWS = 9;

    static Stream<Arguments> models() {
        List<Arguments> cases = new ArrayList<>();
        for (LayerKind kind : LayerKinds.all()) {
            if (kind.isActivation()) {
                Layer a = kind.create(1, 1, kind.defaultAttributes());
                cases.add(Arguments.of(kind.name() + " softmax", List.of(new Dense(3, 7), a, new Dense(7, 5), a,
                        new Dense(5, 4)), new SoftmaxCrossEntropy()));
            }
        }
        cases.add(Arguments.of("mixed mse", List.of(new Dense(3, 6), new LeakyReLU(-0.3f), new Dense(6, 5), new Sigmoid(),
                new Dense(5, 2)), new MeanSquaredError()));
        cases.add(Arguments.of("mixed bce", List.of(new Dense(3, 6), new Tanh(), new Dense(6, 5), new ReLU(),
                new Dense(5, 3)), new SigmoidCrossEntropy()));
        cases.add(Arguments.of("two activations in a row", List.of(new Dense(3, 6), new ReLU(), new Tanh(),
                new Dense(6, 5), new Sigmoid(), new LeakyReLU(0.2f), new Dense(5, 4)), new SoftmaxCrossEntropy()));
        cases.add(Arguments.of("ends in an activation", List.of(new Dense(3, 6), new Tanh(), new Dense(6, 2),
                new Sigmoid()), new MeanSquaredError()));
        cases.add(Arguments.of("single layer", List.of(new Dense(3, 4)), new SigmoidCrossEntropy()));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void gradientMatchesFiniteDifferences(String name, List<Layer> layers, Head head) {
        Mlp mlp = Mlp.initialise(3, layers, head, 7);
        SplittableRandom random = new SplittableRandom(11);
        float[] x = new float[ROWS * 3];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (random.nextDouble() * 2 - 1);
        }
        int width = mlp.outputs();
        int[] labels = new int[ROWS];
        float[] targets = new float[ROWS * width];
        for (int i = 0; i < ROWS; i++) {
            labels[i] = random.nextInt(width);
        }
        for (int i = 0; i < targets.length; i++) {
            targets[i] = head instanceof SigmoidCrossEntropy ? random.nextInt(2) : (float) random.nextGaussian();
        }
        boolean usesLabels = head.usesLabels();
        Workspace ws = new Workspace(mlp, ROWS);
        ws.load(x, 3, usesLabels ? labels : null, usesLabels ? null : targets, width, null, 0, ROWS);
        double loss = Backprop.lossAndGradient(mlp, ws, ROWS, ROWS, null);

        double[] p = new double[mlp.params().length];
        for (int i = 0; i < p.length; i++) {
            p[i] = mlp.params()[i];
        }
        assertEquals(DoubleReference.loss(mlp, p, x, labels, targets, ROWS), loss, 1e-5,
                "engine loss vs double reference");

        double h = 1e-6;
        for (int i = 0; i < p.length; i++) {
            double keep = p[i];
            p[i] = keep + h;
            double up = DoubleReference.loss(mlp, p, x, labels, targets, ROWS);
            p[i] = keep - h;
            double down = DoubleReference.loss(mlp, p, x, labels, targets, ROWS);
            p[i] = keep;
            double numeric = (up - down) / (2 * h);
            double analytic = ws.gradient()[i];
            // float back-prop vs double differences: 1e-3 relative (plus 1e-6 absolute).
            assertTrue(Math.abs(numeric - analytic) <= 1e-3 * Math.abs(numeric) + 1e-6,
                    name + ", parameter " + i + ": finite difference " + numeric + " vs back-prop " + analytic);
        }
    }
}
