package org.simdnet.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

import org.simdnet.io.CsvPoints;
import org.simdnet.format.ModelFile;
import org.simdnet.nn.Mlp;
import org.simdnet.nn.Predictor;

/**
 * {@code simdnet predict}: class and probabilities for one point ({@code X Y}) or for every
 * point of a CSV file, from a saved model.
 */
final class PredictCommand {

    static final String USAGE = String.join("\n",
            "  predict      classify points with a saved model",
            "                 --model FILE X Y           one point: its class and probabilities",
            "                 --model FILE --input CSV   every \"x,y\" line: x,y,class,p0,p1,...");

    private PredictCommand() {
    }

    static int run(String[] args, PrintStream out) throws IOException {
        Flags f = Flags.parse(args, Set.of("model", "input"), Set.of());
        if (!f.has("model")) {
            throw new UsageException("predict needs --model FILE");
        }
        Path modelFile = FileFlags.input(f, "model");
        Path inputFile = f.has("input") ? FileFlags.input(f, "input") : null;
        Mlp mlp = ModelFile.read(modelFile);
        Predictor predictor = new Predictor(mlp, false);      // a one-off process: no background warm-up
        int classes = predictor.classes();
        if (f.has("input")) {
            if (!f.positional().isEmpty()) {
                throw new UsageException("give either --input CSV or the coordinates, not both");
            }
            requireInputs(predictor, 2);
            float[] xy = CsvPoints.read(inputFile);
            int n = xy.length / 2;
            if ((long) n * classes > Integer.MAX_VALUE - 8) {
                throw new UsageException("--input " + inputFile + ": " + n + " points × " + classes
                        + " probabilities do not fit one array; split the file");
            }
            float[] probabilities = new float[n * classes];
            int[] predicted = new int[n];
            predictor.predictBatch(xy, n, probabilities, predicted);
            boolean classifies = mlp.head().classifies();
            StringBuilder header = new StringBuilder(classifies ? "x,y,class" : "x,y");
            for (int c = 0; c < classes; c++) {
                header.append(classifies ? ",p" : ",y").append(c);
            }
            out.println(header);
            for (int i = 0; i < n; i++) {
                StringBuilder line = new StringBuilder();
                line.append(xy[2 * i]).append(',').append(xy[2 * i + 1]);
                if (classifies) {
                    line.append(',').append(predicted[i]);
                }
                for (int c = 0; c < classes; c++) {
                    line.append(',').append(String.format(Locale.ROOT, "%.6f", probabilities[i * classes + c]));
                }
                out.println(line);
            }
            return 0;
        }
        requireInputs(predictor, f.positional().size());
        float[] x = new float[predictor.inputs()];
        for (int i = 0; i < x.length; i++) {
            String v = f.positional().get(i);
            try {
                x[i] = Float.parseFloat(v);
            } catch (NumberFormatException e) {
                throw new UsageException("coordinate " + (i + 1) + " must be a number, got '" + v + "'");
            }
            if (!Float.isFinite(x[i])) {
                throw new UsageException("coordinate " + (i + 1) + " must be finite, got '" + v + "'");
            }
        }
        float[] probabilities = new float[classes];
        int predicted = predictor.predict(x, probabilities);
        StringBuilder line = new StringBuilder(mlp.head().classifies()
                ? "class " + predicted + " probabilities" : "outputs");
        for (float p : probabilities) {
            line.append(' ').append(String.format(Locale.ROOT, "%.6f", p));
        }
        out.println(line);
        return 0;
    }

    private static void requireInputs(Predictor predictor, int given) {
        if (given != predictor.inputs()) {
            throw new UsageException("the model takes " + predictor.inputs() + " coordinates per point, got " + given);
        }
    }
}
