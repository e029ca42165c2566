package org.simdnet;

/**
 * How {@link Table#readCsv} reads a CSV file: which column is the label, whether the first line
 * is a header, whether the task is classification (class labels, strings or integers) or
 * regression (a numeric target), in which order class names get their indices, and what to do
 * with rows whose cells are missing or not numbers. Immutable; each {@code with…} returns a copy.
 *
 * <pre>{@code
 * Table iris = Table.readCsv(Path.of("iris.csv"), CsvOptions.label("species"));
 * Table houses = Table.readCsv(Path.of("houses.csv"), CsvOptions.label("price").withTask(CsvOptions.Task.REGRESSION));
 * }</pre>
 */
public final class CsvOptions {

    /** What the label column holds. */
    public enum Task {
        /** Class labels: any strings (or integers), mapped to class indices. */
        CLASSIFICATION,
        /** A numeric target per row. */
        REGRESSION
    }

    /** The order in which class names get their indices 0, 1, 2, ... */
    public enum ClassOrder {
        /** As the names first appear in the file. */
        FIRST_APPEARANCE,
        /** Sorted: numerically when every name is an integer, else by {@link String#compareTo}. */
        SORTED
    }

    /** The longest line read by default, in characters. */
    public static final int DEFAULT_MAX_LINE_CHARS = 1 << 20;

    private final String labelName;
    private final int labelIndex;
    private final boolean header;
    private final Task task;
    private final ClassOrder classOrder;
    private final boolean dropInvalidRows;
    private final char delimiter;
    private final int maxLineChars;
    private final String idName;

    private CsvOptions(String labelName, int labelIndex, boolean header, Task task, ClassOrder classOrder,
                       boolean dropInvalidRows, char delimiter, int maxLineChars, String idName) {
        this.labelName = labelName;
        this.labelIndex = labelIndex;
        this.header = header;
        this.task = task;
        this.classOrder = classOrder;
        this.dropInvalidRows = dropInvalidRows;
        this.delimiter = delimiter;
        this.maxLineChars = maxLineChars;
        this.idName = idName;
    }

    /**
     * The label in the header's column {@code name}; the file has a header line.
     *
     * @param name the label column's name, as in the header
     * @return options with classification, classes in order of first appearance, ',' as delimiter
     */
    public static CsvOptions label(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("the label column's name must not be empty");
        }
        return new CsvOptions(name, -1, true, Task.CLASSIFICATION, ClassOrder.FIRST_APPEARANCE, false, ',',
                DEFAULT_MAX_LINE_CHARS, null);
    }

    /**
     * The label in column {@code index} (0-based); the file has a header line unless
     * {@link #withHeader withHeader(false)}.
     *
     * @param index the label column, 0-based
     * @return options with classification, classes in order of first appearance, ',' as delimiter
     */
    public static CsvOptions labelColumn(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("the label column index must be >= 0, got " + index);
        }
        return new CsvOptions(null, index, true, Task.CLASSIFICATION, ClassOrder.FIRST_APPEARANCE, false, ',',
                DEFAULT_MAX_LINE_CHARS, null);
    }

    /** @param header whether the first line names the columns (a file without one needs {@link #labelColumn}) */
    public CsvOptions withHeader(boolean header) {
        if (!header && labelName != null) {
            throw new IllegalArgumentException("a label given by name needs a header line");
        }
        return new CsvOptions(labelName, labelIndex, header, task, classOrder, dropInvalidRows, delimiter, maxLineChars, idName);
    }

    /** @param task classification (class labels) or regression (a numeric target) */
    public CsvOptions withTask(Task task) {
        if (task == null) {
            throw new IllegalArgumentException("task must not be null");
        }
        return new CsvOptions(labelName, labelIndex, header, task, classOrder, dropInvalidRows, delimiter, maxLineChars, idName);
    }

    /** @param order how class names get their indices */
    public CsvOptions withClassOrder(ClassOrder order) {
        if (order == null) {
            throw new IllegalArgumentException("class order must not be null");
        }
        return new CsvOptions(labelName, labelIndex, header, task, order, dropInvalidRows, delimiter, maxLineChars, idName);
    }

    /**
     * @param drop true to skip rows with a missing or non-numeric cell (counted in
     *             {@link Table#droppedRows()}); false (the default) to fail naming the line and column
     */
    public CsvOptions withDropInvalidRows(boolean drop) {
        return new CsvOptions(labelName, labelIndex, header, task, classOrder, drop, delimiter, maxLineChars, idName);
    }

    /** @param delimiter the field separator (',' by default; ';' and '\t' are common) */
    public CsvOptions withDelimiter(char delimiter) {
        if (delimiter == '"' || delimiter == '\n' || delimiter == '\r') {
            throw new IllegalArgumentException("the delimiter cannot be a quote or a line break");
        }
        return new CsvOptions(labelName, labelIndex, header, task, classOrder, dropInvalidRows, delimiter, maxLineChars, idName);
    }

    /** @param chars the longest line accepted (a longer one is an error naming it) */
    public CsvOptions withMaxLineChars(int chars) {
        if (chars < 1) {
            throw new IllegalArgumentException("the longest line must be at least 1 character, got " + chars);
        }
        return new CsvOptions(labelName, labelIndex, header, task, classOrder, dropInvalidRows, delimiter, chars, idName);
    }

    /** @param name a column that identifies rows (kept as text, not a feature); null for none */
    public CsvOptions withIdColumn(String name) {
        return new CsvOptions(labelName, labelIndex, header, task, classOrder, dropInvalidRows, delimiter, maxLineChars, name);
    }

    String labelName() {
        return labelName;
    }

    int labelIndex() {
        return labelIndex;
    }

    boolean header() {
        return header;
    }

    Task task() {
        return task;
    }

    ClassOrder classOrder() {
        return classOrder;
    }

    boolean dropInvalidRows() {
        return dropInvalidRows;
    }

    char delimiter() {
        return delimiter;
    }

    int maxLineChars() {
        return maxLineChars;
    }

    String idName() {
        return idName;
    }
}
