package org.simdnet.data;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A labelled classification data set: {@code m} samples of {@code features} floats each, stored
 * row-major in one flat array, and one class label in {@code [0, classes)} per sample.
 *
 * <pre>
 *   x      = [ x00 x01 … x0(f-1) | x10 x11 … | … ]   m × features, row i starts at i·features
 *   labels = [ c0, c1, …, c(m-1) ]                  0 ≤ ci &lt; classes
 * </pre>
 *
 * <p>The constructor copies its arrays, so a data set never changes after it is built. For speed
 * {@link #x()} and {@link #labels()} hand out the internal arrays without copying: callers must
 * treat them as read-only (the training loop reads them millions of times).
 */
public final class Dataset {

    private final float[] x;
    private final int[] labels;
    private final int m;
    private final int features;
    private final int classes;

    /**
     * Builds a data set from copies of {@code x} ({@code labels.length × features}, row-major) and
     * {@code labels}.
     *
     * @throws IllegalArgumentException when an array is null, the shapes disagree, a value of
     *         {@code x} is not finite or a label is outside {@code [0, classes)}
     */
    public Dataset(float[] x, int[] labels, int features, int classes) {
        if (x == null || labels == null) {
            throw new IllegalArgumentException("x and labels must not be null (x "
                    + (x == null ? "null" : "length " + x.length) + ", labels "
                    + (labels == null ? "null" : "length " + labels.length) + ")");
        }
        if (features < 1) {
            throw new IllegalArgumentException("features must be >= 1, got " + features);
        }
        if (classes < 1) {
            throw new IllegalArgumentException("classes must be >= 1, got " + classes);
        }
        int rows = labels.length;
        if ((long) rows * features != x.length) {
            throw new IllegalArgumentException("x has " + x.length + " values but " + rows
                    + " labels × " + features + " features need " + (long) rows * features);
        }
        for (int i = 0; i < x.length; i++) {
            if (!Float.isFinite(x[i])) {
                throw new IllegalArgumentException("x[" + i / features + "][" + i % features
                        + "] is " + x[i] + "; samples must be finite");
            }
        }
        for (int i = 0; i < rows; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("label " + i + " is " + labels[i]
                        + " but must be in [0, " + classes + ")");
            }
        }
        this.x = x.clone();
        this.labels = labels.clone();
        this.m = rows;
        this.features = features;
        this.classes = classes;
    }

    /** Number of samples (rows). */
    public int size() {
        return m;
    }

    /** Number of features per sample (columns of {@link #x()}). */
    public int features() {
        return features;
    }

    /** Number of classes; every label lies in {@code [0, classes)}. */
    public int classes() {
        return classes;
    }

    /** The samples, {@code size() × features()} row-major. Internal array: do not modify. */
    public float[] x() {
        return x;
    }

    /** The labels, one per sample. Internal array: do not modify. */
    public int[] labels() {
        return labels;
    }

    /** Feature {@code col} of sample {@code row}. */
    public float x(int row, int col) {
        checkRow(row);
        if (col < 0 || col >= features) {
            throw new IllegalArgumentException("column " + col + " is outside [0, " + features + ")");
        }
        return x[row * features + col];
    }

    /** Label of sample {@code row}. */
    public int label(int row) {
        checkRow(row);
        return labels[row];
    }

    /** How many samples each class has: {@code counts[c]} for {@code c} in {@code [0, classes)}. */
    public int[] classCounts() {
        int[] counts = new int[classes];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }

    /** A new data set of the given rows, in the given order (rows may repeat). */
    public Dataset rows(int[] indices) {
        if (indices == null) {
            throw new IllegalArgumentException("indices must not be null");
        }
        float[] subX = new float[indices.length * features];
        int[] subLabels = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            checkRow(indices[i]);
            System.arraycopy(x, indices[i] * features, subX, i * features, features);
            subLabels[i] = labels[indices[i]];
        }
        return new Dataset(subX, subLabels, features, classes);
    }

    /**
     * Splits the samples at random into a training and a validation part. The same seed always
     * gives the same split; each part keeps the samples in their original relative order.
     *
     * @param validationFraction share of samples for validation, in {@code [0, 1)}; the validation
     *        part gets {@code round(size() · validationFraction)} samples, the rest train
     * @param seed seed of the {@link SplittableRandom} that shuffles the indices
     * @throws IllegalArgumentException when the fraction is outside {@code [0, 1)} or would leave
     *         the training part empty
     */
    public Split split(double validationFraction, long seed) {
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validation fraction must be in [0, 1), got "
                    + validationFraction);
        }
        int validationSize = (int) Math.round(m * validationFraction);
        if (validationSize >= m) {
            throw new IllegalArgumentException("validation fraction " + validationFraction + " of "
                    + m + " samples leaves no training samples");
        }
        // Fisher-Yates over the indices; the first validationSize shuffled indices validate.
        int[] order = new int[m];
        for (int i = 0; i < m; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = m - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        boolean[] isValidation = new boolean[m];
        for (int i = 0; i < validationSize; i++) {
            isValidation[order[i]] = true;
        }
        int[] trainRows = new int[m - validationSize];
        int[] validationRows = new int[validationSize];
        for (int i = 0, t = 0, v = 0; i < m; i++) {
            if (isValidation[i]) {
                validationRows[v++] = i;
            } else {
                trainRows[t++] = i;
            }
        }
        return new Split(rows(trainRows), rows(validationRows));
    }

    /** The two parts of {@link #split(double, long)}. */
    public static final class Split {
        private final Dataset train;
        private final Dataset validation;

        Split(Dataset train, Dataset validation) {
            this.train = train;
            this.validation = validation;
        }

        /** The training part (never empty). */
        public Dataset train() {
            return train;
        }

        /** The validation part (empty when the fraction rounds to zero samples). */
        public Dataset validation() {
            return validation;
        }
    }

    private void checkRow(int row) {
        if (row < 0 || row >= m) {
            throw new IllegalArgumentException("row " + row + " is outside [0, " + m + ")");
        }
    }

    /** Equal when shapes, samples (bit for bit) and labels are equal. */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Dataset)) {
            return false;
        }
        Dataset other = (Dataset) o;
        return m == other.m && features == other.features && classes == other.classes
                && Arrays.equals(x, other.x) && Arrays.equals(labels, other.labels);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(x) + Arrays.hashCode(labels)) + 31 * features + classes;
    }

    @Override
    public String toString() {
        return "Dataset[" + m + " × " + features + ", " + classes + " classes]";
    }
}
