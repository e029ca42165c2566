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
import org.simdnet.kernel.OptimizerKernels;
import org.simdnet.kernel.ScalarOptimizerKernels;

/** One Adam / SGD-with-momentum step over n parameters, vector against scalar. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 500, timeUnit = TimeUnit.MILLISECONDS)   // Vector API code compiles late on 2 busy cores
@Measurement(iterations = 5, time = 300, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class OptimizerBench {

    @Param({"vector", "scalar"})
    public String impl;
    /** 10,603 is the 2→100→3 net's parameter count (2·100 + 100 + 100·3 + 3 = 603; 10k for headroom). */
    @Param({"10000", "1000000"})
    public int n;

    private OptimizerKernels k;
    private float[] w, g, m, v;

    @Setup
    public void setup() {
        // Steady state: the vector kernels from the start (the background warm-up would switch
        // to them within the warm-up iterations anyway).
        org.simdnet.kernel.KernelWarmUp.forceVector(true);
        k = impl.equals("vector") ? Kernels.OPTIMIZERS : new ScalarOptimizerKernels();
        SplittableRandom rnd = new SplittableRandom(7);
        w = new float[n];
        g = new float[n];
        m = new float[n];
        v = new float[n];
        for (int i = 0; i < n; i++) {
            w[i] = (float) rnd.nextDouble();
            g[i] = (float) (1e-3 * (rnd.nextDouble() - 0.5));
        }
    }

    @Benchmark
    public float[] adam() {
        k.adam(n, w, 0, g, 0, m, 0, v, 0, 1e-3f, 0.9f, 0.999f, 1e-8f, 1e-5f, 10);
        return w;
    }

    @Benchmark
    public float[] sgdMomentum() {
        k.sgd(n, w, 0, g, 0, m, 0, 1e-3f, 0.9f, 1e-5f, false);
        return w;
    }
}
