package org.simdnet.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.simdnet.autograd.Tensor;
import org.simdnet.layer.Activation;
import org.simdnet.layer.Identity;
import org.simdnet.layer.ReLU;
import org.simdnet.layer.Tanh;
import org.simdnet.nn.Backprop;
import org.simdnet.nn.Mlp;
import org.simdnet.nn.Workspace;

/**
 * One loss-and-gradient evaluation of the lecture's 2 → 100 → 3 ReLU net on one batch, single
 * thread: through the autograd tape (a tensor per operation) and through the hand-written
 * {@code nn.Backprop} (preallocated workspace). Same GEMM and row kernels underneath.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class AutogradStepBench {

    @Param({"64", "3000"})
    int rows;

    private float[] x;
    private int[] labels;
    private Mlp mlp;
    private Workspace ws;
    private Tensor input, w1, b1, w2, b2;

    @Setup
    public void setup() {
        SplittableRandom random = new SplittableRandom(1);
        x = new float[rows * 2];
        labels = new int[rows];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (random.nextDouble() * 2 - 1);
        }
        for (int i = 0; i < rows; i++) {
            labels[i] = random.nextInt(3);
        }
        mlp = Mlp.initialise(new int[] {2, 100, 3}, new ReLU(), 12345L);
        ws = new Workspace(mlp, rows);
        ws.load(x, 2, labels, null, 0, rows);
        float[] p = mlp.params();
        input = Tensor.of(x, rows, 2);
        w1 = Tensor.of(java.util.Arrays.copyOfRange(p, mlp.weightOffset(0), mlp.biasOffset(0)), 100, 2).requireGrad();
        b1 = Tensor.of(java.util.Arrays.copyOfRange(p, mlp.biasOffset(0), mlp.weightOffset(1)), 100).requireGrad();
        w2 = Tensor.of(java.util.Arrays.copyOfRange(p, mlp.weightOffset(1), mlp.biasOffset(1)), 3, 100).requireGrad();
        b2 = Tensor.of(java.util.Arrays.copyOfRange(p, mlp.biasOffset(1), p.length), 3).requireGrad();
    }

    @Benchmark
    public float tape() {
        w1.zeroGrad();
        b1.zeroGrad();
        w2.zeroGrad();
        b2.zeroGrad();
        Tensor loss = input.matmulTransposed(w1).add(b1).relu().matmulTransposed(w2).add(b2).crossEntropy(labels);
        loss.backward();
        return loss.item() + w1.grad().data()[0];
    }

    @Benchmark
    public double handWritten() {
        ws.load(x, 2, labels, null, 0, rows);
        return Backprop.lossAndGradient(mlp, ws, rows, rows, null) + ws.gradient()[0];
    }
}
