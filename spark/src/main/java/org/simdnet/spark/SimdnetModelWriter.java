package org.simdnet.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;

import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.util.MLWriter;

/**
 * Saves a {@link SimdnetModelTransformer}: its params in Spark ML's {@code metadata} (all but the
 * model bytes) and the model file under {@code data/}.
 */
final class SimdnetModelWriter extends MLWriter {

    /** The param stored as a file of its own rather than in the JSON. */
    static final Set<String> MODEL_BYTES = Set.of("modelBytes");
    /** The metadata field naming that file, relative to the stage's directory. */
    static final String MODEL_FILE_FIELD = "modelFile";

    private final SimdnetModelTransformer instance;

    SimdnetModelWriter(SimdnetModelTransformer instance) {
        this.instance = instance;
    }

    @Override
    public void saveImpl(String path) {
        instance.model(); // fails first, saying so, when no model is set
        byte[] bytes = instance.getOrDefault(instance.modelBytes());
        String file = ModelDataFile.relativePath(bytes);
        ParamsMetadata.save(instance, path, sparkSession(), MODEL_BYTES, Map.of(MODEL_FILE_FIELD, file));
        try {
            ModelDataFile.write(bytes, new Path(path, file), sc().hadoopConfiguration());
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }
}
