package org.simdnet.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
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

/**
 * exp over n floats in [−20, 0] (what softmax feeds it): simdnet's polynomial (Kernels.ROWS.exp),
 * the JDK's lanewise {@code VectorOperators.EXP}, and scalar {@code Math.exp}. The decision
 * between the first two was made on these numbers, on JDK 17 and JDK 25.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 500, timeUnit = TimeUnit.MILLISECONDS)   // Vector API code compiles late on 2 busy cores
@Measurement(iterations = 5, time = 300, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class ExpBench {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    @Param({"1024", "9000"})
    public int n;

    private float[] x, y;

    @Setup
    public void setup() {
        SplittableRandom rnd = new SplittableRandom(3);
        x = new float[n];
        y = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (-20 * rnd.nextDouble());
        }
    }

    @Benchmark
    public float[] polynomial() {
        Kernels.ROWS.exp(n, x, 0, y, 0);
        return y;
    }

    @Benchmark
    public float[] jdkLanewise() {
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += S.length()) {
            FloatVector.fromArray(S, x, i).lanewise(VectorOperators.EXP).intoArray(y, i);
        }
        for (; i < n; i++) {
            y[i] = (float) Math.exp(x[i]);
        }
        return y;
    }

    @Benchmark
    public float[] scalarMathExp() {
        for (int i = 0; i < n; i++) {
            y[i] = (float) Math.exp(x[i]);
        }
        return y;
    }
}
