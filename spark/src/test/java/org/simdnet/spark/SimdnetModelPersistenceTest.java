package org.simdnet.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simdnet.Model;

/** Saving and loading: Spark ML's metadata for the params, the model file as it is under data/. */
class SimdnetModelPersistenceTest {

    private static Model model;

    @BeforeAll
    static void start() {
        LocalSpark.session();
        model = Model.builder(2).dense(16).tanh().dense(3).build(11);
    }

    private static String uri(Path dir) {
        return dir.toUri().toString();
    }

    /** Every output of every row, as raw float bits, in id order. */
    private static List<String> outputBits(Dataset<Row> scored) {
        return scored.orderBy("id").collectAsList().stream().map(Row::toString).collect(Collectors.toList());
    }

    @Test
    void aSavedTransformerLoadsAndScoresBitForBit(@TempDir Path dir) throws IOException {
        SimdnetModelTransformer t = new SimdnetModelTransformer().setModel(model).setBatchSize(700)
                .setProbabilityCol("outputs");
        String path = uri(dir.resolve("scorer"));
        t.write().overwrite().save(path);

        SimdnetModelTransformer loaded = SimdnetModelTransformer.load(path);
        assertEquals(t.uid(), loaded.uid());
        assertEquals(700, (int) loaded.getOrDefault(loaded.batchSize()));
        assertEquals("outputs", loaded.getOrDefault(loaded.probabilityCol()));
        assertTrue(loaded.isSet(loaded.probabilityCol()));
        assertFalse(loaded.isSet(loaded.featuresCol()));
        assertArrayEquals(model.toBytes(), loaded.getOrDefault(loaded.modelBytes()));
        SpiralRows.assertCoreBits(model, loaded.transform(SpiralRows.vectors()), "prediction", "outputs");
        assertEquals(outputBits(t.transform(SpiralRows.vectors())), outputBits(loaded.transform(SpiralRows.vectors())));

        // The model is its own file, byte for byte; the JSON holds the other params only.
        assertArrayEquals(model.toBytes(), Files.readAllBytes(dir.resolve("scorer/data/simdnet.model")));
        String metadata = metadataJson(dir.resolve("scorer"));
        assertTrue(metadata.contains("\"class\":\"org.simdnet.spark.SimdnetModelTransformer\"")
                && metadata.contains("\"batchSize\":700") && metadata.contains("\"modelFile\":\"data/simdnet.model\""),
                metadata);
        assertFalse(metadata.contains("modelBytes"), metadata);

        // overwrite() replaces a saved stage; read() is the same reader PipelineModel.load uses.
        t.setBatchSize(9).write().overwrite().save(path);
        assertEquals(9, (int) SimdnetModelTransformer.read().load(path).getOrDefault(loaded.batchSize()));
    }

    private static String metadataJson(Path stage) throws IOException {
        try (Stream<Path> files = Files.list(stage.resolve("metadata"))) {
            Path part = files.filter(f -> f.getFileName().toString().startsWith("part-")).findFirst().orElseThrow();
            return Files.readString(part).trim();
        }
    }

    @Test
    void onnxBytesAreSavedAsTheyAre(@TempDir Path dir) throws IOException {
        byte[] onnx = model.toOnnx();
        SimdnetModelTransformer t = new SimdnetModelTransformer();
        t.set(t.modelBytes(), onnx);
        t.write().save(uri(dir.resolve("onnx")));
        assertArrayEquals(onnx, Files.readAllBytes(dir.resolve("onnx/data/model.onnx")));
        SimdnetModelTransformer loaded = SimdnetModelTransformer.load(uri(dir.resolve("onnx")));
        SpiralRows.assertCoreBits(Model.fromBytes(onnx), loaded.transform(SpiralRows.vectors()));
    }

    @Test
    void aPipelineModelHoldingItSavesAndLoads(@TempDir Path dir) throws IOException {
        VectorAssembler assemble = new VectorAssembler().setInputCols(new String[] {"b", "a"})
                .setOutputCol("features");
        SimdnetModelTransformer score = new SimdnetModelTransformer().setModel(model);
        PipelineModel pipeline = new Pipeline().setStages(new PipelineStage[] {assemble, score})
                .fit(SpiralRows.columns());
        String path = uri(dir.resolve("pipeline"));
        pipeline.write().overwrite().save(path);

        PipelineModel loaded = PipelineModel.load(path);
        assertEquals(2, loaded.stages().length);
        assertTrue(loaded.stages()[1] instanceof SimdnetModelTransformer);
        assertEquals(score.uid(), loaded.stages()[1].uid());
        SpiralRows.assertCoreBits(model, loaded.transform(SpiralRows.columns()));
    }

    @Test
    void aCorruptOrMissingModelFileIsNamed(@TempDir Path dir) throws IOException {
        String path = uri(dir.resolve("scorer"));
        new SimdnetModelTransformer().setModel(model).write().save(path);
        Path file = dir.resolve("scorer/data/simdnet.model");
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
        Files.deleteIfExists(dir.resolve("scorer/data/.simdnet.model.crc")); // else Hadoop's checksum says it first

        String corrupt = assertThrows(UncheckedIOException.class, () -> SimdnetModelTransformer.load(path))
                .getMessage();
        assertTrue(corrupt.contains("scorer/data/simdnet.model") && corrupt.contains("not a valid simdnet or ONNX model"),
                corrupt);

        Files.delete(file);
        String missing = assertThrows(UncheckedIOException.class, () -> SimdnetModelTransformer.load(path))
                .getMessage();
        assertTrue(missing.contains("scorer/data/simdnet.model is missing"), missing);
    }

    @Test
    void savingWithoutAModelSaysSo(@TempDir Path dir) {
        String m = assertThrows(IllegalStateException.class,
                () -> new SimdnetModelTransformer().write().save(uri(dir.resolve("none")))).getMessage();
        assertTrue(m.contains("no model set"), m);
    }
}
