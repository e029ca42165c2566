package org.simdnet.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

import org.simdnet.data.Dataset;
import org.simdnet.format.ModelFile;
import org.simdnet.io.Plots;
import org.simdnet.nn.Mlp;
import org.simdnet.nn.Predictor;
import org.simdnet.train.TrainResult;

/**
 * What {@code train} writes besides its log: the model file and the plots, at paths checked
 * before the training ({@link FileFlags#output}).
 */
final class Outputs {

    private final Path model;
    private final Path plot;
    private final Path lossPlot;

    /** @param model, plot, lossPlot the checked files, each null when its flag is absent */
    Outputs(Path model, Path plot, Path lossPlot) {
        this.model = model;
        this.plot = plot;
        this.lossPlot = lossPlot;
    }

    void write(Mlp mlp, Dataset train, TrainResult result, PrintStream out) throws IOException {
        if (model != null) {
            ModelFile.write(mlp, model);
            out.println("wrote model " + model);
        }
        if (plot != null) {
            Predictor predictor = new Predictor(mlp, false);      // one batch: no background warm-up
            Plots.decisionBoundary((xy, n, classes) -> predictor.predictBatch(xy, n, new float[n * predictor.classes()], classes),
                    train, plot, mlp.summary() + ", training accuracy " + String.format(Locale.ROOT, "%.3f", result.finalAccuracy()));
            out.println("wrote decision boundary " + plot);
        }
        if (lossPlot != null) {
            Plots.lossCurves(result.epochLoss(), result.epochAccuracy(), lossPlot);
            out.println("wrote loss and accuracy curves " + lossPlot);
        }
    }
}
