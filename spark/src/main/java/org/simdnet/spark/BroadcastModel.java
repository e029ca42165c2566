package org.simdnet.spark;

import java.io.IOException;
import java.io.Serializable;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.simdnet.Predictor;

/**
 * A model's bytes broadcast to the executors, with the content hash under which each executor
 * keeps its one predictor for them ({@link PredictorCache}). Made on the driver; what the
 * Transformer's tasks and the UDFs carry.
 */
final class BroadcastModel implements Serializable {

    private static final long serialVersionUID = 1L;

    private final Broadcast<byte[]> bytes;
    private final String key;

    private BroadcastModel(Broadcast<byte[]> bytes, String key) {
        this.bytes = bytes;
        this.key = key;
    }

    /**
     * Broadcasts the bytes once.
     *
     * @param spark the session whose executors score
     * @param model a model file's bytes (simdnet or ONNX)
     * @return the broadcast model
     */
    static BroadcastModel of(SparkSession spark, byte[] model) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        return new BroadcastModel(jsc.broadcast(model), contentKey(model));
    }

    /** @return the hex SHA-256 of the bytes: the same model gives the same key on every JVM */
    String key() {
        return key;
    }

    /**
     * This JVM's predictor for the model: parsed from the broadcast the first time, shared after.
     *
     * @return the predictor
     * @throws IOException when the bytes are not a valid model
     */
    Predictor predictor() throws IOException {
        return PredictorCache.get(key, bytes::value);
    }

    static String contentKey(byte[] model) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(model));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
