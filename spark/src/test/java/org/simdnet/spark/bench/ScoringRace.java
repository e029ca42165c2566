package org.simdnet.spark.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.simdnet.Engine;
import org.simdnet.Model;
import org.simdnet.TrainingConfig;
import org.simdnet.TrainingListener;
import org.simdnet.TrainingResult;
import org.simdnet.spark.SimdnetModelTransformer;

import static org.apache.spark.sql.functions.col;

/**
 * Scoring throughput in Spark, simdnet's Transformer against MLlib's
 * {@code MultilayerPerceptronClassificationModel} on the same 2 → H → H → 3 sigmoid net shape, in
 * local[2]: N rows of the 3-class spiral, cached; each round times {@code transform} plus a
 * {@code noop} write of the prediction and probability columns, alternating which model goes
 * first. Not a test; see docs/spark.md ("Scoring benchmark") for the command line.
 *
 * <p>Options ({@code --name value}): rows (1,000,000), rounds (5), hidden (64), partitions (4),
 * train-rows (6,000), epochs (simdnet, 30), max-iter (MLlib, 50), seed (12345).
 */
public final class ScoringRace {

    private ScoringRace() {
    }

    /** The run's settings. */
    private static final class Options {
        long rows = 1_000_000;
        int rounds = 5;
        int hidden = 64;
        int partitions = 4;
        int trainRows = 6_000;
        int epochs = 30;
        int maxIter = 50;
        long seed = 12345;

        static Options parse(String[] args) {
            Options o = new Options();
            if (args.length % 2 != 0) {
                throw new IllegalArgumentException("options come as --name value pairs, got " + Arrays.toString(args));
            }
            for (int i = 0; i < args.length; i += 2) {
                String v = args[i + 1].replace("_", "").replace(",", "");
                switch (args[i]) {
                    case "--rows": o.rows = Long.parseLong(v); break;
                    case "--rounds": o.rounds = Integer.parseInt(v); break;
                    case "--hidden": o.hidden = Integer.parseInt(v); break;
                    case "--partitions": o.partitions = Integer.parseInt(v); break;
                    case "--train-rows": o.trainRows = Integer.parseInt(v); break;
                    case "--epochs": o.epochs = Integer.parseInt(v); break;
                    case "--max-iter": o.maxIter = Integer.parseInt(v); break;
                    case "--seed": o.seed = Long.parseLong(v); break;
                    default:
                        throw new IllegalArgumentException("unknown option " + args[i] + "; known: --rows --rounds "
                                + "--hidden --partitions --train-rows --epochs --max-iter --seed");
                }
            }
            return o;
        }
    }

    private static final StructType SCHEMA = new StructType().add("label", DataTypes.DoubleType)
            .add("features", SQLDataTypes.VectorType());

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        SparkSession spark = SparkSession.builder().master("local[2]").appName("simdnet-scoring-race")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .getOrCreate();
        try {
            run(spark, o);
        } finally {
            spark.stop();
        }
    }

    private static void run(SparkSession spark, Options o) throws Exception {
        Dataset<Row> rows = spiralFrame(spark, o.rows, o.partitions, o.seed).cache();
        long n = rows.count();
        System.out.printf(Locale.ROOT, "ScoringRace: %,d rows of the 3-class spiral in %d partitions, local[2]; "
                + "nets 2 -> %d -> %d -> 3, sigmoid hidden layers%n", n, o.partitions, o.hidden, o.hidden);
        System.out.printf(Locale.ROOT, "JDK %s, Spark %s, simdnet %s: %s%n", System.getProperty("java.version"),
                spark.version(), Engine.version(), Engine.current());

        SpiralPoints sample = new SpiralPoints(o.trainRows, o.seed + 1);
        SimdnetModelTransformer simdnet = trainSimdnet(sample, o);
        MultilayerPerceptronClassificationModel mllib = trainMllib(spark, sample, o);
        // Accuracy on all the rows: also the untimed warm-up pass of each model.
        System.out.printf(Locale.ROOT, "accuracy on the %,d rows: simdnet %.4f, MLlib %.4f%n", n,
                accuracy(simdnet.transform(rows), n), accuracy(mllib.transform(rows), n));

        double[] simdnetRate = new double[o.rounds];
        double[] mllibRate = new double[o.rounds];
        for (int r = 0; r < o.rounds; r++) {
            boolean simdnetFirst = r % 2 == 0;
            if (simdnetFirst) {
                simdnetRate[r] = n / seconds(simdnet.transform(rows));
                mllibRate[r] = n / seconds(mllib.transform(rows));
            } else {
                mllibRate[r] = n / seconds(mllib.transform(rows));
                simdnetRate[r] = n / seconds(simdnet.transform(rows));
            }
            System.out.printf(Locale.ROOT, "round %d (%s first): simdnet %,.0f rows/s, MLlib %,.0f rows/s%n", r + 1,
                    simdnetFirst ? "simdnet" : "MLlib", simdnetRate[r], mllibRate[r]);
        }
        double s = median(simdnetRate);
        double m = median(mllibRate);
        System.out.printf(Locale.ROOT, "median of %d rounds: simdnet %,.0f rows/s, MLlib %,.0f rows/s, "
                + "simdnet/MLlib %.2fx%n", o.rounds, s, m, s / m);
    }

    /** The spiral's rows as (label, features), made in the executors, row i the same in any partitioning. */
    static Dataset<Row> spiralFrame(SparkSession spark, long rows, int partitions, long seed) {
        SpiralPoints points = new SpiralPoints(rows, seed);
        MapPartitionsFunction<Long, Row> make = ids -> new Iterator<>() {
            private final double[] xy = new double[2];

            @Override
            public boolean hasNext() {
                return ids.hasNext();
            }

            @Override
            public Row next() {
                long i = ids.next();
                points.point(i, xy);
                return RowFactory.create((double) points.label(i), Vectors.dense(xy[0], xy[1]));
            }
        };
        return spark.range(0, points.rows(), 1, partitions).mapPartitions(make, Encoders.row(SCHEMA));
    }

    private static SimdnetModelTransformer trainSimdnet(SpiralPoints sample, Options o) {
        int n = (int) sample.rows();
        float[] x = new float[2 * n];
        int[] labels = new int[n];
        double[] xy = new double[2];
        for (int i = 0; i < n; i++) {
            sample.point(i, xy);
            x[2 * i] = (float) xy[0];
            x[2 * i + 1] = (float) xy[1];
            labels[i] = sample.label(i);
        }
        Model model = Model.builder(2).dense(o.hidden).sigmoid().dense(o.hidden).sigmoid().dense(3).build(o.seed);
        TrainingResult result = model.train(x, labels, n,
                TrainingConfig.defaults().withEpochs(o.epochs).withBatchSize(32).withSeed(o.seed), TrainingListener.NONE);
        System.out.printf(Locale.ROOT, "simdnet: %d epochs of Adam (batch 32) on %,d rows in %.1f s, "
                + "training accuracy %.4f%n", o.epochs, n, result.trainMillis() / 1000, result.finalAccuracy());
        return new SimdnetModelTransformer().setModel(model);
    }

    private static MultilayerPerceptronClassificationModel trainMllib(SparkSession spark, SpiralPoints sample,
            Options o) {
        List<Row> train = new ArrayList<>();
        double[] xy = new double[2];
        for (long i = 0; i < sample.rows(); i++) {
            sample.point(i, xy);
            train.add(RowFactory.create((double) sample.label(i), Vectors.dense(xy[0], xy[1])));
        }
        long start = System.nanoTime();
        MultilayerPerceptronClassificationModel model = new MultilayerPerceptronClassifier()
                .setLayers(new int[] {2, o.hidden, o.hidden, 3}).setMaxIter(o.maxIter).setSeed(o.seed)
                .fit(spark.createDataFrame(train, SCHEMA));
        System.out.printf(Locale.ROOT, "MLlib: %d iterations of L-BFGS at most on %,d rows in %.1f s%n", o.maxIter,
                train.size(), (System.nanoTime() - start) / 1e9);
        return model;
    }

    private static double accuracy(Dataset<Row> scored, long rows) {
        return (double) scored.filter(col("prediction").equalTo(col("label"))).count() / rows;
    }

    /** Seconds to score every row and write its prediction and probability nowhere. */
    private static double seconds(Dataset<Row> scored) {
        long start = System.nanoTime();
        scored.select("prediction", "probability").write().format("noop").mode("overwrite").save();
        return (System.nanoTime() - start) / 1e9;
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int h = v.length / 2;
        return v.length % 2 == 1 ? v[h] : (v[h - 1] + v[h]) / 2;
    }
}
