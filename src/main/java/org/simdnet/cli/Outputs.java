package org.simdnet.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

import org.simdnet.data.Dataset;
import org.simdnet.format.ModelFile;
import org.simdnet.io.Plots;
import org.simdnet.nn.Mlp;
import org.simdnet.nn.Predictor;
import org.simdnet.train.TrainResult;

/** What {@code train} writes besides its log: the model file and the plots. */
final class Outputs {

    private Outputs() {
    }

    static void write(Flags f, Mlp mlp, Dataset train, TrainResult result, PrintStream out) throws IOException {
        if (f.has("model")) {
            Path file = Path.of(f.string("model", null));
            ModelFile.write(mlp, file);
            out.println("wrote model " + file);
        }
        if (f.has("plot")) {
            Path file = Path.of(f.string("plot", null));
            if (train.features() != 2) {
                throw new UsageException("--plot draws 2-D data only");
            }
            Predictor predictor = new Predictor(mlp);
            Plots.decisionBoundary((xy, n, classes) -> predictor.predictBatch(xy, n, new float[n * predictor.classes()], classes),
                    train, file, mlp.summary() + ", training accuracy " + String.format(java.util.Locale.ROOT, "%.3f", result.finalAccuracy()));
            out.println("wrote decision boundary " + file);
        }
        if (f.has("loss-plot")) {
            Path file = Path.of(f.string("loss-plot", null));
            Plots.lossCurves(result.epochLoss(), result.epochAccuracy(), file);
            out.println("wrote loss and accuracy curves " + file);
        }
    }
}
