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
import org.simdnet.kernel.Kernels;
import org.simdnet.kernel.RowKernels;
import org.simdnet.kernel.ScalarRowKernels;

/**
 * Row kernels on a rows×cols batch, vector ({@link Kernels#ROWS}) against the scalar twin in the
 * same run. cols = 3 is the spiral classifier's logits, 100 its hidden layer.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 500, timeUnit = TimeUnit.MILLISECONDS)   // Vector API code compiles late on 2 busy cores
@Measurement(iterations = 5, time = 300, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class RowOpsBench {

    @Param({"vector", "scalar"})
    public String impl;
    @Param({"1", "64", "3000"})
    public int rows;
    @Param({"3", "100", "1024"})
    public int cols;

    private RowKernels k;
    private float[] x, y, bias, sums;
    private int[] labels;

    @Setup
    public void setup() {
        if (impl.equals("vector") && !Kernels.vectorized()) {
            throw new IllegalStateException("vector kernels not in use: " + Kernels.DESCRIPTION);
        }
        k = impl.equals("vector") ? Kernels.ROWS : new ScalarRowKernels();
        SplittableRandom rnd = new SplittableRandom(42);
        x = new float[rows * cols];
        y = new float[rows * cols];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (4 * rnd.nextDouble() - 2);
        }
        bias = new float[cols];
        sums = new float[cols];
        labels = new int[rows];
        for (int r = 0; r < rows; r++) {
            labels[r] = rnd.nextInt(cols);
        }
    }

    @Benchmark
    public float[] addBias() {
        // adds to y, which holds zeros plus the earlier sums of a zero bias: values stay fixed
        k.addBias(rows, cols, y, 0, cols, bias, 0);
        return y;
    }

    @Benchmark
    public float[] columnSums() {
        k.columnSums(rows, cols, x, 0, cols, sums, 0, false);
        return sums;
    }

    @Benchmark
    public float[] relu() {
        k.relu(rows * cols, x, 0, y, 0);
        return y;
    }

    @Benchmark
    public float[] softmaxRows() {
        k.softmaxRows(rows, cols, x, 0, cols, y, 0, cols);
        return y;
    }

    @Benchmark
    public double softmaxCrossEntropy() {
        return k.softmaxCrossEntropy(rows, cols, x, 0, cols, labels, 0, rows, y, 0, cols);
    }
}
