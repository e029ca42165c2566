package org.simdnet.bench;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;

import org.apache.commons.math3.linear.BlockRealMatrix;
import org.apache.commons.math3.linear.RealMatrix;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.simdnet.kernel.Gemm;
import org.simdnet.kernel.Kernels;

/**
 * One operation = one n × n × n single-precision multiply C = op(A)·op(B) (2n³ flops; GFLOPS =
 * 2n³ / time). Implementations:
 *
 * <ul>
 *   <li>{@code simdnet}: {@link Gemm#sgemm} on the calling thread;
 *   <li>{@code simdnet-parallel}: the same with a ForkJoinPool of all cores;
 *   <li>{@code naive}: a plain Java i-k-j float loop (what C2 auto-vectorizes at best);
 *   <li>{@code ejml}: EJML {@code CommonOps_FDRM.mult} (multTransA / multTransB for TN / NT) on
 *       FMatrixRMaj;
 *   <li>{@code commons-math}: Commons Math {@code BlockRealMatrix.multiply} in double (for NT / TN
 *       the transposed copy is part of the operation).
 * </ul>
 *
 * {@code shape} says which operands are transposed: NT is a dense layer's forward (X·Wᵀ), TN its
 * weight gradient (dHᵀ·X). Run the peers with {@code -p shape=NN} unless their transposed forms
 * are wanted; at n = 1024 one naive or Commons Math operation takes seconds, so each iteration
 * is a single call there.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class GemmBench {

    @Param({"64", "128", "256", "512", "1024"})
    public int n;

    @Param({"simdnet", "simdnet-parallel", "naive", "ejml", "commons-math"})
    public String impl;

    @Param({"NN", "NT", "TN"})
    public String shape;

    private float[] a, b, c;
    private boolean transA, transB;
    private ForkJoinPool pool;
    private FMatrixRMaj ea, eb, ec;
    private RealMatrix ma, mb;

    @Setup(Level.Trial)
    public void setUp() {
        if (!Kernels.vectorized()) {
            throw new IllegalStateException("benchmarking the scalar fallback: " + Kernels.DESCRIPTION);
        }
        transA = shape.charAt(0) == 'T';
        transB = shape.charAt(1) == 'T';
        SplittableRandom r = new SplittableRandom(42);
        a = random(r, n * n);
        b = random(r, n * n);
        c = new float[n * n];
        if (impl.equals("simdnet-parallel")) {
            pool = new ForkJoinPool(Runtime.getRuntime().availableProcessors());
        }
        if (impl.equals("ejml")) {
            ea = FMatrixRMaj.wrap(n, n, a.clone());
            eb = FMatrixRMaj.wrap(n, n, b.clone());
            ec = new FMatrixRMaj(n, n);
        }
        if (impl.equals("commons-math")) {
            ma = new BlockRealMatrix(toDouble(a));
            mb = new BlockRealMatrix(toDouble(b));
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (pool != null) {
            pool.shutdown();
        }
    }

    @Benchmark
    public Object multiply() {
        switch (impl) {
            case "simdnet":
                Gemm.sgemm(transA, transB, n, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n);
                return c;
            case "simdnet-parallel":
                Gemm.sgemm(transA, transB, n, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n, pool);
                return c;
            case "naive":
                naive();
                return c;
            case "ejml":
                if (transA) {
                    CommonOps_FDRM.multTransA(ea, eb, ec);
                } else if (transB) {
                    CommonOps_FDRM.multTransB(ea, eb, ec);
                } else {
                    CommonOps_FDRM.mult(ea, eb, ec);
                }
                return ec;
            case "commons-math":
                return (transA ? ma.transpose() : ma).multiply(transB ? mb.transpose() : mb);
            default:
                throw new IllegalArgumentException("unknown impl " + impl);
        }
    }

    /** The textbook loop: i-k-j for NN so the inner loop runs along rows of B and C. */
    private void naive() {
        Arrays.fill(c, 0f);
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < n; p++) {
                float av = transA ? a[p * n + i] : a[i * n + p];
                if (transB) {
                    for (int j = 0; j < n; j++) {
                        c[i * n + j] += av * b[j * n + p];
                    }
                } else {
                    for (int j = 0; j < n; j++) {
                        c[i * n + j] += av * b[p * n + j];
                    }
                }
            }
        }
    }

    private static float[] random(SplittableRandom r, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = (float) r.nextDouble(-1, 1);
        }
        return x;
    }

    private double[][] toDouble(float[] x) {
        double[][] d = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                d[i][j] = x[i * n + j];
            }
        }
        return d;
    }
}
