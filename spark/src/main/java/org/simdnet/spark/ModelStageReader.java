package org.simdnet.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.BiConsumer;
import java.util.function.Function;

import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.MLReader;

/** Loads what {@link ModelStageWriter} saved; a missing or corrupt model file is named. */
final class ModelStageReader<T extends Params> extends MLReader<T> {

    private final Class<T> type;
    private final Function<String, T> create;
    private final BiConsumer<T, ModelDataFile.Loaded> useModel;

    /**
     * @param create   makes the stage from its uid
     * @param useModel gives it the model file's bytes and the model read from them
     */
    ModelStageReader(Class<T> type, Function<String, T> create, BiConsumer<T, ModelDataFile.Loaded> useModel) {
        this.type = type;
        this.create = create;
        this.useModel = useModel;
    }

    @Override
    public T load(String path) {
        ParamsMetadata metadata = ParamsMetadata.load(path, sparkSession(), type);
        T instance = create.apply(metadata.uid());
        metadata.applyTo(instance, ModelStageWriter.MODEL_BYTES);
        Path file = new Path(path, metadata.field(ModelStageWriter.MODEL_FILE_FIELD));
        try {
            useModel.accept(instance, ModelDataFile.read(file, sc().hadoopConfiguration()));
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
        return instance;
    }
}
