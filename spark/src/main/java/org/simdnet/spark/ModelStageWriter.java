package org.simdnet.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;

import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.MLWriter;

/**
 * Saves a stage that holds a model ({@link SimdnetModelTransformer}'s model, the
 * {@link SimdnetEstimator}'s initial model): its params in Spark ML's {@code metadata} (all but
 * the model bytes) and the model file under {@code data/}.
 */
final class ModelStageWriter extends MLWriter {

    /** The param stored as a file of its own rather than in the JSON. */
    static final Set<String> MODEL_BYTES = Set.of("modelBytes");
    /** The metadata field naming that file, relative to the stage's directory. */
    static final String MODEL_FILE_FIELD = "modelFile";

    private final Params instance;
    private final byte[] bytes;

    /** @param bytes the model's bytes, as the stage holds them */
    ModelStageWriter(Params instance, byte[] bytes) {
        this.instance = instance;
        this.bytes = bytes;
    }

    @Override
    public void saveImpl(String path) {
        String file = ModelDataFile.relativePath(bytes);
        ParamsMetadata.save(instance, path, sparkSession(), MODEL_BYTES, Map.of(MODEL_FILE_FIELD, file));
        try {
            ModelDataFile.write(bytes, new Path(path, file), sc().hadoopConfiguration());
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }
}
