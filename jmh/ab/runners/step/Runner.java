import org.simdnet.data.Dataset;
import org.simdnet.data.Spiral;
import org.simdnet.layer.ReLU;
import org.simdnet.nn.Mlp;
import org.simdnet.optim.OptimizerSpec;
import org.simdnet.train.Seeds;
import org.simdnet.train.TrainConfig;
import org.simdnet.train.Trainer;

/**
 * One training step per operation, as TrainStepBench: -Dnet=default (2 → 100 → 3, full batch), wide
 * (2 → 1024 → 1024 → 3, batch 256) or digits (64 → 128 → 10, batch 32, Adam lr 1e-3, Gaussian
 * rows standing in for the digits), Adam, one thread.
 */
public class Runner implements java.util.function.LongUnaryOperator {
    final Trainer trainer;
    public Runner() {
        org.simdnet.kernel.KernelWarmUp.forceVector(true);
        String net = System.getProperty("net", "default");
        if (net.equals("digits")) {
            java.util.SplittableRandom random = new java.util.SplittableRandom(12345L);
            int rows = 1440;
            float[] x = new float[rows * 64];
            int[] labels = new int[rows];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) random.nextGaussian();
            }
            for (int r = 0; r < rows; r++) {
                labels[r] = random.nextInt(10);
            }
            Mlp mlp = Mlp.initialise(new int[] {64, 128, 10}, new ReLU(), Seeds.of(12345L).model());
            TrainConfig config = TrainConfig.defaults().withBatchSize(32).withThreads(1)
                    .withOptimizer(OptimizerSpec.adam(1e-3f));
            trainer = new Trainer(mlp, x, labels, rows, config);
            return;
        }
        boolean wide = net.equals("wide");
        Dataset data = Spiral.generate(3, 1000, 0.2, 12345L);
        int[] widths = wide ? new int[] {2, 1024, 1024, 3} : new int[] {2, 100, 3};
        Mlp mlp = Mlp.initialise(widths, new ReLU(), Seeds.of(12345L).model());
        TrainConfig config = TrainConfig.defaults().withBatchSize(wide ? 256 : 0).withThreads(1)
                .withOptimizer(OptimizerSpec.adam(1e-3f, 1e-5f));
        trainer = new Trainer(mlp, data.x(), data.labels(), data.size(), config);
    }
    public long applyAsLong(long n) {
        double sink = 0;
        for (long i = 0; i < n; i++) {
            sink += trainer.step(0, trainer.batchRows());
        }
        return (long) sink;
    }
}
