package org.simdnet.bench;

import java.io.IOException;
import java.nio.file.Path;

import org.simdnet.Model;

/**
 * Writes a simdnet model as an ONNX file with the same weights, for the comparisons with ONNX
 * Runtime: the library's own exporter ({@link Model#exportOnnx}), kept under this name because the
 * benchmark scripts call it.
 *
 * <pre>
 * java -cp jmh/target/benchmarks.jar org.simdnet.bench.OnnxExport MODEL_FILE OUT.onnx
 * </pre>
 */
public final class OnnxExport {

    private OnnxExport() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: OnnxExport MODEL_FILE OUT.onnx");
            System.exit(2);
        }
        Model.load(Path.of(args[0])).exportOnnx(Path.of(args[1]));
    }
}
