package org.simdnet.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.simdnet.CsvOptions;
import org.simdnet.Metrics;
import org.simdnet.Model;
import org.simdnet.Table;
import org.simdnet.TrainingConfig;
import org.simdnet.TrainingResult;
import org.simdnet.io.ConfusionMatrixPlot;
import org.simdnet.optim.LearningRateSchedule;
import org.simdnet.optim.OptimizerSpec;

/**
 * {@code train --data FILE.csv --label COLUMN} and {@code evaluate}: the user's own table, on the
 * public API ({@link Table}, {@link Model}, {@link Metrics}). Training holds out a seeded,
 * stratified test split (and optionally a validation split, which the progress lines report and
 * early stopping watches), standardizes the features on the training rows, and ends with one
 * machine-readable line.
 */
final class TabularCommands {

    static final String TRAIN_USAGE = String.join("\n",
            "  train --data FILE.csv --label COLUMN   train on your own table (flags of train above, and:)",
            "                 --task classification|regression (classification)  --test FRACTION (0.2)",
            "                 --validation FRACTION of the rest (0)  --patience EPOCHS  --min-delta D (0; with --validation)",
            "                 --no-header (then --label is a 0-based index)  --delimiter C (,)  --drop-invalid",
            "                 --class-order first|sorted (first)  --no-standardize",
            "                 --confusion-png FILE.png   the test split's confusion matrix as a picture");

    static final String EVALUATE_USAGE = String.join("\n",
            "  evaluate     --model FILE --data FILE.csv --label COLUMN   the model's metrics on a table",
            "                 (--task, --no-header, --delimiter, --drop-invalid as for train --data)",
            "                 --confusion-png FILE.png   the confusion matrix as a picture (classification)");

    private static final Set<String> TRAIN_FLAGS = Set.of("data", "label", "task", "test", "validation",
            "patience", "min-delta", "delimiter", "class-order", "hidden", "activation", "optimizer", "lr",
            "momentum", "weight-decay", "epochs", "batch", "threads", "seed", "model", "progress", "schedule",
            "warmup", "clip", "confusion-png");
    private static final Set<String> TRAIN_SWITCHES = Set.of("no-header", "drop-invalid", "no-standardize", "nesterov");

    private TabularCommands() {
    }

    /** Whether {@code train}'s arguments ask for a table rather than the spiral. */
    static boolean wantsTable(String[] args) {
        for (String a : args) {
            if (a.equals("--data") || a.startsWith("--data=")) {
                return true;
            }
        }
        return false;
    }

    private static CsvOptions csvOptions(Flags f, boolean regression) {
        String label = f.string("label", null);
        if (label == null) {
            throw new UsageException("--data needs --label COLUMN (a name, or with --no-header a 0-based index)");
        }
        CsvOptions options;
        if (f.has("no-header")) {
            int index;
            try {
                index = Integer.parseInt(label.trim());
            } catch (NumberFormatException e) {
                throw new UsageException("--label must be a 0-based column index with --no-header, got '" + label + "'");
            }
            if (index < 0) {
                throw new UsageException("--label must be >= 0, got " + index);
            }
            options = CsvOptions.labelColumn(index).withHeader(false);
        } else {
            options = CsvOptions.label(label);
        }
        String delimiter = f.string("delimiter", ",");
        if (delimiter.equals("\\t") || delimiter.equalsIgnoreCase("tab")) {
            delimiter = "\t";
        }
        if (delimiter.length() != 1 || delimiter.equals("\"")) {
            throw new UsageException("--delimiter must be one character (not a quote), got '" + delimiter + "'");
        }
        return options.withDelimiter(delimiter.charAt(0)).withDropInvalidRows(f.has("drop-invalid"))
                .withTask(regression ? CsvOptions.Task.REGRESSION : CsvOptions.Task.CLASSIFICATION);
    }

    static int train(String[] args, PrintStream out) throws IOException {
        Flags f = Flags.parse(args, TRAIN_FLAGS, TRAIN_SWITCHES);
        if (!f.positional().isEmpty()) {
            throw new UsageException("train takes no positional arguments, got '" + f.positional().get(0) + "'");
        }
        Path data = FileFlags.input(f, "data");
        boolean regression = "regression".equals(f.choice("task", "classification", "classification", "regression"));
        CsvOptions options = csvOptions(f, regression);
        if ("sorted".equals(f.choice("class-order", "first", "first", "sorted"))) {
            options = options.withClassOrder(CsvOptions.ClassOrder.SORTED);
        }
        double testFraction = f.number("test", 0.2, 0, true, 0.9);
        double validationFraction = f.number("validation", 0, 0, false, 0.9);
        int patience = f.integer("patience", 0, 0, Integer.MAX_VALUE);
        double minDelta = f.number("min-delta", 0, 0, false, 1e30);
        if (patience > 0 && validationFraction == 0) {
            throw new UsageException("--patience watches the validation loss: give --validation FRACTION too");
        }
        int[] hidden = f.integerList("hidden", new int[] {64}, 1 << 16);
        String activation = f.string("activation", "relu");
        String[] activations = activation.split(",");
        if (activations.length != 1 && activations.length != hidden.length) {
            throw new UsageException("--activation gives " + activations.length + " activations for " + hidden.length
                    + " hidden layers: give one for all, or one per hidden layer");
        }
        String optimizerName = f.choice("optimizer", "adam", "adam", "adamw", "sgd");
        double lr = f.number("lr", 1e-3, 0, true, 1e3);
        double momentum = f.number("momentum", 0, 0, false, 0.999999);
        double weightDecay = f.number("weight-decay", "adamw".equals(optimizerName) ? 1e-2 : 0, 0, false, 1e3);
        int epochs = f.integer("epochs", 200, 1, 100_000_000);
        int batch = f.integer("batch", 64, 0, Integer.MAX_VALUE);
        int threads = f.threads();
        long seed = f.longValue("seed", 12345L);
        int progressEvery = f.integer("progress", Math.max(1, epochs / 10), 1, Integer.MAX_VALUE);
        LearningRateSchedule schedule = TrainCommand.schedule(f.string("schedule", null), epochs);
        int warmup = f.integer("warmup", 0, 0, epochs);
        if (warmup > 0) {
            schedule = LearningRateSchedule.linearWarmup(warmup).times(schedule);
        }
        float clip = f.has("clip") ? (float) f.number("clip", 0, 0, true, 1e30) : 0f;
        Path modelFile = FileFlags.output(f, "model");
        Path confusionPng = FileFlags.output(f, "confusion-png");
        FileFlags.distinct(f, "data", "model", "confusion-png");
        if (confusionPng != null && regression) {
            throw new UsageException("--confusion-png draws class confusions: it needs --task classification");
        }

        Table all = Table.readCsv(data, options);
        Table.Split outer = all.split(testFraction, seed);
        Table train = outer.train();
        Table test = outer.test();
        Table validation = null;
        if (validationFraction > 0) {
            Table.Split inner = train.split(validationFraction, seed + 1);
            train = inner.train();
            validation = inner.test();
        }
        int outputs = regression ? 1 : all.classes();
        Model.Builder builder = Model.builder(all.features());
        for (int l = 0; l < hidden.length; l++) {
            builder.dense(hidden[l]);
            try {
                builder.activation(activations.length == 1 ? activations[0] : activations[l]);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--activation: " + e.getMessage());
            }
        }
        builder.dense(outputs);
        Model model = (regression ? builder.meanSquaredError() : builder.softmaxCrossEntropy()).build(seed);
        if (!f.has("no-standardize")) {
            model.standardizeInputs(train);
        }
        OptimizerSpec optimizer = "sgd".equals(optimizerName)
                ? OptimizerSpec.sgd((float) lr, (float) momentum, 0f, (float) weightDecay, f.has("nesterov"))
                : "adamw".equals(optimizerName) ? OptimizerSpec.adamW((float) lr, (float) weightDecay)
                : OptimizerSpec.adam((float) lr, (float) weightDecay);
        TrainingConfig config = TrainingConfig.defaults().withEpochs(epochs).withBatchSize(batch).withThreads(threads)
                .withSeed(seed).withOptimizer(optimizer).withSchedule(schedule).withClipNorm(clip);

        out.printf(Locale.ROOT, "data: %s: %s%s; %d train, %d validation, %d test rows%n", data, all,
                all.droppedRows() > 0 ? " (" + all.droppedRows() + " invalid rows dropped)" : "",
                train.rows(), validation == null ? 0 : validation.rows(), test.rows());
        out.printf(Locale.ROOT, "model: %s %s; %s; standardized: %s%n", model.layers(), model.head(), optimizer,
                f.has("no-standardize") ? "no" : "yes");
        Table watched = validation;
        EarlyStopping stopping = new EarlyStopping(patience, minDelta);
        TrainingResult result = model.train(train, config, (epoch, total, loss, accuracy) -> {
            Metrics v = watched == null ? null : Metrics.of(model, watched);
            if (epoch % progressEvery == 0 || epoch == total) {
                out.printf(Locale.ROOT, "epoch %d/%d loss %.4f%s%s%n", epoch, total, loss,
                        regression ? "" : String.format(Locale.ROOT, " accuracy %.4f", accuracy),
                        v == null ? "" : " validation " + v.summaryLine());
            }
            return v == null || stopping.goOn(epoch, regression ? v.mse() : v.logLoss(), model);
        });
        Model best = stopping.best() != null ? stopping.best() : model;
        if (stopping.best() != null) {
            out.printf(Locale.ROOT, "early stopping: the best validation loss %.6g was at epoch %d; its weights are kept%n",
                    stopping.bestLoss(), stopping.bestEpoch());
        }
        Metrics testMetrics = Metrics.of(best, test);
        Metrics trainMetrics = Metrics.of(best, train);
        Metrics validationMetrics = validation == null ? null : Metrics.of(best, validation);
        printReport(out, "test", testMetrics, best.classNames());
        if (modelFile != null) {
            best.save(modelFile);
            out.println("wrote model " + modelFile);
        }
        if (confusionPng != null) {
            writeConfusion(testMetrics, best.classNames(), data.getFileName() + ", test split", confusionPng, out);
        }
        StringBuilder last = new StringBuilder(String.format(Locale.ROOT, "final epochs=%d ", result.epochs()));
        last.append(prefixed("", trainMetrics)).append(' ');
        if (validationMetrics != null) {
            last.append(prefixed("val_", validationMetrics)).append(' ');
        }
        last.append(prefixed("test_", testMetrics));
        last.append(String.format(Locale.ROOT, " train_ms=%.0f", result.trainMillis()));
        out.println(last);
        return 0;
    }

    /** The metrics' summary line with each key prefixed ({@code val_accuracy=…}). */
    private static String prefixed(String prefix, Metrics m) {
        StringBuilder b = new StringBuilder();
        for (String part : m.summaryLine().split(" ")) {
            b.append(b.length() == 0 ? "" : " ").append(prefix).append(part);
        }
        return b.toString();
    }

    /** The full report: the summary, and per class precision, recall, F1 and the confusion matrix. */
    static void printReport(PrintStream out, String what, Metrics m, List<String> classNames) {
        out.printf(Locale.ROOT, "%s: %d rows, %s%n", what, m.rows(), m.summaryLine());
        if (!m.classification()) {
            return;
        }
        long[][] confusion = m.confusion();
        int width = 5;
        for (int c = 0; c < confusion.length; c++) {
            width = Math.max(width, name(classNames, c).length());
        }
        out.printf(Locale.ROOT, "  %-" + width + "s  precision  recall     f1%n", "class");
        for (int c = 0; c < confusion.length; c++) {
            out.printf(Locale.ROOT, "  %-" + width + "s  %9.4f  %6.4f  %6.4f%n", name(classNames, c), m.precision(c),
                    m.recall(c), m.f1(c));
        }
        out.printf(Locale.ROOT, "  confusion (rows: label, columns: predicted)%n");
        for (int c = 0; c < confusion.length; c++) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "  %-" + width + "s", name(classNames, c)));
            for (long v : confusion[c]) {
                row.append(String.format(Locale.ROOT, " %6d", v));
            }
            out.println(row);
        }
    }

    /** The confusion matrix of {@code m} as a PNG, titled with what was evaluated and its accuracy. */
    private static void writeConfusion(Metrics m, List<String> classNames, String what, Path png, PrintStream out)
            throws IOException {
        ConfusionMatrixPlot.write(m.confusion(), classNames, String.format(Locale.ROOT, "%s: %d rows, accuracy %.4f,"
                + " macro-F1 %.4f", what, m.rows(), m.accuracy(), m.macroF1()), png);
        out.println("wrote confusion matrix " + png);
    }

    private static String name(List<String> classNames, int c) {
        return c < classNames.size() ? classNames.get(c) : Integer.toString(c);
    }

    static int evaluate(String[] args, PrintStream out) throws IOException {
        Flags f = Flags.parse(args, Set.of("model", "data", "label", "task", "delimiter", "confusion-png"),
                Set.of("no-header", "drop-invalid"));
        if (!f.positional().isEmpty()) {
            throw new UsageException("evaluate takes no positional arguments, got '" + f.positional().get(0) + "'");
        }
        Path modelFile = FileFlags.input(f, "model");
        Path data = FileFlags.input(f, "data");
        if (modelFile == null || data == null) {
            throw new UsageException("evaluate needs --model FILE and --data FILE.csv");
        }
        Path confusionPng = FileFlags.output(f, "confusion-png");
        FileFlags.distinct(f, "model", "data", "confusion-png");
        Model model = Model.load(modelFile);
        boolean regression = f.has("task") ? "regression".equals(f.choice("task", "classification", "classification",
                "regression")) : !model.classifies();
        if (confusionPng != null && regression) {
            throw new UsageException("--confusion-png draws class confusions: " + modelFile + " is a regression model");
        }
        CsvOptions options = csvOptions(f, regression);
        Table table = Table.readCsv(data, options);
        if (!regression) {
            table = inModelClasses(table, model.classNames(), data);
        }
        Metrics m;
        try {
            m = Metrics.of(model, table);
        } catch (IllegalArgumentException e) {
            throw new UsageException(data + " does not fit " + modelFile + ": " + e.getMessage());
        }
        printReport(out, "evaluate " + data, m, model.classNames());
        if (confusionPng != null) {
            writeConfusion(m, model.classNames(), data.getFileName().toString(), confusionPng, out);
        }
        out.println(m.summaryLine());
        return 0;
    }

    /**
     * The table with its labels renumbered to the model's class names (the file's first
     * appearance order need not be the training file's); a label the model does not know is an error.
     */
    private static Table inModelClasses(Table table, List<String> modelNames, Path source) {
        if (modelNames.isEmpty()) {
            return table;
        }
        int[] labels = table.labels().clone();
        List<String> names = table.classNames();
        for (int r = 0; r < labels.length; r++) {
            int c = modelNames.indexOf(names.get(labels[r]));
            if (c < 0) {
                throw new UsageException(source + ": class '" + names.get(labels[r]) + "' (row " + r
                        + ") is not one of the model's classes " + modelNames);
            }
            labels[r] = c;
        }
        return Table.ofClasses(table.x(), labels, table.featureNames(), modelNames);
    }

    /** Stops after {@code patience} epochs without a validation loss below the best by more than {@code minDelta}; keeps the best model. */
    private static final class EarlyStopping {
        private final int patience;
        private final double minDelta;
        private double bestLoss = Double.POSITIVE_INFINITY;
        private int bestEpoch;
        private Model best;

        EarlyStopping(int patience, double minDelta) {
            this.patience = patience;
            this.minDelta = minDelta;
        }

        boolean goOn(int epoch, double loss, Model model) {
            if (patience == 0) {
                return true;
            }
            if (loss < bestLoss - minDelta) {
                bestLoss = loss;
                bestEpoch = epoch;
                best = model.copy();
            }
            return epoch - bestEpoch < patience;
        }

        Model best() {
            return best;
        }

        double bestLoss() {
            return bestLoss;
        }

        int bestEpoch() {
            return bestEpoch;
        }
    }
}
