package org.simdnet.bench;

import java.util.concurrent.TimeUnit;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The machine's fp32 FMA peak as the Vector API reaches it, the denominator of the "distance to
 * the limit" table (docs/benchmarks.md): twelve independent accumulators of the preferred species,
 * in registers, each updated {@code acc = x·y + acc} (the accumulating form a GEMM tile uses),
 * {@value #ITERATIONS} rounds per call, so that only the FMA units' throughput bounds the loop.
 * GFLOPS = 2 · lanes · 12 · {@value #ITERATIONS} / (ns per call); {@code oneThread} and
 * {@code twoThreads} (one accumulator set per thread) give the one-core and two-core peaks.
 *
 * <p>Until 2026-12-03 the chains were {@code a = a·m + c} (the accumulator as a factor): on a
 * Zen 3 core that form reached 84–88 GFLOPS while the accumulating form reaches 102.5, and
 * simdnet's GEMM tile and OpenBLAS ran at 92–95, above the "peak". Twelve accumulators: in a
 * throwaway harness 8 gave 88–89 GFLOPS there, 10 gave 95, 12 to 14 gave 102.5, 16 (spilling)
 * 97 (the FMA's latency, not its throughput, bounds fewer chains).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class FmaPeakBench {

    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int ITERATIONS = 4096;
    /** Floating-point operations of one call: two per lane per FMA. */
    public static final long FLOPS_PER_CALL = 2L * S.length() * 12 * ITERATIONS;

    /** Inputs from a field, so that the JIT cannot fold the chains away. */
    private float seed = 1e-7f;

    @Benchmark
    @Threads(1)
    public float oneThread() {
        return chains();
    }

    @Benchmark
    @Threads(2)
    public float twoThreads() {
        return chains();
    }

    private float chains() {
        FloatVector a0 = FloatVector.broadcast(S, seed);
        FloatVector x = FloatVector.broadcast(S, 0.5f);
        FloatVector y = FloatVector.broadcast(S, seed);
        FloatVector a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0;
        FloatVector a6 = a0, a7 = a0, a8 = a0, a9 = a0, a10 = a0, a11 = a0;
        for (int i = 0; i < ITERATIONS; i++) {
            a0 = x.fma(y, a0);
            a1 = x.fma(y, a1);
            a2 = x.fma(y, a2);
            a3 = x.fma(y, a3);
            a4 = x.fma(y, a4);
            a5 = x.fma(y, a5);
            a6 = x.fma(y, a6);
            a7 = x.fma(y, a7);
            a8 = x.fma(y, a8);
            a9 = x.fma(y, a9);
            a10 = x.fma(y, a10);
            a11 = x.fma(y, a11);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11)
                .lane(0);
    }
}
