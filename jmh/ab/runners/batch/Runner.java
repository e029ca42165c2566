import org.simdnet.data.Dataset;
import org.simdnet.data.Spiral;
import org.simdnet.layer.ReLU;
import org.simdnet.nn.Mlp;
import org.simdnet.nn.Predictor;
import org.simdnet.train.Seeds;
import org.simdnet.train.TrainConfig;
import org.simdnet.train.Trainer;

/** One Predictor.predictBatch over the 3000 spiral points per operation (InferenceBench.batch3000). */
public class Runner implements java.util.function.LongUnaryOperator {
    final Predictor p; final float[] x; final float[] probs; final int[] classes; final int rows;
    public Runner() {
        org.simdnet.kernel.KernelWarmUp.forceVector(true);
        Dataset data = Spiral.generate(3, 1000, 0.2, 12345L);
        Mlp mlp = Mlp.initialise(new int[] {2, 100, 3}, new ReLU(), Seeds.of(12345L).model());
        try (Trainer t = new Trainer(mlp, data.x(), data.labels(), data.size(), TrainConfig.defaults().withThreads(1))) {
            t.train((e, es, l, ac, s) -> { });
        }
        p = new Predictor(mlp);
        rows = data.size(); x = data.x(); probs = new float[rows * 3]; classes = new int[rows];
    }
    public long applyAsLong(long n) {
        long sink = 0;
        for (long i = 0; i < n; i++) {
            p.predictBatch(x, rows, probs, classes);
            sink += classes[(int) (i % rows)];
        }
        return sink;
    }
}
