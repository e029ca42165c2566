import org.simdnet.data.Dataset;
import org.simdnet.data.Spiral;
import org.simdnet.nn.Activation;
import org.simdnet.nn.Mlp;
import org.simdnet.train.OptimizerSpec;
import org.simdnet.train.Seeds;
import org.simdnet.train.TrainConfig;
import org.simdnet.train.Trainer;

/** {@code step} against simdnet 0.1 (commit 018774b). */
public class Runner implements java.util.function.LongUnaryOperator {
    final Trainer trainer;
    public Runner() {
        
        boolean wide = System.getProperty("net", "default").equals("wide");
        Dataset data = Spiral.generate(3, 1000, 0.2, 12345L);
        int[] widths = wide ? new int[] {2, 1024, 1024, 3} : new int[] {2, 100, 3};
        Mlp mlp = Mlp.initialise(widths, Activation.RELU, Seeds.of(12345L).model());
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
