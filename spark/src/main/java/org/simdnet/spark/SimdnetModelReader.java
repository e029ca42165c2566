package org.simdnet.spark;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.util.MLReader;

/** Loads what {@link SimdnetModelWriter} saved; a missing or corrupt model file is named. */
final class SimdnetModelReader extends MLReader<SimdnetModelTransformer> {

    @Override
    public SimdnetModelTransformer load(String path) {
        ParamsMetadata metadata = ParamsMetadata.load(path, sparkSession(), SimdnetModelTransformer.class);
        SimdnetModelTransformer instance = new SimdnetModelTransformer(metadata.uid());
        metadata.applyTo(instance, SimdnetModelWriter.MODEL_BYTES);
        Path file = new Path(path, metadata.field(SimdnetModelWriter.MODEL_FILE_FIELD));
        try {
            ModelDataFile.Loaded loaded = ModelDataFile.read(file, sc().hadoopConfiguration());
            instance.useLoaded(loaded.bytes, loaded.model);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
        return instance;
    }
}
