package org.simdnet.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Set;

import org.simdnet.Model;

/**
 * {@code simdnet export --model FILE --onnx OUT.onnx}: a saved model as a standard ONNX model
 * ({@link Model#toOnnx()}), for any ONNX runtime.
 */
final class ExportCommand {

    static final String USAGE = String.join("\n",
            "  export       --model FILE --onnx OUT.onnx   write the model as ONNX (opset 13, float32,",
            "                 dynamic batch; standardization folded in; class names in metadata_props)");

    private ExportCommand() {
    }

    static int run(String[] args, PrintStream out) throws IOException {
        Flags f = Flags.parse(args, Set.of("model", "onnx"), Set.of());
        if (!f.has("model") || !f.has("onnx")) {
            throw new UsageException("export needs --model FILE and --onnx OUT.onnx");
        }
        if (!f.positional().isEmpty()) {
            throw new UsageException("export takes no positional arguments, got " + f.positional());
        }
        FileFlags.distinct(f, "model", "onnx");
        Path modelFile = FileFlags.input(f, "model");
        Path onnxFile = FileFlags.output(f, "onnx");
        Model model = Model.load(modelFile);
        model.exportOnnx(onnxFile);
        out.println("wrote " + onnxFile + ": " + model.layers() + " + " + model.head() + ", inputs=" + model.inputs()
                + " outputs=" + model.outputs());
        return 0;
    }
}
