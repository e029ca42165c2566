package org.simdnet.bench;

import java.util.concurrent.TimeUnit;

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
import org.openjdk.jmh.annotations.Warmup;
import org.simdnet.data.Dataset;
import org.simdnet.data.Spiral;
import org.simdnet.layer.Activation;
import org.simdnet.layer.Identity;
import org.simdnet.layer.ReLU;
import org.simdnet.layer.Tanh;
import org.simdnet.nn.Mlp;
import org.simdnet.nn.Predictor;
import org.simdnet.train.Seeds;
import org.simdnet.train.TrainConfig;
import org.simdnet.train.Trainer;

/**
 * Inference with the default model (2 → 100 → 3 ReLU, trained for the default 1000 epochs in
 * set-up) through the embedding API, {@link Predictor}:
 *
 * <ul>
 *   <li>{@code single}: one sample per call, {@code predict(x, probabilitiesOut)}; the calls walk
 *       through the 3000 training points so that the branch predictor cannot learn one input;
 *   <li>{@code batch3000}: {@code predictBatch} over all 3000 points.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class InferenceBench {

    private Predictor predictor;
    private float[][] samples;
    private float[] batchX;
    private int rows;
    private final float[] probabilities = new float[3];
    private float[] batchProbabilities;
    private int[] batchClasses;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        // Steady state: the vector kernels from the start (the background warm-up would switch
        // to them within the warm-up iterations anyway).
        org.simdnet.kernel.KernelWarmUp.forceVector(true);
        Dataset data = Spiral.generate(3, 1000, 0.2, 12345L);
        Mlp mlp = Mlp.initialise(new int[] {2, 100, 3}, new ReLU(), Seeds.of(12345L).model());
        try (Trainer trainer = new Trainer(mlp, data.x(), data.labels(), data.size(), TrainConfig.defaults().withThreads(1))) {
            trainer.train((epoch, epochs, loss, accuracy, stepsPerSecond) -> { });
        }
        predictor = new Predictor(mlp);
        rows = data.size();
        batchX = data.x();
        samples = new float[rows][];
        for (int i = 0; i < rows; i++) {
            samples[i] = new float[] {data.x(i, 0), data.x(i, 1)};
        }
        batchProbabilities = new float[rows * 3];
        batchClasses = new int[rows];
    }

    @Benchmark
    public int single() {
        int i = next;
        next = i + 1 == rows ? 0 : i + 1;
        return predictor.predict(samples[i], probabilities);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int[] batch3000() {
        predictor.predictBatch(batchX, rows, batchProbabilities, batchClasses);
        return batchClasses;
    }
}
