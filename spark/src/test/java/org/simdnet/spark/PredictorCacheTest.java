package org.simdnet.spark;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.simdnet.Model;
import org.simdnet.Predictor;

/** One parse per model per JVM: the Transformer's partitions and the UDFs share it; the cache stays small. */
class PredictorCacheTest {

    @BeforeAll
    static void start() {
        LocalSpark.session();
    }

    private static void run(Dataset<Row> scored) {
        scored.write().format("noop").mode("overwrite").save();
    }

    @Test
    void partitionsTransformsAndUdfsShareOneParse() {
        // A model of its own, so that no other test has parsed it in this JVM.
        Model model = Model.builder(2).dense(12).relu().dense(3).build(424242);
        Dataset<Row> rows = SpiralRows.vectors().repartition(4);
        SimdnetModelTransformer t = new SimdnetModelTransformer().setModel(model).setBatchSize(100);
        int before = PredictorCache.parses();

        run(t.transform(rows)); // four partitions on two task threads
        assertEquals(1, PredictorCache.parses() - before, "one parse for all the partitions");

        run(t.transform(rows)); // a new broadcast of the same bytes
        run(new SimdnetModelTransformer().setModel(model).transform(rows));
        run(rows.withColumn("p", SimdnetUdfs.probabilities(LocalSpark.session(), model).apply(col("features"))));
        assertEquals(1, PredictorCache.parses() - before, "the same model is not parsed again");
    }

    @Test
    void itKeepsOnlyTheMostRecentlyUsedModels() throws IOException {
        PredictorCache.clear();
        byte[][] models = new byte[PredictorCache.CAPACITY + 1][];
        for (int i = 0; i < models.length; i++) {
            models[i] = Model.builder(2).dense(3).build(1000 + i).toBytes();
        }
        int before = PredictorCache.parses();
        Predictor first = get(models[0]);
        for (int i = 1; i < PredictorCache.CAPACITY; i++) {
            get(models[i]);
        }
        assertSame(first, get(models[0]), "kept while there is room");
        assertEquals(PredictorCache.CAPACITY, PredictorCache.parses() - before);

        get(models[PredictorCache.CAPACITY]); // one more: the least recently used (models[1]) leaves
        assertSame(first, get(models[0]));
        get(models[1]);
        assertEquals(PredictorCache.CAPACITY + 2, PredictorCache.parses() - before);
    }

    private static Predictor get(byte[] bytes) throws IOException {
        return PredictorCache.get(BroadcastModel.contentKey(bytes), () -> bytes);
    }
}
