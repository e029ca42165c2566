package org.simdnet;

import java.util.Locale;

/**
 * How well a model does on a table: for classification, accuracy, mean log-loss, per-class
 * precision, recall and F1, macro-F1 and the confusion matrix; for regression, mean squared
 * error, mean absolute error and R². Computed in double precision from the model's predictor
 * (so from raw features, standardization included).
 */
public final class Metrics {

    private final boolean classification;
    private final int rows;
    private final double accuracy;
    private final double logLoss;
    private final long[][] confusion;
    private final double mse;
    private final double mae;
    private final double r2;

    private Metrics(boolean classification, int rows, double accuracy, double logLoss, long[][] confusion,
                    double mse, double mae, double r2) {
        this.classification = classification;
        this.rows = rows;
        this.accuracy = accuracy;
        this.logLoss = logLoss;
        this.confusion = confusion;
        this.mse = mse;
        this.mae = mae;
        this.r2 = r2;
    }

    /**
     * Evaluates {@code model} on {@code table}: a classifier on its labels, a one-output
     * regression model on its targets.
     *
     * @throws IllegalArgumentException when the table does not fit the model
     */
    public static Metrics of(Model model, Table table) {
        if (table.features() != model.inputs()) {
            throw new IllegalArgumentException("the table has " + table.features() + " features, the model "
                    + model.inputs() + " inputs");
        }
        Predictor predictor = model.predictor();
        int rows = table.rows(), outputs = predictor.outputs();
        float[] out = new float[rows * outputs];
        int[] predicted = new int[rows];
        predictor.predictBatch(table.x(), rows, out, predicted);
        if (table.classification()) {
            if (!model.classifies()) {
                throw new IllegalArgumentException("a classification table needs a classifier; the model's head is "
                        + model.head());
            }
            if (table.classes() > outputs) {
                throw new IllegalArgumentException("the table has " + table.classes() + " classes, the model "
                        + outputs + " outputs");
            }
            int classes = outputs;
            long[][] confusion = new long[classes][classes];
            double loss = 0;
            long right = 0;
            int[] labels = table.labels();
            for (int r = 0; r < rows; r++) {
                int truth = labels[r];
                confusion[truth][predicted[r]]++;
                right += truth == predicted[r] ? 1 : 0;
                // log-loss with the probability clipped at 1e-15, as scikit-learn does
                loss -= Math.log(Math.max(1e-15, out[r * outputs + truth]));
            }
            return new Metrics(true, rows, (double) right / rows, loss / rows, confusion, Double.NaN, Double.NaN, Double.NaN);
        }
        if (outputs != 1) {
            throw new IllegalArgumentException("a regression table has one target per row; the model has " + outputs
                    + " outputs");
        }
        float[] targets = table.targets();
        double mean = 0;
        for (int r = 0; r < rows; r++) {
            mean += targets[r];
        }
        mean /= rows;
        double se = 0, ae = 0, total = 0;
        for (int r = 0; r < rows; r++) {
            double e = out[r] - (double) targets[r];
            se += e * e;
            ae += Math.abs(e);
            double d = targets[r] - mean;
            total += d * d;
        }
        double r2 = total > 0 ? 1 - se / total : Double.NaN;
        return new Metrics(false, rows, Double.NaN, Double.NaN, null, se / rows, ae / rows, r2);
    }

    /** Whether these are classification metrics (else regression). */
    public boolean classification() {
        return classification;
    }

    /** Rows evaluated. */
    public int rows() {
        return rows;
    }

    /** Fraction of rows whose most probable class is their label (classification). */
    public double accuracy() {
        return accuracy;
    }

    /** Mean of −log p(label), p clipped at 1e-15 (classification). */
    public double logLoss() {
        return logLoss;
    }

    /** {@code confusion()[truth][predicted]}: rows of each label predicted as each class (a copy). */
    public long[][] confusion() {
        requireClassification();
        long[][] copy = new long[confusion.length][];
        for (int i = 0; i < confusion.length; i++) {
            copy[i] = confusion[i].clone();
        }
        return copy;
    }

    /** Of the rows predicted as {@code c}, the fraction labelled {@code c}; 0 when none is predicted as c. */
    public double precision(int c) {
        requireClassification();
        long predicted = 0;
        for (long[] row : confusion) {
            predicted += row[c];
        }
        return predicted == 0 ? 0 : (double) confusion[c][c] / predicted;
    }

    /** Of the rows labelled {@code c}, the fraction predicted as {@code c}; 0 when none is labelled c. */
    public double recall(int c) {
        requireClassification();
        long labelled = 0;
        for (long v : confusion[c]) {
            labelled += v;
        }
        return labelled == 0 ? 0 : (double) confusion[c][c] / labelled;
    }

    /** The harmonic mean of precision and recall of class {@code c} (0 when both are 0). */
    public double f1(int c) {
        double p = precision(c), r = recall(c);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    /** The mean F1 over the classes that appear among the labels or the predictions. */
    public double macroF1() {
        requireClassification();
        double sum = 0;
        int counted = 0;
        for (int c = 0; c < confusion.length; c++) {
            long seen = 0;
            for (int k = 0; k < confusion.length; k++) {
                seen += confusion[c][k] + confusion[k][c];
            }
            if (seen > 0) {
                sum += f1(c);
                counted++;
            }
        }
        return counted == 0 ? 0 : sum / counted;
    }

    /** Mean squared error (regression). */
    public double mse() {
        return mse;
    }

    /** Mean absolute error (regression). */
    public double mae() {
        return mae;
    }

    /** R² = 1 − SSE / SST (regression; NaN for constant targets). */
    public double r2() {
        return r2;
    }

    /** One machine-readable line: {@code accuracy=… log_loss=… macro_f1=…} or {@code mse=… mae=… r2=…}. */
    public String summaryLine() {
        return classification
                ? String.format(Locale.ROOT, "accuracy=%.4f log_loss=%.4f macro_f1=%.4f", accuracy, logLoss, macroF1())
                : String.format(Locale.ROOT, "mse=%.6g mae=%.6g r2=%.4f", mse, mae, r2);
    }

    private void requireClassification() {
        if (!classification) {
            throw new IllegalStateException("regression metrics have no classes");
        }
    }

    @Override
    public String toString() {
        return rows + " rows: " + summaryLine();
    }
}
