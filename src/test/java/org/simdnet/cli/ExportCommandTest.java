package org.simdnet.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simdnet.Model;

/** {@code simdnet export --model FILE --onnx OUT.onnx}, end to end through {@link Main}. */
class ExportCommandTest {

    @TempDir
    Path dir;

    private final CliRun cli = new CliRun();

    private int run(String... args) {
        return cli.run(args);
    }

    @Test
    void exportsAModelThatLoadsBackWithTheSamePredictions() throws IOException {
        Path modelFile = dir.resolve("net.model");
        Model model = Model.builder(2).dense(16).relu().dense(8).tanh().dense(3).build(5);
        model.putMetadata("simdnet.class_names", "[\"a\",\"b\",\"c\"]");
        model.save(modelFile);
        Path onnx = dir.resolve("net.onnx");

        assertEquals(0, run("export", "--model", modelFile.toString(), "--onnx", onnx.toString()), cli.stderr());
        assertTrue(cli.stdout().startsWith("wrote " + onnx), cli.stdout());

        Model back = Model.load(onnx);
        assertEquals(model.classNames(), back.classNames());
        float[] x = {0.3f, -1.2f, 2.5f, 0.1f};
        float[] want = new float[6];
        float[] got = new float[6];
        model.predictor().predictBatch(x, 2, want, new int[2]);
        back.predictor().predictBatch(x, 2, got, new int[2]);
        assertArrayEquals(want, got);
    }

    @Test
    void userErrorsAreOneLineWithoutAStackTrace() throws IOException {
        assertEquals(2, run("export", "--model", "x.model"));
        assertTrue(cli.stderr().contains("export needs --model FILE and --onnx OUT.onnx"), cli.stderr());

        Path corrupt = dir.resolve("corrupt.onnx");
        Files.write(corrupt, new byte[] {0x08, 0x07, 0x3a, 0x7f, 0x01});   // a graph field longer than the file
        assertEquals(2, run("export", "--model", corrupt.toString(), "--onnx", dir.resolve("o.onnx").toString()));
        String message = cli.stderr();
        assertTrue(message.startsWith("simdnet: " + corrupt + ": "), message);
        assertTrue(message.contains("truncated or corrupt"), message);
        assertFalse(message.contains("\tat "), message);
    }
}
