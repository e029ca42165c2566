package org.simdnet.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.spark.ml.param.Param;
import org.junit.jupiter.api.Test;

/** The estimator and the transformer it fits describe their shared columns alike (ColumnParams). */
class ColumnParamsTest {

    @Test
    void estimatorAndTransformerShareNamesDescriptionsAndDefaults() {
        SimdnetEstimator e = new SimdnetEstimator();
        SimdnetModelTransformer t = new SimdnetModelTransformer();
        List<Param<String>> fromEstimator = List.of(e.featuresCol(), e.predictionCol(), e.probabilityCol());
        List<Param<String>> fromTransformer = List.of(t.featuresCol(), t.predictionCol(), t.probabilityCol());
        for (int i = 0; i < fromEstimator.size(); i++) {
            Param<String> a = fromEstimator.get(i), b = fromTransformer.get(i);
            assertEquals(a.name(), b.name());
            assertEquals(a.doc(), b.doc(), a.name());
            assertEquals(e.getDefault(a).get(), t.getDefault(b).get(), a.name());
        }
        assertEquals(e.inputCols().name(), t.inputCols().name());
        assertEquals(e.inputCols().doc(), t.inputCols().doc());
        assertArrayEquals(e.getDefault(e.inputCols()).get(), t.getDefault(t.inputCols()).get());
    }
}
