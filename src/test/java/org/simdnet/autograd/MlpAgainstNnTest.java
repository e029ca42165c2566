package org.simdnet.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.simdnet.layer.Activation;
import org.simdnet.layer.Identity;
import org.simdnet.layer.ReLU;
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
