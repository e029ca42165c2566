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
 * the limit" table (docs/benchmarks.md): twelve independent FMA chains of the preferred species,
 * in registers, {@value #ITERATIONS} rounds per call, so that only the FMA units' throughput
 * bounds the loop (12 chains cover a 4-cycle latency on two FMA pipes with room to spare).
 * GFLOPS = 2 · lanes · 12 · {@value #ITERATIONS} / (ns per call); {@code oneThread} and
 * {@code twoThreads} (one chain set per thread) give the one-core and two-core peaks.
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
        FloatVector cc = FloatVector.broadcast(S, seed);
        FloatVector mm = FloatVector.broadcast(S, 0.999999f);
        FloatVector a0 = cc, a1 = cc, a2 = cc, a3 = cc, a4 = cc, a5 = cc;
        FloatVector a6 = cc, a7 = cc, a8 = cc, a9 = cc, a10 = cc, a11 = cc;
        for (int i = 0; i < ITERATIONS; i++) {
            a0 = a0.fma(mm, cc);
            a1 = a1.fma(mm, cc);
            a2 = a2.fma(mm, cc);
            a3 = a3.fma(mm, cc);
            a4 = a4.fma(mm, cc);
            a5 = a5.fma(mm, cc);
            a6 = a6.fma(mm, cc);
            a7 = a7.fma(mm, cc);
            a8 = a8.fma(mm, cc);
            a9 = a9.fma(mm, cc);
            a10 = a10.fma(mm, cc);
            a11 = a11.fma(mm, cc);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11)
                .lane(0);
    }
}
