package org.simdnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.simdnet.io.CsvFormatException;
import org.simdnet.optim.OptimizerSpec;

/** Tables from CSV and arrays: parsing, errors that name the line and column, splits, standardization, metrics. */
class TableTest {

    private static Table csv(String text, CsvOptions options) throws IOException {
        return Table.readCsv(new StringReader(text), "t.csv", options);
    }

    @Test
    void readsFeaturesAndStringLabelsInOrderOfFirstAppearance() throws IOException {
        Table t = csv("a,b,kind\n1,2,dog\n3,4.5,cat\n\n-5e-1, 6 ,dog\n", CsvOptions.label("kind"));
        assertEquals(3, t.rows());
        assertEquals(List.of("a", "b"), t.featureNames());
        assertArrayEquals(new float[] {1, 2, 3, 4.5f, -0.5f, 6}, t.x());
        assertEquals(List.of("dog", "cat"), t.classNames());
        assertArrayEquals(new int[] {0, 1, 0}, t.labels());
        Table sorted = csv("x,y\n1,10\n2,9\n3,10\n4,-1\n", CsvOptions.label("y").withClassOrder(CsvOptions.ClassOrder.SORTED));
        assertEquals(List.of("-1", "9", "10"), sorted.classNames());       // numerically, as all are integers
        assertArrayEquals(new int[] {2, 1, 2, 0}, sorted.labels());
    }

    @Test
    void quotedFieldsHeaderlessFilesAndRegression() throws IOException {
        Table q = csv("\"f, one\",label\n\"1.5\",\"a \"\"quoted\"\" b\"\r\n2,c\r\n", CsvOptions.label("label"));
        assertEquals(List.of("f, one"), q.featureNames());
        assertEquals(List.of("a \"quoted\" b", "c"), q.classNames());
        Table r = csv("1,2,0.5\n3,4,1.5\n", CsvOptions.labelColumn(2).withHeader(false).withTask(CsvOptions.Task.REGRESSION));
        assertArrayEquals(new float[] {0.5f, 1.5f}, r.targets());
        assertEquals(List.of("column 0", "column 1"), r.featureNames());
        Table tabs = csv("id\tv\tc\nr1\t1\tx\nr2\t2\ty\n", CsvOptions.label("c").withDelimiter('\t').withIdColumn("id"));
        assertArrayEquals(new float[] {1, 2}, tabs.x());
    }

    @Test
    void badCellsAreNamedByLineAndColumn() {
        CsvFormatException e = assertThrows(CsvFormatException.class,
                () -> csv("a,b,y\n1,2,p\n3,,q\n", CsvOptions.label("y")));
        assertEquals("t.csv: line 3, column 'b': missing value (rows with such cells can be dropped instead:"
                + " CsvOptions.withDropInvalidRows, --drop-invalid)", e.getMessage());
        e = assertThrows(CsvFormatException.class, () -> csv("a,b,y\n1,2,p\n3,abc,q\n", CsvOptions.label("y")));
        assertTrue(e.getMessage().startsWith("t.csv: line 3, column 'b': 'abc' is not a finite decimal number"), e.getMessage());
        for (String bad : new String[] {"NaN", "Infinity", "1e999", "0x10", "1f", "--1", "1e", "."}) {
            e = assertThrows(CsvFormatException.class, () -> csv("a,y\n" + bad + ",p\n", CsvOptions.label("y")));
            assertTrue(e.getMessage().contains("line 2, column 'a'"), bad + ": " + e.getMessage());
        }
        e = assertThrows(CsvFormatException.class, () -> csv("a,b,y\n1,2\n", CsvOptions.label("y")));
        assertEquals("t.csv: line 2 has 2 fields, the header 3", e.getMessage());
        e = assertThrows(CsvFormatException.class, () -> csv("a,b\n1,2\n", CsvOptions.label("y")));
        assertTrue(e.getMessage().contains("no label column named 'y'; the columns are [a, b]"), e.getMessage());
        e = assertThrows(CsvFormatException.class, () -> csv("a,y\n1,\"p\n", CsvOptions.label("y")));
        assertTrue(e.getMessage().contains("not closed"), e.getMessage());
        Table dropped;
        try {
            dropped = csv("a,b,y\n1,2,p\n3,,q\n5,6,\n7,8,q\n", CsvOptions.label("y").withDropInvalidRows(true));
        } catch (IOException ex) {
            throw new AssertionError(ex);
        }
        assertEquals(2, dropped.rows());
        assertEquals(2, dropped.droppedRows());
        assertArrayEquals(new float[] {1, 2, 7, 8}, dropped.x());
    }

    /** An endless stream of NUL characters, like /dev/zero. */
    private static final class Zeros extends Reader {
        long served;

        @Override
        public int read(char[] buffer, int off, int len) {
            java.util.Arrays.fill(buffer, off, off + len, '\0');
            served += len;
            return len;
        }

        @Override
        public void close() {
        }
    }

    @Test
    void endlessOrHugeLinesAreAClearErrorInLinearTime() throws IOException {
        Zeros zeros = new Zeros();
        CsvFormatException e = assertThrows(CsvFormatException.class,
                () -> Table.readCsv(zeros, "/dev/zero", CsvOptions.label("y")));
        assertEquals("/dev/zero: line 1 is longer than 1048576 characters (is this a CSV file?)", e.getMessage());
        assertTrue(zeros.served < 3 * CsvOptions.DEFAULT_MAX_LINE_CHARS, "read " + zeros.served + " chars");
        // A 64,000-digit number and a 640 KB line: parsed (or refused) at once, not in minutes.
        StringBuilder digits = new StringBuilder("a,y\n");
        for (int i = 0; i < 64_000; i++) {
            digits.append('7');
        }
        digits.append(",p\n1,q\n");
        long t0 = System.nanoTime();
        CsvFormatException big = assertThrows(CsvFormatException.class, () -> csv(digits.toString(), CsvOptions.label("y")));
        assertTrue(big.getMessage().contains("not a finite decimal number"), big.getMessage());
        StringBuilder wide = new StringBuilder("a,y\n");
        for (int i = 0; i < 640_000 / 2; i++) {
            wide.append("1 ");
        }
        wide.append(",p\n");
        assertThrows(CsvFormatException.class, () -> csv(wide.toString(), CsvOptions.label("y")));
        assertTrue(System.nanoTime() - t0 < 20_000_000_000L, "parsing took " + (System.nanoTime() - t0) / 1e9 + " s");
    }

    @Test
    void splitsAreSeededDisjointAndStratified() throws IOException {
        StringBuilder text = new StringBuilder("x,y\n");
        for (int i = 0; i < 100; i++) {
            text.append(i).append(',').append(i < 90 ? "big" : "small").append('\n');
        }
        Table t = csv(text.toString(), CsvOptions.label("y"));
        Table.Split s = t.split(0.2, 7);
        assertEquals(80, s.train().rows());
        assertEquals(20, s.test().rows());
        int smallHeld = 0;
        for (int label : s.test().labels()) {
            smallHeld += label == 1 ? 1 : 0;
        }
        assertEquals(2, smallHeld, "10 small rows, 20 % held out");
        java.util.Set<Float> seen = new java.util.HashSet<>();
        for (float v : s.train().x()) {
            seen.add(v);
        }
        for (float v : s.test().x()) {
            assertTrue(seen.add(v), "row " + v + " in both parts");
        }
        assertArrayEquals(s.test().x(), t.split(0.2, 7).test().x());
        assertTrue(!java.util.Arrays.equals(s.test().x(), t.split(0.2, 8).test().x()));
    }

    @Test
    void standardizationIsFittedOnTrainingRowsAndServedFromRawFeatures() {
        SplittableRandom random = new SplittableRandom(5);
        int rows = 400;
        float[] x = new float[rows * 2];
        int[] labels = new int[rows];
        for (int r = 0; r < rows; r++) {
            x[2 * r] = (float) (1000 + 50 * random.nextGaussian());        // large offset and scale
            x[2 * r + 1] = (float) (0.001 * random.nextGaussian());        // tiny scale
            labels[r] = (x[2 * r] - 1000) / 50 + (x[2 * r + 1] / 0.001) > 0 ? 1 : 0;
        }
        Table table = Table.ofClasses(x, labels, List.of("big", "tiny"), List.of("no", "yes"));
        Table.Split split = table.split(0.25, 3);
        Model model = Model.builder(2).dense(16).relu().dense(2).build(4).standardizeInputs(split.train());
        model.train(split.train(), TrainingConfig.defaults().withEpochs(200).withBatchSize(32)
                .withOptimizer(OptimizerSpec.adam(1e-2f)), TrainingListener.NONE);
        Metrics m = Metrics.of(model, split.test());
        assertTrue(m.accuracy() > 0.95, m.toString());
        assertEquals(List.of("no", "yes"), model.classNames());
        // Saved and loaded, the standardization and class names come along.
        Model back;
        try {
            back = Model.fromBytes(model.toBytes());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertEquals(m.accuracy(), Metrics.of(back, split.test()).accuracy());
        assertEquals(List.of("no", "yes"), back.classNames());
        // The folded predictor agrees with standardizing first and running the unfolded layers.
        float[] raw = {1030f, 0.0004f};
        float[] folded = new float[2];
        back.predictor().predict(raw, folded);
        float[] mean = floats(back.metadata().get("simdnet.standardize.mean"));
        float[] std = floats(back.metadata().get("simdnet.standardize.std"));
        Model plain = back.copy().putMetadata("simdnet.standardize.mean", null).putMetadata("simdnet.standardize.std", null);
        float[] direct = new float[2];
        plain.predictor().predict(new float[] {(raw[0] - mean[0]) / std[0], (raw[1] - mean[1]) / std[1]}, direct);
        assertEquals(direct[0], folded[0], 1e-5);
        assertEquals(direct[1], folded[1], 1e-5);
    }

    private static float[] floats(String s) {
        String[] parts = s.split(",");
        float[] v = new float[parts.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = Float.parseFloat(parts[i]);
        }
        return v;
    }

    @Test
    void metricsByHand() {
        // A one-feature "model" that is the identity on 2 classes: class 1 when x > 0.
        // W = [[-1], [1]], b = [0, 0]: logits (-x, x)
        Model fixed = Model.builder(1).dense(2).build(1);
        Table t = Table.ofClasses(new float[] {-2, -1, 1, 2, 3}, new int[] {0, 1, 1, 1, 0}, List.of("x"), List.of("n", "p"));
        Metrics m = Metrics.of(withWeights(fixed, new float[] {-1, 1, 0, 0}), t);
        // predictions 0, 0, 1, 1, 1
        assertEquals(0.6, m.accuracy(), 1e-12);
        assertArrayEquals(new long[] {1, 1}, m.confusion()[0]);
        assertArrayEquals(new long[] {1, 2}, m.confusion()[1]);
        assertEquals(2.0 / 3, m.precision(1), 1e-12);
        assertEquals(2.0 / 3, m.recall(1), 1e-12);
        assertEquals(0.5, m.precision(0), 1e-12);
        assertEquals(0.5, m.recall(0), 1e-12);
        assertEquals((0.5 + 2.0 / 3) / 2, m.macroF1(), 1e-12);
        Model regression = withWeights(Model.builder(1).dense(1).meanSquaredError().build(1), new float[] {2, 1});
        Metrics r = Metrics.of(regression, Table.ofTargets(new float[] {0, 1, 2}, new float[] {1, 3, 6}, List.of("x")));
        // predictions 1, 3, 5: errors 0, 0, -1
        assertEquals(1.0 / 3, r.mse(), 1e-12);
        assertEquals(1.0 / 3, r.mae(), 1e-12);
        double mean = 10.0 / 3, sst = Math.pow(1 - mean, 2) + Math.pow(3 - mean, 2) + Math.pow(6 - mean, 2);
        assertEquals(1 - 1 / sst, r.r2(), 1e-12);
    }

    private static Model withWeights(Model model, float[] params) {
        try {
            return ModelAccess.withParameters(Model.fromBytes(model.toBytes()), params);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
