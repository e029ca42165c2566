package org.simdnet.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;

import org.simdnet.CsvOptions;
import org.simdnet.Model;
import org.simdnet.Predictor;
import org.simdnet.io.AtomicFiles;
import org.simdnet.io.CsvByteRecords;
import org.simdnet.io.CsvFormatException;
import org.simdnet.io.Decimal;
import org.simdnet.io.FloatText;
import org.simdnet.io.Joins;
import org.simdnet.kernel.KernelWarmUp;
import org.simdnet.nn.NonFiniteOutputException;

/**
 * {@code simdnet predict}: a saved model's outputs for one sample ({@code X Y ...}) or for every
 * row of a CSV file of any width, streamed: rows are read in chunks of {@value #CHUNK} into one
 * reused array, predicted as a batch and written out, so memory stays the same whatever the
 * file's size. The model is loaded with {@link Model#load} and served by its
 * {@link Model#predictor()}, which applies the model's feature standardization.
 *
 * <p>The output is CSV with a header: the input's id column when {@code --id} names one, then
 * for a classifier {@code class} (the class name kept with the model, else its index) and one
 * {@code p_NAME} probability column per class, for a regression model {@code y0,y1,...}. Numbers
 * are written by {@link FloatText}: up to 9 significant digits, which parse back to the same float.
 */
final class PredictCommand {

    static final String USAGE = String.join("\n",
            "  predict      outputs of a saved model",
            "                 --model FILE X Y ...          one sample: its class and probabilities (or outputs)",
            "                 --model FILE --input FILE.csv  every row, streamed (any size): CSV with a header,",
            "                   [id,]class,p_<class>... for a classifier, [id,]y0,y1,... for regression",
            "                 --output FILE (stdout)  --id COLUMN (copied first)  --label COLUMN (skipped)",
            "                 --features A,B,... (default: every column but --id and --label)",
            "                 --no-header (then columns are 0-based indices)  --delimiter C (,)  --drop-invalid");

    /** Rows per batch. */
    static final int CHUNK = 4096;

    /** Inputs from this size on run the vector kernels from the first batch (see {@link #stream}). */
    static final long VECTOR_FROM_THE_START_BYTES = 64L << 20;

    /** Output bytes buffered before a write. */
    private static final int OUTPUT_BUFFER = 1 << 18;

    private PredictCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws IOException {
        Flags f = Flags.parse(args, Set.of("model", "input", "output", "id", "label", "features", "delimiter"),
                Set.of("no-header", "drop-invalid"));
        if (!f.has("model")) {
            throw new UsageException("predict needs --model FILE");
        }
        Path modelFile = FileFlags.input(f, "model");
        if (!f.has("input")) {
            for (String flag : new String[] {"output", "id", "label", "features", "delimiter", "no-header", "drop-invalid"}) {
                if (f.has(flag)) {
                    throw new UsageException("--" + flag + " goes with --input FILE.csv");
                }
            }
            return onePoint(f, modelFile, out);
        }
        if (!f.positional().isEmpty()) {
            throw new UsageException("give either --input CSV or the coordinates, not both");
        }
        Path input = FileFlags.input(f, "input");
        Path output = FileFlags.output(f, "output");
        if (output != null && Files.exists(output) && Files.isSameFile(input, output)) {
            throw new UsageException("--input and --output name the same file " + input);
        }
        char delimiter = delimiter(f);
        Model model = Model.load(modelFile);
        long started = System.nanoTime();
        long rows;
        if (output == null) {
            rows = stream(f, model, input, delimiter, out, err);
            out.flush();
        } else {
            try (AtomicFiles.Output file = AtomicFiles.open(output)) {
                rows = stream(f, model, input, delimiter, file.stream(), err);
                file.commit();
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            out.printf(Locale.ROOT, "predicted %d rows of %s in %.2f s (%.0f rows/s); wrote %s%n", rows, input, seconds,
                    rows / Math.max(seconds, 1e-9), output);
        }
        return 0;
    }

    private static char delimiter(Flags f) {
        String delimiter = f.string("delimiter", ",");
        if (delimiter.equals("\\t") || delimiter.equalsIgnoreCase("tab")) {
            delimiter = "\t";
        }
        if (delimiter.length() != 1 || delimiter.equals("\"") || delimiter.charAt(0) > 127
                || delimiter.charAt(0) == '\n' || delimiter.charAt(0) == '\r') {
            throw new UsageException("--delimiter must be one ASCII character (not a quote), got '" + delimiter + "'");
        }
        return delimiter.charAt(0);
    }

    /** The rows of {@code input}, predicted and written to {@code sink}; returns how many. */
    private static long stream(Flags f, Model model, Path input, char delimiter, OutputStream sink, PrintStream err)
            throws IOException {
        String source = input.toString();
        boolean header = !f.has("no-header");
        try (InputStream in = Files.newInputStream(input)) {
            CsvByteRecords records = new CsvByteRecords(in, source, delimiter, CsvOptions.DEFAULT_MAX_LINE_CHARS);
            if (!records.next()) {
                throw new CsvFormatException(source + ": no data (the file is empty)");
            }
            int columns = records.fields();
            List<String> names = new ArrayList<>();
            for (int c = 0; c < columns; c++) {
                names.add(header ? records.text(c).trim() : "column " + c);
            }
            if (header && looksLikeData(records)) {
                err.println("simdnet: warning: the first line of " + source + " is all numbers but was read as the"
                        + " header; give --no-header if it is data");
            }
            int id = column(f, "id", names, header, source);
            int label = column(f, "label", names, header, source);
            if (id >= 0 && id == label) {
                throw new UsageException("--id and --label name the same column '" + names.get(id) + "'");
            }
            int[] features = features(f, names, header, id, label, source);
            if (features.length != model.inputs()) {
                List<String> featureNames = new ArrayList<>();
                for (int c : features) {
                    featureNames.add(names.get(c));
                }
                throw new CsvFormatException(source + ": " + features.length + " feature column"
                        + (features.length == 1 ? "" : "s") + " " + abbreviate(featureNames.toString())
                        + " but the model takes " + model.inputs() + " input" + (model.inputs() == 1 ? "" : "s")
                        + (f.has("features") ? "" : " (every column but --id and --label is a feature;"
                        + " --features A,B,... picks them)"));
            }
            Writer writer = new Writer(model, sink, id < 0 ? null : header ? names.get(id) : "id");
            Reader reader = new Reader(records, source, names, features, id, f.has("drop-invalid"), !header);
            // A small file is served as a service's first calls are: on the kernels' scalar twins
            // (the same bits) until the predictor's background warm-up has compiled the vector
            // kernels and switched. A large one runs the vector kernels from the first batch, as
            // -Dsimdnet.warmup=false does: the JIT compiles them within the first few batches
            // anyway, and the warm-up's race (each kernel timed in both versions until C2 has
            // compiled both) costs about 1.5 s of CPU on two cores, a quarter of such a run.
            // This process predicts and exits, so pinning the kernels changes nothing else.
            if (Files.size(input) >= VECTOR_FROM_THE_START_BYTES) {
                KernelWarmUp.forceVector(true);
            }
            Predictor predictor = model.predictor();
            long rows = 0;
            try (ReadAhead batches = new ReadAhead(reader, predictor, source)) {
                for (Batch batch = batches.next(); batch.rows > 0; batch = batches.next()) {
                    writer.write(batch, batch.rows);
                    rows += batch.rows;
                    batches.recycle(batch);
                }
            }
            writer.finish();
            if (reader.dropped > 0) {
                err.println("simdnet: dropped " + reader.dropped + " row" + (reader.dropped == 1 ? "" : "s") + " of "
                        + source + " with a missing or non-numeric cell (--drop-invalid)");
            }
            return rows;
        }
    }

    private static void predict(Predictor predictor, Batch batch, int n, String source) throws CsvFormatException {
        try {
            predictor.predictBatch(batch.x, n, batch.outputs, batch.classes);
        } catch (NonFiniteOutputException e) {
            // find the row: one at a time
            int inputs = predictor.inputs();
            float[] row = new float[inputs];
            float[] outputs = new float[predictor.outputs()];
            for (int r = 0; r < n; r++) {
                System.arraycopy(batch.x, r * inputs, row, 0, inputs);
                try {
                    predictor.predict(row, outputs);
                } catch (NonFiniteOutputException rowFailure) {
                    throw new CsvFormatException(source + ": line " + batch.lines[r] + ": "
                            + rowFailure.getMessage().replaceFirst("^sample \\d+: ", ""));
                }
            }
            throw e;
        }
    }

    /** Whether every field of the current record is a number. */
    private static boolean looksLikeData(CsvByteRecords records) {
        for (int c = 0; c < records.fields(); c++) {
            if (Float.isNaN(Decimal.parse(records.array(c), records.start(c), records.end(c)))) {
                return false;
            }
        }
        return true;
    }

    /** The column {@code --flag} names, or −1 when the flag is absent. */
    private static int column(Flags f, String flag, List<String> names, boolean header, String source)
            throws CsvFormatException {
        if (!f.has(flag)) {
            return -1;
        }
        return resolve(f.string(flag, ""), "--" + flag, names, header, source);
    }

    private static int resolve(String name, String what, List<String> names, boolean header, String source)
            throws CsvFormatException {
        if (header) {
            int c = names.indexOf(name.trim());
            if (c < 0) {
                throw new CsvFormatException(source + ": no column named '" + name + "' (" + what + "); the columns are "
                        + abbreviate(names.toString()));
            }
            return c;
        }
        int c;
        try {
            c = Integer.parseInt(name.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(what + " must be a 0-based column index with --no-header, got '" + name + "'");
        }
        if (c < 0 || c >= names.size()) {
            throw new CsvFormatException(source + ": " + what + " " + c + " is not a column: the first line has "
                    + names.size() + " (0 to " + (names.size() - 1) + ")");
        }
        return c;
    }

    private static int[] features(Flags f, List<String> names, boolean header, int id, int label, String source)
            throws CsvFormatException {
        if (f.has("features")) {
            String[] parts = f.string("features", "").split(",", -1);
            int[] columns = new int[parts.length];
            for (int k = 0; k < parts.length; k++) {
                columns[k] = resolve(parts[k], "--features", names, header, source);
                if (columns[k] == id || columns[k] == label) {
                    throw new UsageException("--features names the " + (columns[k] == id ? "--id" : "--label")
                            + " column '" + names.get(columns[k]) + "'");
                }
                for (int j = 0; j < k; j++) {
                    if (columns[j] == columns[k]) {
                        throw new UsageException("--features names column '" + names.get(columns[k]) + "' twice");
                    }
                }
            }
            return columns;
        }
        int[] columns = new int[names.size()];
        int k = 0;
        for (int c = 0; c < names.size(); c++) {
            if (c != id && c != label) {
                columns[k++] = c;
            }
        }
        if (k == 0) {
            throw new CsvFormatException(source + ": no feature columns besides --id and --label");
        }
        return Arrays.copyOf(columns, k);
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 197) + "...";
    }

    /**
     * The batches, parsed and predicted ahead: on a second thread when the machine has a second
     * processor (so that this overlaps the writing, which takes about as long: formatting the
     * numbers and the system calls), else on the caller's.
     */
    private static final class ReadAhead implements AutoCloseable {
        private static final int BATCHES = 3;
        private final Reader reader;
        private final Predictor predictor;
        private final String source;
        private final ArrayBlockingQueue<Batch> free = new ArrayBlockingQueue<>(BATCHES);
        private final ArrayBlockingQueue<Batch> full = new ArrayBlockingQueue<>(BATCHES);
        private final Thread thread;

        ReadAhead(Reader reader, Predictor predictor, String source) {
            this.reader = reader;
            this.predictor = predictor;
            this.source = source;
            for (int i = 0; i < BATCHES; i++) {
                free.add(new Batch(predictor.inputs(), predictor.outputs()));
            }
            if (Runtime.getRuntime().availableProcessors() < 2) {
                thread = null;
                return;
            }
            thread = new Thread(this::readAll, "simdnet-csv-reader");
            thread.setDaemon(true);
            thread.start();
        }

        private void readAll() {
            try {
                while (true) {
                    Batch batch = free.take();
                    fill(batch);
                    full.put(batch);
                    if (batch.rows == 0) {
                        return;
                    }
                }
            } catch (InterruptedException stopped) {
                // the caller is done (or failed)
            }
        }

        private void fill(Batch batch) {
            try {
                batch.rows = reader.fill(batch);
                if (batch.rows > 0) {
                    predict(predictor, batch, batch.rows, source);
                }
            } catch (IOException | RuntimeException | Error e) {
                batch.rows = 0;
                batch.failure = e;
            }
        }

        /** The next batch; {@code rows == 0} at the end of the input. */
        Batch next() throws IOException {
            Batch batch;
            if (thread == null) {
                batch = free.remove();
                fill(batch);
            } else {
                try {
                    batch = full.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while reading the input");
                }
            }
            Throwable failure = batch.failure;
            if (failure instanceof IOException) {
                throw (IOException) failure;
            }
            if (failure instanceof RuntimeException) {
                throw (RuntimeException) failure;
            }
            if (failure instanceof Error) {
                throw (Error) failure;
            }
            return batch;
        }

        /** Gives a batch whose rows are written back for the next rows. */
        void recycle(Batch batch) {
            free.add(batch);
        }

        /** Stops the reading thread (at once when the caller failed) and waits for it. */
        @Override
        public void close() {
            if (thread == null) {
                return;
            }
            thread.interrupt();
            Joins.uninterruptibly(thread);
        }
    }

    /** One chunk of rows: features, their lines, their ids, and the predictions. */
    private static final class Batch {
        int rows;
        Throwable failure;
        final float[] x;
        final float[] outputs;
        final int[] classes = new int[CHUNK];
        final long[] lines = new long[CHUNK];
        final int[] idEnds = new int[CHUNK];
        byte[] ids = new byte[CHUNK * 8];

        Batch(int inputs, int outputs) {
            this.x = new float[CHUNK * inputs];
            this.outputs = new float[CHUNK * outputs];
        }
    }

    /** Reads rows into a batch: parses the feature cells, keeps the id, drops or rejects bad rows. */
    private static final class Reader {
        private final CsvByteRecords records;
        private final String source;
        private final List<String> names;
        private final int[] features;
        private final int id;
        private final boolean dropInvalid;
        private final int columns;
        private boolean pending;              // the record read last is a row not yet used
        long dropped;

        Reader(CsvByteRecords records, String source, List<String> names, int[] features, int id, boolean dropInvalid,
               boolean firstIsData) {
            this.pending = firstIsData;
            this.records = records;
            this.source = source;
            this.names = names;
            this.features = features;
            this.id = id;
            this.dropInvalid = dropInvalid;
            this.columns = names.size();
        }

        /**
         * Fills {@code batch} with up to {@link #CHUNK} rows.
         *
         * @return rows read, 0 at the end of the input
         */
        int fill(Batch batch) throws IOException {
            CsvByteRecords r = records;
            int[] cols = features;
            int width = cols.length;
            float[] x = batch.x;
            int n = 0;
            int idUsed = 0;
            while (n < CHUNK && (pending || r.next())) {
                pending = false;
                int fields = r.fields();
                if (fields == 1 && isBlank(r.array(0), r.start(0), r.end(0))) {
                    continue;                           // a line of spaces, as Table skips it
                }
                if (fields != columns) {
                    throw new CsvFormatException(source + ": line " + r.line() + " has " + fields + " field"
                            + (fields == 1 ? "" : "s") + ", the first line " + columns);
                }
                int base = n * width;
                int bad = -1;
                for (int k = 0; k < width; k++) {
                    int c = cols[k];
                    float v = Decimal.parse(r.array(c), r.start(c), r.end(c));
                    if (v != v) {
                        bad = c;
                        break;
                    }
                    x[base + k] = v;
                }
                if (bad >= 0) {
                    if (dropInvalid) {
                        dropped++;
                        continue;
                    }
                    String cell = r.text(bad);
                    throw new CsvFormatException(source + ": line " + r.line() + ", column '" + names.get(bad) + "': "
                            + (cell.isBlank() ? "missing value" : "'" + shorten(cell.trim())
                            + "' is not a finite decimal number")
                            + " (rows with such cells can be dropped instead: --drop-invalid)");
                }
                batch.lines[n] = r.line();
                if (id >= 0) {
                    int length = r.end(id) - r.start(id);
                    if (idUsed + length > batch.ids.length) {
                        batch.ids = Arrays.copyOf(batch.ids, Math.max(idUsed + length, 2 * batch.ids.length));
                    }
                    System.arraycopy(r.array(id), r.start(id), batch.ids, idUsed, length);
                    idUsed += length;
                    batch.idEnds[n] = idUsed;
                }
                n++;
            }
            return n;
        }

        private static boolean isBlank(byte[] a, int from, int to) {
            for (int i = from; i < to; i++) {
                if (a[i] != ' ' && a[i] != '\t' && a[i] != '\r') {
                    return false;
                }
            }
            return true;
        }

        private static String shorten(String s) {
            return s.length() <= 40 ? s : s.substring(0, 37) + "...";
        }
    }

    /** Writes the header and the rows' predictions as CSV into a reused buffer. */
    private static final class Writer {
        private final OutputStream sink;
        private final boolean hasId;
        private final boolean classifies;
        private final int outputs;
        private final byte[][] classText;
        private final int maxClassText;
        private byte[] buffer = new byte[OUTPUT_BUFFER + 4096];
        private int used;

        Writer(Model model, OutputStream sink, String idName) throws IOException {
            this.sink = sink;
            this.hasId = idName != null;
            this.classifies = model.classifies();
            this.outputs = model.outputs();
            List<String> classNames = model.classNames();
            // a single sigmoid output is the probability of class 1
            int classes = classifies ? Math.max(outputs, 2) : 0;
            classText = new byte[classes][];
            int longest = 0;
            for (int c = 0; c < classes; c++) {
                String name = c < classNames.size() ? classNames.get(c) : Integer.toString(c);
                classText[c] = quote(name.getBytes(StandardCharsets.UTF_8));
                longest = Math.max(longest, classText[c].length);
            }
            maxClassText = longest;
            StringBuilder h = new StringBuilder();
            if (hasId) {
                h.append(new String(quote(idName.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8)).append(',');
            }
            if (classifies) {
                h.append("class");
                for (int c = 0; c < outputs; c++) {
                    int named = outputs == 1 ? 1 : c;
                    String name = named < classNames.size() ? classNames.get(named) : Integer.toString(named);
                    h.append(',').append(new String(quote(("p_" + name).getBytes(StandardCharsets.UTF_8)),
                            StandardCharsets.UTF_8));
                }
            } else {
                for (int c = 0; c < outputs; c++) {
                    h.append(c == 0 ? "y" : ",y").append(c);
                }
            }
            h.append('\n');
            byte[] bytes = h.toString().getBytes(StandardCharsets.UTF_8);
            ensure(bytes.length);
            System.arraycopy(bytes, 0, buffer, used, bytes.length);
            used += bytes.length;
        }

        void write(Batch batch, int n) throws IOException {
            int k = outputs;
            float[] y = batch.outputs;
            int rowMax = maxClassText + 2 + k * (FloatText.MAX_CHARS + 1);
            int idStart = 0;
            for (int r = 0; r < n; r++) {
                int idLength = 0;
                if (hasId) {
                    idLength = batch.idEnds[r] - idStart;
                }
                if (used + rowMax + 2 * idLength + 3 > buffer.length) {
                    ensure(rowMax + 2 * idLength + 3);
                }
                byte[] b = buffer;
                int p = used;
                if (hasId) {
                    p = writeField(batch.ids, idStart, batch.idEnds[r], b, p);
                    b[p++] = ',';
                    idStart = batch.idEnds[r];
                }
                int base = r * k;
                if (classifies) {
                    byte[] name = classText[batch.classes[r]];
                    System.arraycopy(name, 0, b, p, name.length);
                    p += name.length;
                    for (int c = 0; c < k; c++) {
                        b[p++] = ',';
                        p = FloatText.write(y[base + c], b, p);
                    }
                } else {
                    p = FloatText.write(y[base], b, p);
                    for (int c = 1; c < k; c++) {
                        b[p++] = ',';
                        p = FloatText.write(y[base + c], b, p);
                    }
                }
                b[p++] = '\n';
                used = p;
            }
        }

        /** Flushes the buffer when fewer than {@code room} bytes are free, and grows it if needed. */
        private void ensure(int room) throws IOException {
            if (used + room <= buffer.length) {
                return;
            }
            flush();
            if (room > buffer.length) {
                buffer = new byte[room];
            }
        }

        private void flush() throws IOException {
            if (used > 0) {
                sink.write(buffer, 0, used);
                used = 0;
                // a PrintStream (stdout) keeps its errors to itself: stop when the reader has gone
                // (a closed pipe, say) rather than predict the rest of the file for nobody
                if (sink instanceof PrintStream && ((PrintStream) sink).checkError()) {
                    throw new IOException("cannot write the predictions: the output was closed");
                }
            }
        }

        void finish() throws IOException {
            flush();
            sink.flush();
        }

        /** A field, quoted when it holds a comma, a quote or a line break. */
        private static int writeField(byte[] a, int from, int to, byte[] out, int p) {
            boolean quote = needsQuotes(a, from, to);
            if (!quote) {
                System.arraycopy(a, from, out, p, to - from);
                return p + to - from;
            }
            out[p++] = '"';
            for (int i = from; i < to; i++) {
                if (a[i] == '"') {
                    out[p++] = '"';
                }
                out[p++] = a[i];
            }
            out[p++] = '"';
            return p;
        }

        private static boolean needsQuotes(byte[] a, int from, int to) {
            for (int i = from; i < to; i++) {
                byte c = a[i];
                if (c == ',' || c == '"' || c == '\n' || c == '\r') {
                    return true;
                }
            }
            return false;
        }

        private static byte[] quote(byte[] text) {
            byte[] out = new byte[2 * text.length + 2];
            return Arrays.copyOf(out, writeField(text, 0, text.length, out, 0));
        }
    }

    /** One sample from the command line: its class and probabilities, or its outputs. */
    private static int onePoint(Flags f, Path modelFile, PrintStream out) throws IOException {
        Model model = Model.load(modelFile);
        int inputs = model.inputs();
        if (f.positional().size() != inputs) {
            throw new UsageException("the model takes " + inputs + " coordinates per point, got " + f.positional().size());
        }
        float[] x = new float[inputs];
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
        Predictor predictor = model.predictor();
        float[] outputs = new float[predictor.outputs()];
        int predicted = predictor.predict(x, outputs);
        StringBuilder line = new StringBuilder(model.classifies() ? "class " + predicted + " probabilities" : "outputs");
        for (float p : outputs) {
            line.append(' ').append(String.format(Locale.ROOT, "%.6f", p));
        }
        out.println(line);
        return 0;
    }
}
