package org.simdnet;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.simdnet.io.CsvFormatException;
import org.simdnet.io.CsvRecords;
import org.simdnet.io.Decimal;

/**
 * A table of numeric features with a label per row: class labels (with their names) for
 * classification, or one numeric target for regression. The features are one flat
 * {@code float[]}, {@code rows × features} row-major, as {@link Model#train} takes them.
 * Immutable (the accessors return the arrays themselves: do not change them).
 *
 * <p>From CSV with {@link #readCsv(Path, CsvOptions)}: one pass, time linear in the input, lines
 * bounded in length; every cell of a feature column must be a decimal number, and a missing or
 * non-numeric cell fails naming its line and column (or drops the row, if asked). Class labels
 * may be any strings; {@link #classNames()} keeps the mapping.
 */
public final class Table {

    private final float[] x;
    private final int rows;
    private final List<String> featureNames;
    private final int[] labels;
    private final List<String> classNames;
    private final float[] targets;
    private final int droppedRows;

    private Table(float[] x, int rows, List<String> featureNames, int[] labels, List<String> classNames,
                  float[] targets, int droppedRows) {
        this.x = x;
        this.rows = rows;
        this.featureNames = Collections.unmodifiableList(new ArrayList<>(featureNames));
        this.labels = labels;
        this.classNames = classNames == null ? null : Collections.unmodifiableList(new ArrayList<>(classNames));
        this.targets = targets;
        this.droppedRows = droppedRows;
    }

    /**
     * A classification table from arrays.
     *
     * @param x            {@code rows × featureNames.size()} features, row-major, all finite
     * @param labels       {@code rows} class indices in {@code [0, classNames.size())}
     * @param featureNames the features' names
     * @param classNames   the classes' names, index by index
     */
    public static Table ofClasses(float[] x, int[] labels, List<String> featureNames, List<String> classNames) {
        if (labels == null || classNames == null || classNames.isEmpty()) {
            throw new IllegalArgumentException("labels and class names must be given");
        }
        int rows = labels.length;
        check(x, rows, featureNames);
        for (int r = 0; r < rows; r++) {
            if (labels[r] < 0 || labels[r] >= classNames.size()) {
                throw new IllegalArgumentException("labels[" + r + "] is " + labels[r] + " but there are "
                        + classNames.size() + " classes");
            }
        }
        return new Table(x, rows, featureNames, labels, classNames, null, 0);
    }

    /**
     * A regression table from arrays.
     *
     * @param x            {@code targets.length × featureNames.size()} features, row-major, all finite
     * @param targets      one finite target per row
     * @param featureNames the features' names
     */
    public static Table ofTargets(float[] x, float[] targets, List<String> featureNames) {
        if (targets == null) {
            throw new IllegalArgumentException("targets must be given");
        }
        int rows = targets.length;
        check(x, rows, featureNames);
        for (int r = 0; r < rows; r++) {
            if (!Float.isFinite(targets[r])) {
                throw new IllegalArgumentException("targets[" + r + "] is " + targets[r] + "; targets must be finite");
            }
        }
        return new Table(x, rows, featureNames, null, null, targets, 0);
    }

    private static void check(float[] x, int rows, List<String> featureNames) {
        if (x == null || featureNames == null || featureNames.isEmpty()) {
            throw new IllegalArgumentException("features and their names must be given");
        }
        int features = featureNames.size();
        if (x.length != (long) rows * features) {
            throw new IllegalArgumentException(rows + " rows of " + features + " features need " + (long) rows * features
                    + " floats, got " + x.length);
        }
        for (int i = 0; i < x.length; i++) {
            if (!Float.isFinite(x[i])) {
                throw new IllegalArgumentException("row " + i / features + ", feature " + featureNames.get(i % features)
                        + " is " + x[i] + "; features must be finite");
            }
        }
    }

    /**
     * Reads a UTF-8 CSV file.
     *
     * @throws CsvFormatException naming the line and column of the first bad cell, or what else
     *                            is wrong (no label column of that name, a line too long, ...)
     */
    public static Table readCsv(Path file, CsvOptions options) throws IOException {
        if (file == null || options == null) {
            throw new IllegalArgumentException("file and options must not be null");
        }
        try (Reader reader = new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8)) {
            return readCsv(reader, file.toString(), options);
        }
    }

    /**
     * Reads CSV text from {@code reader} (not closed); {@code source} names it in messages.
     *
     * @throws CsvFormatException naming the line and column of the first bad cell, or what else
     *                            is wrong
     */
    public static Table readCsv(Reader reader, String source, CsvOptions options) throws IOException {
        if (reader == null || options == null) {
            throw new IllegalArgumentException("reader and options must not be null");
        }
        CsvRecords records = new CsvRecords(reader, source, options.delimiter(), options.maxLineChars());
        List<String> fields = new ArrayList<>();
        if (!records.next(fields)) {
            throw new CsvFormatException(source + ": no data (the file is empty)");
        }
        int columns = fields.size();
        List<String> names = new ArrayList<>();
        boolean firstIsData = !options.header();
        for (int c = 0; c < columns; c++) {
            names.add(options.header() ? fields.get(c).trim() : "column " + c);
        }
        int label = options.labelName() != null ? names.indexOf(options.labelName()) : options.labelIndex();
        if (label < 0 || label >= columns) {
            throw new CsvFormatException(source + ": no label column "
                    + (options.labelName() != null ? "named '" + options.labelName() + "'" : "at index " + label)
                    + "; the columns are " + names);
        }
        int id = options.idName() == null ? -1 : names.indexOf(options.idName());
        if (options.idName() != null && id < 0) {
            throw new CsvFormatException(source + ": no id column named '" + options.idName() + "'; the columns are " + names);
        }
        int features = columns - 1 - (id >= 0 && id != label ? 1 : 0);
        if (features == 0) {
            throw new CsvFormatException(source + ": no feature columns besides the label");
        }
        int[] featureColumns = new int[features];
        List<String> featureNames = new ArrayList<>();
        for (int c = 0, k = 0; c < columns; c++) {
            if (c != label && c != id) {
                featureColumns[k++] = c;
                featureNames.add(names.get(c));
            }
        }
        boolean classification = options.task() == CsvOptions.Task.CLASSIFICATION;
        float[] x = new float[Math.max(16, features * 64)];
        int[] labelIndex = new int[64];
        float[] target = new float[64];
        Map<String, Integer> classes = new HashMap<>();
        List<String> classNames = new ArrayList<>();
        int rows = 0;
        int dropped = 0;
        float[] row = new float[features];
        while (firstIsData || records.next(fields)) {
            firstIsData = false;
            if (fields.size() == 1 && fields.get(0).isBlank()) {
                continue;
            }
            if (fields.size() != columns) {
                throw new CsvFormatException(source + ": line " + records.line() + " has " + fields.size()
                        + " fields, the " + (options.header() ? "header" : "first line") + " " + columns);
            }
            int bad = -1;                                   // the first bad cell's column
            for (int k = 0; k < features && bad < 0; k++) {
                float v = Decimal.parse(fields.get(featureColumns[k]));
                if (Float.isNaN(v)) {
                    bad = featureColumns[k];
                }
                row[k] = v;
            }
            String labelCell = fields.get(label).trim();
            float t = 0;
            if (bad < 0) {
                if (classification ? labelCell.isEmpty() : Float.isNaN(t = Decimal.parse(labelCell))) {
                    bad = label;
                }
            }
            if (bad >= 0) {
                if (options.dropInvalidRows()) {
                    dropped++;
                    continue;
                }
                String cell = fields.get(bad);
                throw new CsvFormatException(source + ": line " + records.line() + ", column '" + names.get(bad) + "': "
                        + (cell.isBlank() ? "missing value" : "'" + abbreviate(cell.trim()) + "' is not a finite decimal number")
                        + " (rows with such cells can be dropped instead: CsvOptions.withDropInvalidRows, --drop-invalid)");
            }
            if ((long) (rows + 1) * features > Integer.MAX_VALUE - 8) {
                throw new CsvFormatException(source + ": more than " + (Integer.MAX_VALUE - 8) / features
                        + " rows of " + features + " features do not fit one array");
            }
            if ((rows + 1) * features > x.length) {
                x = Arrays.copyOf(x, (int) Math.min(Integer.MAX_VALUE - 8L, Math.max((long) x.length * 2, (long) (rows + 1) * features)));
            }
            System.arraycopy(row, 0, x, rows * features, features);
            if (rows == labelIndex.length) {
                labelIndex = Arrays.copyOf(labelIndex, rows * 2);
                target = Arrays.copyOf(target, rows * 2);
            }
            if (classification) {
                Integer c = classes.get(labelCell);
                if (c == null) {
                    c = classNames.size();
                    classes.put(labelCell, c);
                    classNames.add(labelCell);
                }
                labelIndex[rows] = c;
            } else {
                target[rows] = t;
            }
            rows++;
        }
        if (rows == 0) {
            throw new CsvFormatException(source + ": no data rows" + (dropped > 0 ? " (" + dropped + " dropped as invalid)" : ""));
        }
        x = Arrays.copyOf(x, rows * features);
        if (!classification) {
            return new Table(x, rows, featureNames, null, null, Arrays.copyOf(target, rows), dropped);
        }
        int[] labels = Arrays.copyOf(labelIndex, rows);
        if (options.classOrder() == CsvOptions.ClassOrder.SORTED) {
            List<String> sorted = new ArrayList<>(classNames);
            boolean integers = sorted.stream().allMatch(s -> s.matches("[+-]?\\d{1,18}"));
            sorted.sort(integers ? (a, b) -> Long.compare(Long.parseLong(a), Long.parseLong(b)) : String::compareTo);
            int[] remap = new int[sorted.size()];
            for (int i = 0; i < sorted.size(); i++) {
                remap[classes.get(sorted.get(i))] = i;
            }
            for (int r = 0; r < rows; r++) {
                labels[r] = remap[labels[r]];
            }
            classNames = sorted;
        }
        return new Table(x, rows, featureNames, labels, classNames, null, dropped);
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }

    /** Rows. */
    public int rows() {
        return rows;
    }

    /** Features per row. */
    public int features() {
        return featureNames.size();
    }

    /** The features' names (the header's, or "column N"). */
    public List<String> featureNames() {
        return featureNames;
    }

    /** {@code rows × features} features, row-major (the array itself: do not change it). */
    public float[] x() {
        return x;
    }

    /** Whether the label is a class (else a numeric target). */
    public boolean classification() {
        return labels != null;
    }

    /** The class index of each row (classification only). */
    public int[] labels() {
        requireClasses();
        return labels;
    }

    /** The classes' names: class {@code i} is {@code classNames().get(i)} (classification only). */
    public List<String> classNames() {
        requireClasses();
        return classNames;
    }

    /** Classes (classification only). */
    public int classes() {
        requireClasses();
        return classNames.size();
    }

    /** The target of each row (regression only). */
    public float[] targets() {
        if (targets == null) {
            throw new IllegalStateException("a classification table has labels, not targets");
        }
        return targets;
    }

    /** Rows skipped as invalid while reading (with {@link CsvOptions#withDropInvalidRows}). */
    public int droppedRows() {
        return droppedRows;
    }

    private void requireClasses() {
        if (labels == null) {
            throw new IllegalStateException("a regression table has targets, not class labels");
        }
    }

    /** The rows at {@code indices}, in that order. */
    public Table rows(int[] indices) {
        int f = features();
        float[] nx = new float[indices.length * f];
        int[] nl = labels == null ? null : new int[indices.length];
        float[] nt = targets == null ? null : new float[indices.length];
        for (int i = 0; i < indices.length; i++) {
            int r = indices[i];
            if (r < 0 || r >= rows) {
                throw new IllegalArgumentException("row " + r + " is outside [0, " + rows + ")");
            }
            System.arraycopy(x, r * f, nx, i * f, f);
            if (nl != null) {
                nl[i] = labels[r];
            } else {
                nt[i] = targets[r];
            }
        }
        return new Table(nx, indices.length, featureNames, nl, classNames, nt, 0);
    }

    /** Two disjoint parts of a table. */
    public static final class Split {
        private final Table first;
        private final Table second;

        Split(Table first, Table second) {
            this.first = first;
            this.second = second;
        }

        /** The larger part (training). */
        public Table train() {
            return first;
        }

        /** The held-out part (validation or test). */
        public Table test() {
            return second;
        }
    }

    /**
     * Splits the rows at random (seeded): {@code fraction} of them held out. Stratified for
     * classification: each class is split in that proportion (rounded), so small classes keep
     * their share. Same seed, same table: same split.
     *
     * @param fraction the held-out share, in (0, 1)
     */
    public Split split(double fraction, long seed) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("the held-out fraction must lie in (0, 1), got " + fraction);
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<int[]> groups = new ArrayList<>();
        if (labels != null) {
            int[] counts = new int[classNames.size()];
            for (int label : labels) {
                counts[label]++;
            }
            int[][] byClass = new int[counts.length][];
            for (int c = 0; c < counts.length; c++) {
                byClass[c] = new int[counts[c]];
            }
            int[] fill = new int[counts.length];
            for (int r = 0; r < rows; r++) {
                byClass[labels[r]][fill[labels[r]]++] = r;
            }
            groups.addAll(Arrays.asList(byClass));
        } else {
            int[] all = new int[rows];
            Arrays.setAll(all, i -> i);
            groups.add(all);
        }
        int[] held = new int[rows];
        int[] kept = new int[rows];
        int nh = 0, nk = 0;
        for (int[] g : groups) {
            for (int i = g.length - 1; i > 0; i--) {        // Fisher–Yates
                int j = random.nextInt(i + 1);
                int t = g[i];
                g[i] = g[j];
                g[j] = t;
            }
            int h = (int) Math.round(g.length * fraction);
            for (int i = 0; i < g.length; i++) {
                if (i < h) {
                    held[nh++] = g[i];
                } else {
                    kept[nk++] = g[i];
                }
            }
        }
        if (nh == 0 || nk == 0) {
            throw new IllegalArgumentException("a held-out fraction of " + fraction + " of " + rows
                    + " rows leaves " + (nh == 0 ? "nothing held out" : "nothing to train on"));
        }
        int[] heldRows = Arrays.copyOf(held, nh);
        int[] keptRows = Arrays.copyOf(kept, nk);
        Arrays.sort(heldRows);
        Arrays.sort(keptRows);
        return new Split(rows(keptRows), rows(heldRows));
    }

    @Override
    public String toString() {
        return rows + " rows × " + features() + " features, "
                + (labels != null ? classNames.size() + " classes" : "a numeric target");
    }
}
