package org.simdnet.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.simdnet.data.Regression1D;
import org.simdnet.io.Plots;
import org.simdnet.layer.Activation;
import org.simdnet.layer.Dense;
import org.simdnet.layer.Layer;
import org.simdnet.layer.MeanSquaredError;
import org.simdnet.layer.ReLU;
import org.simdnet.layer.Tanh;
import org.simdnet.nn.Mlp;
import org.simdnet.nn.Predictor;
import org.simdnet.optim.OptimizerSpec;
import org.simdnet.train.ProgressListener;
import org.simdnet.train.Seeds;
import org.simdnet.train.TrainConfig;
import org.simdnet.train.TrainResult;
import org.simdnet.train.Trainer;

/**
 * {@code simdnet regress}: the course's regression notebook. K nets {@code Dense(1, H) → ReLU →
 * Dense(H, 1)} and K with tanh learn {@code y = x³ + 0.3·u} on {@code [−1, 1]} (MSE, full-batch
 * Adam); each ensemble is then evaluated on a wider grid, where the ReLU nets go on along straight
 * lines and the tanh nets level off, and the ensemble's spread shows where it does not know.
 * The last line is machine-readable:
 * {@code final nets=K relu_train_mse=… tanh_train_mse=… relu_std_out=… tanh_std_out=… train_ms=…}.
 *
 * <p>Net k of each ensemble starts from the same weights (its seed is split off the run seed,
 * before any training starts), so the two ensembles differ only in their activation and the
 * results do not depend on {@code --threads} or on which net finishes first.
 */
final class RegressCommand {

    static final String USAGE = String.join("\n",
            "  regress      the course's regression notebook: ensembles of ReLU and tanh nets fit",
            "               y = x^3 + 0.3*u on [-1, 1] and extrapolate to a wider interval",
            "      data:      --points N on [-1, 1] (100)  --range R, evaluate on [-R, R] (4)  --seed (12345)",
            "      model:     --nets K per activation (10)  --hidden H (100)",
            "      training:  --epochs (1000)  --lr (1e-3)  --weight-decay (1e-5), full-batch Adam",
            "                 --threads nets trained at once (all cores)",
            "      output:    --plot FILE.png  --progress EPOCHS");

    /** Points of the evaluation grid, as the notebook's {@code linspace(-4, 4, 1001)}. */
    static final int GRID_POINTS = 1001;

    private static final Set<String> FLAGS = Set.of("points", "range", "seed", "nets", "hidden", "epochs", "lr",
            "weight-decay", "threads", "plot", "progress");

    /** The two ensembles: their name in the output, their label in the plot, the activation. */
    static final List<Kind> KINDS = List.of(new Kind("relu", "ReLU", ReLU::new), new Kind("tanh", "tanh", Tanh::new));

    private RegressCommand() {
    }

    static final class Kind {
        final String name;
        final String label;
        final Supplier<Activation> activation;

        Kind(String name, String label, Supplier<Activation> activation) {
            this.name = name;
            this.label = label;
            this.activation = activation;
        }
    }

    /** What one ensemble learnt: each net's training MSE and its outputs on the grid. */
    static final class Ensemble {
        final Kind kind;
        final double[] trainMse;
        /** {@code predictions[k][i]}: net k's output at grid point i. */
        final float[][] predictions;

        Ensemble(Kind kind, int nets, int gridPoints) {
            this.kind = kind;
            this.trainMse = new double[nets];
            this.predictions = new float[nets][gridPoints];
        }

        /** The nets' training MSE, averaged over the ensemble. */
        double meanTrainMse() {
            double sum = 0;
            for (double mse : trainMse) {
                sum += mse;
            }
            return sum / trainMse.length;
        }

        /** The ensemble mean at each grid point. */
        double[] mean() {
            int points = predictions[0].length;
            double[] mean = new double[points];
            for (float[] net : predictions) {
                for (int i = 0; i < points; i++) {
                    mean[i] += net[i];
                }
            }
            for (int i = 0; i < points; i++) {
                mean[i] /= predictions.length;
            }
            return mean;
        }

        /** The ensemble's standard deviation at each grid point, with {@code K − 1} as torch.std; 0 for one net. */
        double[] std() {
            double[] mean = mean();
            double[] std = new double[mean.length];
            int nets = predictions.length;
            if (nets < 2) {
                return std;
            }
            for (int i = 0; i < mean.length; i++) {
                double sum = 0;
                for (float[] net : predictions) {
                    double d = net[i] - mean[i];
                    sum += d * d;
                }
                std[i] = Math.sqrt(sum / (nets - 1));
            }
            return std;
        }

        /** Mean of {@link #std()} over the grid points inside (or outside) {@code [−1, 1]}. */
        double meanStd(float[] grid, boolean inside) {
            double[] std = std();
            double sum = 0;
            int count = 0;
            for (int i = 0; i < grid.length; i++) {
                if ((Math.abs(grid[i]) <= Regression1D.INTERVAL) == inside) {
                    sum += std[i];
                    count++;
                }
            }
            return count == 0 ? 0 : sum / count;
        }
    }

    /** The run's settings, from the flags. */
    static final class Settings {
        int nets = 10;
        int hidden = 100;
        int epochs = 1000;
        double lr = 1e-3;
        double weightDecay = 1e-5;
        long seed = Regression1D.DEFAULT_SEED;
        int threads = 1;
        /** Print a progress line every this many epochs of each net; 0 for none. */
        int progressEvery;

        OptimizerSpec optimizer() {
            return OptimizerSpec.adam((float) lr, (float) weightDecay);
        }

        List<Layer> layers(Kind kind) {
            return List.of(new Dense(1, hidden), kind.activation.get(), new Dense(hidden, 1));
        }
    }

    static int run(String[] args, PrintStream out) throws IOException {
        Flags f = Flags.parse(args, FLAGS, Set.of());
        if (!f.positional().isEmpty()) {
            throw new UsageException("regress takes no positional arguments, got '" + f.positional().get(0) + "'");
        }
        Settings s = new Settings();
        int points = f.integer("points", Regression1D.DEFAULT_POINTS, 2, 1_000_000);
        double range = f.number("range", 4, Regression1D.INTERVAL, true, 1e6);
        s.seed = f.longValue("seed", Regression1D.DEFAULT_SEED);
        s.nets = f.integer("nets", 10, 1, 10_000);
        s.hidden = f.integer("hidden", 100, 1, 1 << 16);
        s.epochs = f.integer("epochs", 1000, 1, 100_000_000);
        s.lr = f.number("lr", 1e-3, 0, true, 1e3);
        s.weightDecay = f.number("weight-decay", 1e-5, 0, false, 1e3);
        s.threads = f.threads();
        s.progressEvery = f.has("progress") ? f.integer("progress", 0, 1, Integer.MAX_VALUE) : 0;
        Path plot = FileFlags.output(f, "plot");
        if ((long) points * s.hidden > 50_000_000L) {
            throw new UsageException("--points × --hidden must be at most 50,000,000, got " + (long) points * s.hidden);
        }

        Regression1D data = Regression1D.generate(points, Seeds.of(s.seed).data());
        float[] grid = Regression1D.grid(range, GRID_POINTS);
        out.printf(Locale.ROOT, "data: %d points y = x^3 + %s*u on [-1, 1] (u uniform in [0, 1)), seed %d;"
                + " evaluated on %d points of [-%s, %s]%n", points, number(Regression1D.DEFAULT_NOISE), s.seed,
                GRID_POINTS, number(range), number(range));
        out.printf(Locale.ROOT, "model: %d nets per activation, each Dense(1, %d) \u2192 ReLU or Tanh \u2192 Dense(%d, 1)"
                + " \u2192 MeanSquaredError (%d parameters); %s; %d full-batch epochs; threads %d (one net each)%n",
                s.nets, s.hidden, s.hidden, Mlp.parameterCount(1, s.layers(KINDS.get(0))), s.optimizer(), s.epochs,
                Math.min(s.threads, KINDS.size() * s.nets));

        long start = System.nanoTime();
        List<Ensemble> ensembles = fit(data, grid, s, s.progressEvery > 0 ? out : null);
        double trainMillis = (System.nanoTime() - start) / 1e6;

        for (Ensemble e : ensembles) {
            double[] mean = e.mean();
            out.printf(Locale.ROOT, "%s: train_mse=%.4f std_in=%.3f std_out=%.3f mean(-%s)=%.2f mean(%s)=%.2f%n",
                    e.kind.name, e.meanTrainMse(), e.meanStd(grid, true), e.meanStd(grid, false),
                    number(range), mean[0], number(range), mean[mean.length - 1]);
        }
        if (plot != null) {
            List<Plots.Band> bands = new ArrayList<>();
            for (Ensemble e : ensembles) {
                bands.add(new Plots.Band(e.kind.label + " ensemble", e.mean(), e.std()));
            }
            String title = String.format(Locale.ROOT, "%d nets per activation, 1 \u2192 %d \u2192 1, trained on [-1, 1]:"
                    + " mean \u00b1 1 std", s.nets, s.hidden);
            Plots.regressionEnsembles(data.x(), data.y(), grid, bands, Regression1D.INTERVAL, title, plot);
            out.println("wrote plot " + plot);
        }
        Ensemble relu = ensembles.get(0);
        Ensemble tanh = ensembles.get(1);
        out.printf(Locale.ROOT, "final nets=%d relu_train_mse=%.4f tanh_train_mse=%.4f relu_std_out=%.4f"
                + " tanh_std_out=%.4f train_ms=%.0f%n", s.nets, relu.meanTrainMse(), tanh.meanTrainMse(),
                relu.meanStd(grid, false), tanh.meanStd(grid, false), trainMillis);
        return 0;
    }

    /**
     * Trains every net of both ensembles, {@code s.threads} at a time (each on one thread), and
     * evaluates each on the grid. Net k's seeds come from the run seed alone, so the result is the
     * same for any thread count.
     *
     * @param progress where to print progress lines, or null for none
     */
    static List<Ensemble> fit(Regression1D data, float[] grid, Settings s, PrintStream progress) {
        Seeds seeds = Seeds.of(s.seed);
        SplittableRandom root = new SplittableRandom(seeds.model());
        long[] netSeeds = new long[s.nets];
        for (int k = 0; k < s.nets; k++) {
            netSeeds[k] = root.split().nextLong();
        }
        List<Ensemble> ensembles = new ArrayList<>();
        List<Runnable> jobs = new ArrayList<>();
        for (Kind kind : KINDS) {
            Ensemble ensemble = new Ensemble(kind, s.nets, grid.length);
            ensembles.add(ensemble);
            for (int k = 0; k < s.nets; k++) {
                int net = k;
                jobs.add(() -> trainOne(data, grid, s, ensemble, net, netSeeds[net], seeds.shuffle(), progress));
            }
        }
        int workers = Math.min(s.threads, jobs.size());
        if (workers <= 1) {
            jobs.forEach(Runnable::run);
            return ensembles;
        }
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(workers, task -> {
            Thread t = new Thread(task, "simdnet-regress-" + threadNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Runnable job : jobs) {
                futures.add(pool.submit(job));
            }
            for (Future<?> future : futures) {
                await(future);
            }
        } finally {
            pool.shutdownNow();
        }
        return ensembles;
    }

    private static void await(Future<?> future) {
        try {
            future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while training the ensembles", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw new IllegalStateException(cause);
        }
    }

    private static void trainOne(Regression1D data, float[] grid, Settings s, Ensemble ensemble, int net,
                                 long modelSeed, long shuffleSeed, PrintStream progress) {
        Mlp mlp = Mlp.initialise(1, s.layers(ensemble.kind), new MeanSquaredError(), modelSeed);
        TrainConfig config = TrainConfig.defaults().withEpochs(s.epochs).withBatchSize(0).withThreads(1)
                .withSeed(shuffleSeed).withOptimizer(s.optimizer());
        ProgressListener listener = progress == null ? ProgressListener.NONE
                : (epoch, total, loss, accuracy, stepsPerSecond) -> {
                    if (epoch % s.progressEvery == 0 || epoch == total) {
                        progress.printf(Locale.ROOT, "%s net %d/%d epoch %d/%d loss %.4f%n",
                                ensemble.kind.name, net + 1, s.nets, epoch, total, loss);
                    }
                };
        TrainResult result;
        try (Trainer trainer = new Trainer(mlp, data.x(), data.y(), data.size(), config)) {
            result = trainer.train(listener);
        }
        ensemble.trainMse[net] = result.finalLoss();
        Predictor predictor = new Predictor(mlp, false);      // a one-off process: no background warm-up
        predictor.predictBatch(grid, grid.length, ensemble.predictions[net], new int[grid.length]);
    }

    /** A flag value as typed: {@code 4} rather than {@code 4.0}. */
    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
