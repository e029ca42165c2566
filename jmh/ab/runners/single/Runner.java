import org.simdnet.data.Dataset;
import org.simdnet.data.Spiral;
import org.simdnet.layer.ReLU;
import org.simdnet.nn.Mlp;
import org.simdnet.nn.Predictor;
import org.simdnet.train.Seeds;
import org.simdnet.train.TrainConfig;
import org.simdnet.train.Trainer;

/** One Predictor.predict per operation: the lecture net (2 → 100 → 3 ReLU, 1000 epochs), walking the 3000 spiral points (InferenceBench.single). */
public class Runner implements java.util.function.LongUnaryOperator {
    final Predictor p; final float[][] samples; final float[] probs = new float[3];
    public Runner() {
        org.simdnet.kernel.KernelWarmUp.forceVector(true);
        Dataset data = Spiral.generate(3, 1000, 0.2, 12345L);
        Mlp mlp = Mlp.initialise(new int[] {2, 100, 3}, new ReLU(), Seeds.of(12345L).model());
        try (Trainer t = new Trainer(mlp, data.x(), data.labels(), data.size(), TrainConfig.defaults().withThreads(1))) {
            t.train((e, es, l, ac, s) -> { });
        }
        p = new Predictor(mlp);
        samples = new float[data.size()][];
        for (int i = 0; i < samples.length; i++) samples[i] = new float[] {data.x(i, 0), data.x(i, 1)};
    }
    public long applyAsLong(long n) {
        long sink = 0; int rows = samples.length;
        for (long i = 0, j = 0; i < n; i++) {
            sink += p.predict(samples[(int) j], probs);
            if (++j == rows) j = 0;
        }
        return sink;
    }
}
