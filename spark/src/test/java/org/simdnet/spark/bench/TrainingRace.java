package org.simdnet.spark.bench;

import java.util.ArrayList;
import java.util.List;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.simdnet.Model;
import org.simdnet.Predictor;
import org.simdnet.data.Spiral;
import org.simdnet.spark.SimdnetEstimator;
import org.simdnet.spark.SimdnetModelTransformer;

/**
 * Training time to the same test accuracy, simdnet's data-parallel trainer against MLlib's
 * {@code MultilayerPerceptronClassifier} (its default L-BFGS), on the lecture's spiral in the
 * same Spark session (docs/spark.md), to a target test accuracy: MLlib trains with maxIter 5, 10,
 * 20, ... (each a fresh fit) until its test accuracy reaches the target, simdnet with 1, 2, 4, ...
 * epochs; the time reported for each is that of its first run to reach it (parsing and caching
 * the rows included).
 *
 * Then the per-step overhead: a net too small to cost anything, 200 steps, median step time.
 *
 * <p>Arguments: points per class (30000), hidden width (64), MLlib's largest maxIter (160), partitions (2),
 * batch size (1024), Adam learning rate (0.01), rounds (3), target accuracy (0.99).
 */
public final class TrainingRace {

    public static void main(String[] args) {
        int perClass = arg(args, 0, 30000);
        int hidden = arg(args, 1, 64);
        int maxIter = arg(args, 2, 160);
        int partitions = arg(args, 3, 2);
        int batch = arg(args, 4, 1024);
        float lr = args.length > 5 ? Float.parseFloat(args[5]) : 0.01f;
        int rounds = arg(args, 6, 3);
        double target = args.length > 7 ? Double.parseDouble(args[7]) : 0.99;
        SparkSession spark = SparkSession.builder().master("local[2]").appName("simdnet-training-race")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1").getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        try {
            org.simdnet.data.Dataset trainSet = Spiral.generate(3, perClass, 0.2, 1);
            org.simdnet.data.Dataset testSet = Spiral.generate(3, Math.max(1000, perClass / 5), 0.2, 2);
            Dataset<Row> train = frame(spark, trainSet, partitions).cache();
            long rows = train.count();
            System.out.printf("spiral: %d training rows in %d partitions, %d test rows; hidden %d x 2%n", rows,
                    partitions, testSet.size(), hidden);
            for (int round = 1; round <= rounds; round++) {
                double mllibSeconds = Double.NaN;
                for (int iterations = 5; iterations <= maxIter; iterations *= 2) {
                    long t0 = System.nanoTime();
                    MultilayerPerceptronClassificationModel mllib = new MultilayerPerceptronClassifier()
                            .setLayers(new int[] {2, hidden, hidden, 3}).setMaxIter(iterations).setSeed(1L)
                            .fit(train);
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    double accuracy = mllibAccuracy(mllib, testSet);
                    System.out.printf("round %d  MLlib MLPC (L-BFGS, maxIter %d): %.2f s, test accuracy %.4f%n",
                            round, iterations, seconds, accuracy);
                    if (accuracy >= target) {
                        mllibSeconds = seconds;
                        break;
                    }
                }
                double simdnetSeconds = Double.NaN;
                for (int epochs = 1; epochs <= 256; epochs *= 2) {
                    Model initial = Model.builder(2).dense(hidden).relu().dense(hidden).relu().dense(3).build(1);
                    SimdnetEstimator estimator = new SimdnetEstimator().setModel(initial).setEpochs(epochs)
                            .setBatchSize(batch).setSeed(1).setStepSize(lr);
                    long t1 = System.nanoTime();
                    SimdnetModelTransformer fitted = estimator.fit(train);
                    double seconds = (System.nanoTime() - t1) / 1e9;
                    double accuracy = accuracy(fitted.model().predictor(), testSet);
                    System.out.printf("round %d  simdnet (Adam, batch %d, %d epochs): %.2f s, test accuracy %.4f "
                            + "(%s)%n", round, batch, epochs, seconds, accuracy, estimator.lastFitSummary());
                    if (accuracy >= target) {
                        simdnetSeconds = seconds;
                        break;
                    }
                }
                System.out.printf("round %d  to test accuracy %.4f: simdnet %.2f s, MLlib %.2f s, MLlib/simdnet "
                        + "%.2fx%n", round, target, simdnetSeconds, mllibSeconds, mllibSeconds / simdnetSeconds);
            }
            // Per-step overhead: a net too small to take time, so a step is the job's launch, the
            // parameters' broadcast and the collection of the partitions' sums.
            SimdnetEstimator tiny = new SimdnetEstimator().setModel(Model.builder(2).dense(4).relu().dense(3).build(1))
                    .setEpochs(2).setBatchSize((int) Math.max(1, rows / 100)).setSeed(1);
            tiny.fit(train);
            System.out.printf("per-step overhead (2 -> 4 -> 3 net, %d partitions): %s%n", partitions,
                    tiny.lastFitSummary());
        } finally {
            spark.stop();
        }
    }

    private static Dataset<Row> frame(SparkSession spark, org.simdnet.data.Dataset d, int partitions) {
        List<Row> rows = new ArrayList<>(d.size());
        for (int i = 0; i < d.size(); i++) {
            rows.add(RowFactory.create(Vectors.dense(d.x(i, 0), d.x(i, 1)), (double) d.label(i)));
        }
        StructType schema = new StructType().add("features", SQLDataTypes.VectorType())
                .add("label", DataTypes.DoubleType);
        return spark.createDataFrame(JavaSparkContext.fromSparkContext(spark.sparkContext())
                .parallelize(rows, partitions), schema);
    }

    private static double accuracy(Predictor predictor, org.simdnet.data.Dataset test) {
        int right = 0;
        float[] out = new float[3];
        for (int i = 0; i < test.size(); i++) {
            if (predictor.predict(new float[] {test.x(i, 0), test.x(i, 1)}, out) == test.label(i)) {
                right++;
            }
        }
        return (double) right / test.size();
    }

    private static double mllibAccuracy(MultilayerPerceptronClassificationModel m, org.simdnet.data.Dataset test) {
        int right = 0;
        for (int i = 0; i < test.size(); i++) {
            if (m.predict(Vectors.dense(test.x(i, 0), test.x(i, 1))) == test.label(i)) {
                right++;
            }
        }
        return (double) right / test.size();
    }

    private static int arg(String[] args, int i, int fallback) {
        return args.length > i ? Integer.parseInt(args[i]) : fallback;
    }
}
