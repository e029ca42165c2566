package org.simdnet.bench;

import java.nio.FloatBuffer;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.simdnet.Model;
import org.simdnet.Predictor;

/**
 * Single-row predict latency of the digits model (64 → 128 → 10 ReLU, softmax), simdnet's
 * {@link Predictor} against ONNX Runtime's Java API on the same weights (simdnet's own ONNX
 * export), in the same run. ONNX Runtime is used the way a service uses it: one input tensor and
 * one result per call, one intra-op thread (a single row has nothing to split). The calls walk
 * through 1,000 standardized-scale random rows.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class DigitsPredictBench {

    private static final int ROWS = 1000;
    private static final int INPUTS = 64;

    private Predictor predictor;
    private float[][] rows;
    private final float[] probabilities = new float[10];
    private int next;

    private OrtEnvironment env;
    private OrtSession session;
    private String input;

    @Setup(Level.Trial)
    public void setUp() throws OrtException {
        org.simdnet.kernel.KernelWarmUp.forceVector(true);
        Model model = Model.builder(INPUTS).dense(128).relu().dense(10).build(1);
        predictor = model.predictor();
        SplittableRandom random = new SplittableRandom(2);
        rows = new float[ROWS][INPUTS];
        for (float[] row : rows) {
            for (int i = 0; i < INPUTS; i++) {
                row[i] = (float) random.nextGaussian();
            }
        }
        env = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(1);
        session = env.createSession(model.toOnnx(), options);
        input = session.getInputNames().iterator().next();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws OrtException {
        session.close();
    }

    private float[] nextRow() {
        int i = next;
        next = i + 1 == ROWS ? 0 : i + 1;
        return rows[i];
    }

    @Benchmark
    public int simdnet() {
        return predictor.predict(nextRow(), probabilities);
    }

    @Benchmark
    public float onnxRuntime() throws OrtException {
        try (OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(nextRow()), new long[] {1, INPUTS});
             OrtSession.Result result = session.run(Map.of(input, x))) {
            return ((float[][]) result.get(0).getValue())[0][0];
        }
    }
}
