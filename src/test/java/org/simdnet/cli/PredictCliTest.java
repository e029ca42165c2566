package org.simdnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simdnet.Model;
import org.simdnet.Predictor;
import org.simdnet.Table;
import org.simdnet.TrainingConfig;
import org.simdnet.TrainingListener;

/**
 * {@code predict --input FILE.csv}: any width, the id and label columns, class names,
 * regression outputs, bad cells, width mismatches, dropped rows, and files of several chunks,
 * each row checked against the public {@link Predictor} on the same features.
 */
class PredictCliTest {

    @TempDir
    Path dir;

    private final CliRun cli = new CliRun();

    private Path classifier;
    private Path regression;

    private int run(String... args) {
        return cli.run(args);
    }

    private String stdout() {
        return cli.stdout();
    }

    private String stderr() {
        return cli.stderr();
    }

    /**
     * A 4-feature classifier with class names and a standardization (one feature on a scale of
     * 1000, so that a prediction that skipped it would differ), and a 3-input, 2-output
     * regression model.
     */
    @BeforeEach
    void models() throws IOException {
        SplittableRandom random = new SplittableRandom(1);
        int rows = 300;
        float[] x = new float[rows * 4];
        int[] labels = new int[rows];
        for (int r = 0; r < rows; r++) {
            int c = random.nextInt(3);
            labels[r] = c;
            x[4 * r] = (float) (c + 0.3 * random.nextGaussian());
            x[4 * r + 1] = (float) random.nextGaussian();
            x[4 * r + 2] = (float) (1000 + 100 * c + 20 * random.nextGaussian());
            x[4 * r + 3] = (float) (c == 1 ? 2 : 0);
        }
        Table table = Table.ofClasses(x, labels, List.of("a", "b", "big", "d"), List.of("setosa", "versi, color", "virginica"));
        Model model = Model.builder(4).dense(8).relu().dense(3).softmaxCrossEntropy().build(3);
        model.standardizeInputs(table);
        model.train(table, TrainingConfig.defaults().withEpochs(5).withThreads(1), TrainingListener.NONE);
        classifier = dir.resolve("classifier.model");
        model.save(classifier);
        regression = dir.resolve("regression.model");
        Model.builder(3).dense(5).tanh().dense(2).meanSquaredError().build(4).save(regression);
    }

    /** Rows of random features; column names and the label/id columns placed among them. */
    private static String table(int rows, long seed, boolean header) {
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder csv = new StringBuilder(header ? "id,a,b,species,big,d\n" : "");
        for (int r = 0; r < rows; r++) {
            csv.append(String.format(Locale.ROOT, "row%d,%.5f,%.4f,%s,%.3f,%d%n", r, random.nextGaussian(),
                    random.nextGaussian(), r % 2 == 0 ? "setosa" : "virginica", 1000 + 150 * random.nextGaussian(),
                    random.nextInt(3)));
        }
        return csv.toString();
    }

    /** Features 1, 2, 4, 5 of each line (the columns a, b, big, d of {@link #table}). */
    private static float[] features(String csv, boolean header) {
        String[] lines = csv.split("\n");
        float[] x = new float[(lines.length - (header ? 1 : 0)) * 4];
        int k = 0;
        for (int i = header ? 1 : 0; i < lines.length; i++) {
            String[] f = lines[i].split(",");
            for (int c : new int[] {1, 2, 4, 5}) {
                x[k++] = Float.parseFloat(f[c]);
            }
        }
        return x;
    }

    /** Checks the output rows against the predictor on the same features, bit for bit. */
    private void assertPredictions(Path model, float[] x, List<String> ids, String output) throws IOException {
        Model m = Model.load(model);
        Predictor predictor = m.predictor();
        int rows = x.length / m.inputs();
        float[] expected = new float[rows * m.outputs()];
        int[] classes = new int[rows];
        predictor.predictBatch(x, rows, expected, classes);
        String[] lines = output.split("\n");
        assertEquals(rows + 1, lines.length, "a header and one line per row");
        List<String> names = m.classNames();
        for (int r = 0; r < rows; r++) {
            List<String> fields = csvFields(lines[r + 1]);
            int f = 0;
            if (ids != null) {
                assertEquals(ids.get(r), fields.get(f++), "id of row " + r);
            }
            if (m.classifies()) {
                assertEquals(names.isEmpty() ? Integer.toString(classes[r]) : names.get(classes[r]), fields.get(f++), "class of row " + r);
            }
            for (int c = 0; c < m.outputs(); c++) {
                assertEquals(expected[r * m.outputs() + c], Float.parseFloat(fields.get(f++)), 0f, "row " + r + " output " + c);
            }
            assertEquals(fields.size(), f, lines[r + 1]);
        }
    }

    /** The fields of one CSV line (quotes undone). */
    private static List<String> csvFields(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }

    private static List<String> ids(int rows) {
        List<String> ids = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            ids.add("row" + r);
        }
        return ids;
    }

    @Test
    void anyWidthWithIdLabelAndClassNamesMatchesThePredictor() throws IOException {
        String csv = table(50, 7, true);
        Path input = dir.resolve("in.csv");
        Files.writeString(input, csv);
        assertEquals(0, run("predict", "--model", classifier.toString(), "--input", input.toString(), "--id", "id",
                "--label", "species"), stderr());
        String output = stdout();
        assertEquals("id,class,p_setosa,\"p_versi, color\",p_virginica", output.split("\n")[0]);
        assertPredictions(classifier, features(csv, true), ids(50), output);
        assertEquals("", stderr());

        // the same through --output, and with the features named
        Path written = dir.resolve("out.csv");
        assertEquals(0, run("predict", "--model", classifier.toString(), "--input", input.toString(), "--features",
                "a,b,big,d", "--output", written.toString()), stderr());
        assertTrue(stdout().startsWith("predicted 50 rows of " + input), stdout());
        String file = Files.readString(written);
        assertEquals("class,p_setosa,\"p_versi, color\",p_virginica", file.split("\n")[0]);
        assertPredictions(classifier, features(csv, true), null, file);
    }

    @Test
    void regressionWritesItsOutputs() throws IOException {
        Path input = dir.resolve("reg.csv");
        Files.writeString(input, "u;v;w\n1;2;3\n-0.5;\"0.25\";1e-3\r\n\n7;8;9");
        assertEquals(0, run("predict", "--model", regression.toString(), "--input", input.toString(), "--delimiter", ";"),
                stderr());
        assertEquals("y0,y1", stdout().split("\n")[0]);
        assertPredictions(regression, new float[] {1, 2, 3, -0.5f, 0.25f, 1e-3f, 7, 8, 9}, null, stdout());
    }

    /** More rows than several chunks, without a header, ids quoted: the rows in order, each as the predictor gives it at once. */
    @Test
    void filesOfManyChunksGiveWhatOneBatchGives() throws IOException {
        int rows = 2 * PredictCommand.CHUNK + 123;
        String csv = table(rows, 9, false);
        Path input = dir.resolve("many.csv");
        Files.writeString(input, csv);
        Path written = dir.resolve("many.out.csv");
        assertEquals(0, run("predict", "--model", classifier.toString(), "--input", input.toString(), "--no-header",
                "--id", "0", "--label", "3", "--output", written.toString()), stderr());
        String output = Files.readString(written);
        assertEquals("id,class,p_setosa,\"p_versi, color\",p_virginica", output.split("\n")[0]);
        assertPredictions(classifier, features(csv, false), ids(rows), output);
        assertTrue(stdout().startsWith("predicted " + rows + " rows"), stdout());
    }

    @Test
    void idsWithDelimitersAndQuotesAreQuotedInTheOutput() throws IOException {
        Path input = dir.resolve("ids.csv");
        Files.writeString(input, "name,x,y\n\"a, b\",0.5,-0.5\n\"say \"\"hi\"\"\",1,2\nplain,3,4\n");
        Path spiral = dir.resolve("spiral.model");
        Model.builder(2).dense(6).relu().dense(3).softmaxCrossEntropy().build(5).save(spiral);
        assertEquals(0, run("predict", "--model", spiral.toString(), "--input", input.toString(), "--id", "name"), stderr());
        String[] lines = stdout().split("\n");
        assertEquals("name,class,p_0,p_1,p_2", lines[0]);
        assertTrue(lines[1].startsWith("\"a, b\","), lines[1]);
        assertTrue(lines[2].startsWith("\"say \"\"hi\"\"\","), lines[2]);
        assertPredictions(spiral, new float[] {0.5f, -0.5f, 1, 2, 3, 4}, List.of("a, b", "say \"hi\"", "plain"), stdout());
    }

    @Test
    void aBadCellNamesItsLineAndColumnAndWritesNothing() throws IOException {
        Path input = dir.resolve("bad.csv");
        Files.writeString(input, "id,a,b,species,big,d\nr0,1,2,setosa,1000,0\n\nr1,1,oops,setosa,1000,0\nr2,1,2,x,,0\n");
        Path written = dir.resolve("never.csv");
        assertEquals(2, run("predict", "--model", classifier.toString(), "--input", input.toString(), "--id", "id",
                "--label", "species", "--output", written.toString()));
        assertEquals("simdnet: " + input + ": line 4, column 'b': 'oops' is not a finite decimal number (rows with such"
                + " cells can be dropped instead: --drop-invalid)", stderr().strip());
        assertFalse(Files.exists(written), "a failed run leaves no output");
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary file left");
        }

        Files.writeString(input, "id,a,b,species,big,d\nr0,1,2,setosa,1000,0\nr2,1,2,x,,0\n");
        assertEquals(2, run("predict", "--model", classifier.toString(), "--input", input.toString(), "--id", "id",
                "--label", "species"));
        assertTrue(stderr().startsWith("simdnet: " + input + ": line 3, column 'big': missing value"), stderr());

        Files.writeString(input, "id,a,b,species,big,d\nr0,1,2,setosa,1000\n");
        assertEquals(2, run("predict", "--model", classifier.toString(), "--input", input.toString(), "--id", "id",
                "--label", "species"));
        assertEquals("simdnet: " + input + ": line 2 has 5 fields, the first line 6", stderr().strip());
    }

    @Test
    void dropInvalidSkipsBadRowsAndCountsThem() throws IOException {
        String good = table(20, 3, true);
        String[] lines = good.split("\n");
        StringBuilder csv = new StringBuilder(lines[0]).append('\n');
        List<String> ids = new ArrayList<>();
        StringBuilder kept = new StringBuilder(lines[0]).append('\n');
        for (int i = 1; i < lines.length; i++) {
            csv.append(lines[i]).append('\n');
            kept.append(lines[i]).append('\n');
            ids.add("row" + (i - 1));
            if (i % 5 == 0) {
                csv.append("bad").append(i).append(",1,NaN,setosa,1000,0\n");
            }
        }
        Path input = dir.resolve("some-bad.csv");
        Files.writeString(input, csv);
        assertEquals(0, run("predict", "--model", classifier.toString(), "--input", input.toString(), "--id", "id",
                "--label", "species", "--drop-invalid"), stderr());
        assertEquals("simdnet: dropped 4 rows of " + input + " with a missing or non-numeric cell (--drop-invalid)",
                stderr().strip());
        assertPredictions(classifier, features(kept.toString(), true), ids, stdout());
    }

    @Test
    void aWidthMismatchNamesTheCounts() throws IOException {
        Path input = dir.resolve("wide.csv");
        Files.writeString(input, "id,a,b,species,big,d\nr0,1,2,setosa,1000,0\n");
        assertEquals(2, run("predict", "--model", classifier.toString(), "--input", input.toString(), "--id", "id"));
        assertEquals("simdnet: " + input + ": 5 feature columns [a, b, species, big, d] but the model takes 4 inputs"
                + " (every column but --id and --label is a feature; --features A,B,... picks them)", stderr().strip());
        assertEquals(2, run("predict", "--model", classifier.toString(), "--input", input.toString(), "--label", "nope"));
        assertTrue(stderr().startsWith("simdnet: " + input + ": no column named 'nope' (--label); the columns are [id,"),
                stderr());
        for (String[] args : new String[][] {
            {"--id", "id", "--label", "id"},
            {"--no-header", "--id", "x"},
            {"--delimiter", "ab"},
            {"--features", "a,a,big,d", "--label", "species"},
        }) {
            List<String> all = new ArrayList<>(List.of("predict", "--model", classifier.toString(), "--input", input.toString()));
            all.addAll(List.of(args));
            assertEquals(2, run(all.toArray(new String[0])), String.join(" ", args));
            assertTrue(stderr().startsWith("simdnet: "), stderr());
            assertFalse(stderr().contains("Exception") || stderr().contains("\tat "), stderr());
        }
    }

    @Test
    void aClosedOutputStopsTheRun() throws IOException {
        Path spiral = dir.resolve("spiral.model");
        Model.builder(2).dense(6).relu().dense(3).softmaxCrossEntropy().build(5).save(spiral);
        StringBuilder csv = new StringBuilder("x,y\n");
        for (int i = 0; i < 20_000; i++) {
            csv.append(i % 7).append(",0.5\n");
        }
        Path input = dir.resolve("points.csv");
        Files.writeString(input, csv);
        PrintStream closed = new PrintStream(new java.io.OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("Broken pipe");
            }
        });
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        assertEquals(2, Main.run(new String[] {"predict", "--model", spiral.toString(), "--input", input.toString()}, closed,
                new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertEquals("simdnet: cannot write the predictions: the output was closed",
                err.toString(StandardCharsets.UTF_8).strip());
    }

    /** The old points files: a headerless x,y file needs --no-header, and read as if it had one, it gets a warning. */
    @Test
    void headerlessPointsFiles() throws IOException {
        Path spiral = dir.resolve("spiral.model");
        Model.builder(2).dense(6).relu().dense(3).softmaxCrossEntropy().build(5).save(spiral);
        Path input = dir.resolve("points.csv");
        Files.writeString(input, "0.1,0.2\n-0.5,0.3\n");
        assertEquals(0, run("predict", "--model", spiral.toString(), "--input", input.toString(), "--no-header"), stderr());
        assertPredictions(spiral, new float[] {0.1f, 0.2f, -0.5f, 0.3f}, null, stdout());
        assertEquals(0, run("predict", "--model", spiral.toString(), "--input", input.toString()), stderr());
        assertTrue(stderr().contains("warning: the first line of " + input + " is all numbers"), stderr());
        assertEquals(2, stdout().split("\n").length, "the header and the one row after it");
    }
}
