package org.simdnet.bench;

import java.util.concurrent.TimeUnit;

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
import org.simdnet.data.Dataset;
import org.simdnet.data.Spiral;
import org.simdnet.layer.Activation;
import org.simdnet.layer.Identity;
import org.simdnet.layer.ReLU;
import org.simdnet.layer.Tanh;
import org.simdnet.nn.Mlp;
import org.simdnet.optim.OptimizerSpec;
import org.simdnet.train.Seeds;
import org.simdnet.train.TrainConfig;
import org.simdnet.train.Trainer;

/**
 * One optimizer step (forward, backward, shard-gradient reduction, Adam update) through the
 * {@link Trainer}, exactly as {@code simdnet train} runs it:
 *
 * <ul>
 *   <li>{@code net=default}: the lecture's 2 → 100 → 3 ReLU net, full batch of 3000 spiral points,
 *       Adam lr 1e-3, weight decay 1e-5;
 *   <li>{@code net=wide}: 2 → 1024 → 1024 → 3 ReLU, a batch of 256 of the same points, Adam.
 * </ul>
 *
 * {@code kernels=twin} runs the fused net's step on the scalar twins that serve a cold run (the
 * default run on two cores never leaves them), {@code vector} (the default) on the vector kernels.
 *
 * <p>{@code threads} is the trainer's ForkJoin parallelism (0 = all cores). The model keeps training
 * from step to step, as it does in a real run; the kernels flush subnormals, so the late steps of
 * a long run cost the same as the early ones.
 *
 * <p>Warm-up is long (30 s) because the wide net calls some kernels only twice a step (the
 * 3-class softmax, once per shard, 16 blocks a call): C2 compiles it only after ~25 s, and until
 * then its vector code runs in C1, unintrinsified, and allocates (~120 KB a step).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 30, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class TrainStepBench {

    @Param({"default", "wide"})
    public String net;

    @Param({"1", "0"})
    public int threads;

    @Param({"vector"})
    public String kernels;

    private Trainer trainer;
    private int batch;

    @Setup(Level.Trial)
    public void setUp() {
        // Steady state: the vector kernels from the start (the background warm-up would switch
        // to them within the warm-up iterations anyway), or the twins pinned (kernels=twin).
        org.simdnet.kernel.KernelWarmUp.forceVector(!kernels.equals("twin"));
        Dataset data = Spiral.generate(3, 1000, 0.2, 12345L);
        int[] widths = net.equals("wide") ? new int[] {2, 1024, 1024, 3} : new int[] {2, 100, 3};
        batch = net.equals("wide") ? 256 : 0;
        Mlp mlp = Mlp.initialise(widths, new ReLU(), Seeds.of(12345L).model());
        TrainConfig config = TrainConfig.defaults()
                .withBatchSize(batch)
                .withThreads(threads == 0 ? Runtime.getRuntime().availableProcessors() : threads)
                .withOptimizer(OptimizerSpec.adam(1e-3f, 1e-5f));
        trainer = new Trainer(mlp, data.x(), data.labels(), data.size(), config);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        trainer.close();
    }

    @Benchmark
    public double step() {
        return trainer.step(0, trainer.batchRows());
    }
}
