package org.simdnet.spark;

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
import org.simdnet.TrainingConfig;
import org.simdnet.data.Spiral;
import org.simdnet.optim.OptimizerSpec;

/**
 * Training time to the same test accuracy, simdnet's data-parallel trainer against MLlib's
 * {@code MultilayerPerceptronClassifier} (its default L-BFGS), on the lecture's spiral in the
 * same Spark session (docs/spark.md). MLlib trains first with {@code maxIter} iterations; simdnet
 * then trains with 1, 2, 4, ... epochs, each a fresh run, until its test accuracy reaches
 * MLlib's; the time reported is that whole run's (parsing and caching the rows included).
 *
 * <p>Arguments: points per class (30000), hidden width (64), MLlib maxIter (100), partitions (2),
 * batch size (1024), Adam learning rate (0.01), rounds (3).
 */
public final class TrainingRace {

    public static void main(String[] args) {
        int perClass = arg(args, 0, 30000);
        int hidden = arg(args, 1, 64);
        int maxIter = arg(args, 2, 100);
        int partitions = arg(args, 3, 2);
        int batch = arg(args, 4, 1024);
        float lr = args.length > 5 ? Float.parseFloat(args[5]) : 0.01f;
        int rounds = arg(args, 6, 3);
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
                long t0 = System.nanoTime();
                MultilayerPerceptronClassificationModel mllib = new MultilayerPerceptronClassifier()
                        .setLayers(new int[] {2, hidden, hidden, 3}).setMaxIter(maxIter).setSeed(1L).fit(train);
                double mllibSeconds = (System.nanoTime() - t0) / 1e9;
                double mllibAccuracy = mllibAccuracy(mllib, testSet);
                System.out.printf("round %d  MLlib MLPC (L-BFGS, %d iterations): %.2f s, test accuracy %.4f%n",
                        round, maxIter, mllibSeconds, mllibAccuracy);
                for (int epochs = 1; epochs <= 256; epochs *= 2) {
                    Model model = Model.builder(2).dense(hidden).relu().dense(hidden).relu().dense(3).build(1);
                    TrainingConfig config = TrainingConfig.defaults().withEpochs(epochs).withBatchSize(batch)
                            .withSeed(1).withOptimizer(OptimizerSpec.adam(lr));
                    long t1 = System.nanoTime();
                    DataParallelFit.Report report = DataParallelFit.run(train, FeatureColumns.vector("features", 2),
                            new LabelColumn("label", true, 3), model, config);
                    double seconds = (System.nanoTime() - t1) / 1e9;
                    double accuracy = accuracy(model.predictor(), testSet);
                    System.out.printf("round %d  simdnet (Adam, batch %d, %d epochs): %.2f s, test accuracy %.4f "
                            + "(%s)%n", round, batch, epochs, seconds, accuracy, report);
                    if (accuracy >= mllibAccuracy) {
                        System.out.printf("round %d  simdnet reached MLlib's accuracy in %.2f s against %.2f s: "
                                + "%.2fx faster%n", round, seconds, mllibSeconds, mllibSeconds / seconds);
                        break;
                    }
                }
            }
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
