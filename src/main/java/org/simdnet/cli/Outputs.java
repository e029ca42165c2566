package org.simdnet.cli;

import java.io.PrintStream;

import org.simdnet.data.Dataset;
import org.simdnet.nn.Mlp;
import org.simdnet.train.TrainResult;

/** What {@code train} writes besides its log: the model file and the plots. */
final class Outputs {

    private Outputs() {
    }

    static void write(Flags f, Mlp mlp, Dataset train, TrainResult result, PrintStream out) {
        // Model files and plots arrive with the io package.
    }
}
