package org.simdnet.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.simdnet.layer.Activation;
import org.simdnet.layer.Dense;
import org.simdnet.layer.GELU;
import org.simdnet.layer.Head;
import org.simdnet.layer.Identity;
import org.simdnet.layer.Layer;
import org.simdnet.layer.LeakyReLU;
import org.simdnet.layer.MeanSquaredError;
import org.simdnet.layer.ReLU;
import org.simdnet.layer.Sigmoid;
import org.simdnet.layer.SigmoidCrossEntropy;
import org.simdnet.layer.SoftmaxCrossEntropy;
import org.simdnet.layer.Tanh;
import org.simdnet.nn.Backprop;
import org.simdnet.nn.Mlp;
import org.simdnet.nn.Workspace;

/**
 * The same spiral MLP (2 → 100 → 3) differentiated by the tape and by the hand-written
 * {@link org.simdnet.nn.Backprop} the trainer uses: loss to 1e-5 relative, every parameter
 * gradient to 1e-5 of its tensor's largest element. (Only this test reaches into {@code nn}; the
 * autograd package itself never does.)
 */
class MlpAgainstNnTest {

    @Test
    void tapeMatchesTheTrainersBackprop() {
        for (Activation activation : new Activation[] {new ReLU(), new Tanh()}) {
            int rows = 64, in = 2, hidden = 100, classes = 3;
            Mlp mlp = Mlp.initialise(new int[] {in, hidden, classes}, activation, 12345L);
            SplittableRandom random = new SplittableRandom(777);
            float[] x = new float[rows * in];
            int[] labels = new int[rows];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (random.nextDouble() * 2 - 1);
            }
            for (int i = 0; i < rows; i++) {
                labels[i] = random.nextInt(classes);
            }
            Workspace ws = new Workspace(mlp, rows);
            ws.load(x, in, labels, null, 0, rows);
            double nnLoss = Backprop.lossAndGradient(mlp, ws, rows, rows, null);
            float[] nnGrad = ws.gradient();

            float[] p = mlp.params();
            Tensor w1 = slice(p, mlp.weightOffset(0), hidden, in);
            Tensor b1 = slice(p, mlp.biasOffset(0), hidden);
            Tensor w2 = slice(p, mlp.weightOffset(1), classes, hidden);
            Tensor b2 = slice(p, mlp.biasOffset(1), classes);
            Tensor pre = Tensor.of(x, rows, in).matmulTransposed(w1).add(b1);
            Tensor h = activation instanceof ReLU ? pre.relu() : pre.tanh();
            Tensor loss = h.matmulTransposed(w2).add(b2).crossEntropy(labels);
            loss.backward();

            String at = activation + ": ";
            assertEquals(nnLoss, loss.item(), 1e-5 * nnLoss, at + "loss");
            assertClose(at + "dW1", nnGrad, mlp.weightOffset(0), w1);
            assertClose(at + "db1", nnGrad, mlp.biasOffset(0), b1);
            assertClose(at + "dW2", nnGrad, mlp.weightOffset(1), w2);
            assertClose(at + "db2", nnGrad, mlp.biasOffset(1), b2);

            // The trainer's own entry point: Backprop.shard, which takes the fused small-MLP
            // kernel for this net whenever the vector kernels are in use.
            Workspace shardWs = new Workspace(mlp, rows);
            double shardLoss = Backprop.shard(mlp, shardWs, x, labels, null, null, 0, rows, rows, null, new double[1]);
            float[] shardGrad = shardWs.gradient();
            String viaShard = at + "trainer's shard path: ";
            assertEquals(shardLoss, loss.item(), 1e-5 * shardLoss, viaShard + "loss");
            assertClose(viaShard + "dW1", shardGrad, mlp.weightOffset(0), w1);
            assertClose(viaShard + "db1", shardGrad, mlp.biasOffset(0), b1);
            assertClose(viaShard + "dW2", shardGrad, mlp.weightOffset(1), w2);
            assertClose(viaShard + "db2", shardGrad, mlp.biasOffset(1), b2);
        }
    }

    /** Mixed stacks and every head: the tape built from the model's own layer list, by composition. */
    static Stream<Arguments> layeredModels() {
        return Stream.of(
                Arguments.of(List.of(new Dense(3, 8), new Sigmoid(), new Dense(8, 6), new LeakyReLU(0.2f),
                        new Dense(6, 4)), new SoftmaxCrossEntropy()),
                Arguments.of(List.of(new Dense(3, 8), new Tanh(), new Dense(8, 6), new ReLU(), new Dense(6, 2)),
                        new MeanSquaredError()),
                Arguments.of(List.of(new Dense(3, 8), new LeakyReLU(-0.1f), new Sigmoid(), new Dense(8, 3)),
                        new SigmoidCrossEntropy()),
                Arguments.of(List.of(new Dense(3, 5), new Identity(), new Dense(5, 1), new Sigmoid()),
                        new MeanSquaredError()),
                Arguments.of(List.of(new Dense(3, 7), new GELU(), new Dense(7, 5), new Tanh(), new Dense(5, 3)),
                        new SoftmaxCrossEntropy()));
    }

    @ParameterizedTest
    @MethodSource("layeredModels")
    void tapeMatchesTheLayers(List<Layer> layers, Head head) {
        int rows = 23, in = 3;
        Mlp mlp = Mlp.initialise(in, layers, head, 99);
        int out = mlp.outputs();
        SplittableRandom random = new SplittableRandom(5);
        float[] x = new float[rows * in];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (random.nextDouble() * 4 - 2);
        }
        int[] labels = new int[rows];
        float[] targets = new float[rows * out];
        for (int i = 0; i < rows; i++) {
            labels[i] = random.nextInt(out);
        }
        for (int i = 0; i < targets.length; i++) {
            targets[i] = head instanceof SigmoidCrossEntropy ? random.nextInt(2) : (float) random.nextGaussian();
        }
        Workspace ws = new Workspace(mlp, rows);
        ws.load(x, in, head.usesLabels() ? labels : null, head.usesLabels() ? null : targets, out, null, 0, rows);
        double nnLoss = Backprop.lossAndGradient(mlp, ws, rows, rows, null);

        float[] p = mlp.params();
        List<Tensor[]> dense = new java.util.ArrayList<>();
        Tensor h = Tensor.of(x, rows, in);
        for (int l = 0; l < mlp.layerCount(); l++) {
            Layer layer = mlp.layer(l);
            if (layer instanceof Dense) {
                Dense d = (Dense) layer;
                Tensor w = slice(p, mlp.parameterOffset(l), d.out(), d.in());
                Tensor b = slice(p, mlp.parameterOffset(l) + d.in() * d.out(), d.out());
                dense.add(new Tensor[] {w, b});
                h = h.matmulTransposed(w).add(b);
            } else {
                h = activate(layer, h);
            }
        }
        Tensor loss;
        if (head instanceof SoftmaxCrossEntropy) {
            loss = h.crossEntropy(labels);
        } else if (head instanceof MeanSquaredError) {
            Tensor d = h.sub(Tensor.of(targets, rows, out));
            loss = d.mul(d).mean();
        } else {
            // softplus(z) − z·t, the BCE with logits for the moderate logits used here
            loss = h.exp().add(1f).log().sub(h.mul(Tensor.of(targets, rows, out))).mean();
        }
        loss.backward();
        String at = layers + " " + head + ": ";
        assertEquals(nnLoss, loss.item(), 1e-5 * Math.abs(nnLoss), at + "loss");
        for (int d = 0; d < dense.size(); d++) {
            assertClose(at + "dW" + d, ws.gradient(), mlp.weightOffset(d), dense.get(d)[0]);
            assertClose(at + "db" + d, ws.gradient(), mlp.biasOffset(d), dense.get(d)[1]);
        }
    }

    /** An activation layer as tape operations (the tape has relu, tanh, exp; the rest compose). */
    private static Tensor activate(Layer layer, Tensor h) {
        switch (layer.kind().name()) {
            case "relu":
                return h.relu();
            case "tanh":
                return h.tanh();
            case "identity":
                return h;
            case "sigmoid":
                return h.exp().div(h.exp().add(1f));
            case "leaky_relu":
                return h.relu().sub(h.neg().relu().mul(layer.attributes()[0]));
            case "gelu":
                return h.mul(0.5f).mul(h.mul(h).mul(h).mul(0.044715f).add(h).mul((float) Math.sqrt(2 / Math.PI))
                        .tanh().add(1f));
            default:
                throw new AssertionError("no tape form for " + layer);
        }
    }

    private static Tensor slice(float[] params, int from, int... shape) {
        return Tensor.of(Arrays.copyOfRange(params, from, from + Shape.numel(shape)), shape).requireGrad();
    }

    private static void assertClose(String name, float[] nnGrad, int from, Tensor param) {
        float[] tape = param.grad().data();
        double scale = 0;
        for (int i = 0; i < tape.length; i++) {
            scale = Math.max(scale, Math.abs(nnGrad[from + i]));
        }
        assertTrue(scale > 0, name + " is all zeros: the comparison would prove nothing");
        for (int i = 0; i < tape.length; i++) {
            assertEquals(nnGrad[from + i], tape[i], 1e-5 * scale, name + "[" + i + "]");
        }
    }
}
