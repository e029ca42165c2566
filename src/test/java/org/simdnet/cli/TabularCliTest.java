package org.simdnet.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simdnet.io.ConfusionMatrixPlot;

/** {@code train --data} and {@code evaluate} on small synthetic tables, end to end through {@link Main}. */
class TabularCliTest {

    @TempDir
    Path dir;

    private final CliRun cli = new CliRun();

    private int run(String... args) {
        return cli.run(args);
    }

    private String lastLine() {
        String[] lines = cli.stdout().trim().split("\n");
        return lines[lines.length - 1];
    }

    private static double value(String line, String key) {
        Matcher m = Pattern.compile("(?:^| )" + key + "=([-0-9.eE]+)").matcher(line);
        assertTrue(m.find(), key + " in " + line);
        return Double.parseDouble(m.group(1));
    }

    /** Three Gaussian blobs in 4 features (two of them noise, one on a large scale), string labels. */
    private Path blobs(int rows) throws IOException {
        SplittableRandom random = new SplittableRandom(3);
        StringBuilder csv = new StringBuilder("a,b,noise,big,species\n");
        String[] names = {"setosa", "versicolor", "virginica"};
        for (int r = 0; r < rows; r++) {
            int c = random.nextInt(3);
            csv.append(String.format(Locale.ROOT, "%.5f,%.5f,%.5f,%.3f,%s%n", c + 0.3 * random.nextGaussian(),
                    (c == 1 ? 2 : 0) + 0.3 * random.nextGaussian(), random.nextGaussian(),
                    1000 + 100 * c + 20 * random.nextGaussian(), names[c]));
        }
        Path file = dir.resolve("blobs.csv");
        Files.writeString(file, csv);
        return file;
    }

    @Test
    void trainsOnATableEvaluatesAndReportsMachineReadably() throws IOException {
        Path noId = blobs(600);
        Path model = dir.resolve("blobs.model");
        assertEquals(0, run("train", "--data", noId.toString(), "--label", "species", "--hidden", "16",
                "--epochs", "60", "--batch", "32", "--lr", "0.01", "--validation", "0.2", "--patience", "20",
                "--threads", "1", "--model", model.toString()), cli.stderr());
        String last = lastLine();
        assertTrue(last.startsWith("final epochs="), last);
        assertTrue(value(last, "test_accuracy") > 0.9, last);
        assertTrue(value(last, "val_accuracy") > 0.9, last);
        assertTrue(value(last, "test_macro_f1") > 0.9, last);
        String report = cli.stdout();
        assertTrue(report.contains("versicolor") && report.contains("confusion"), report);

        assertEquals(0, run("evaluate", "--model", model.toString(), "--data", noId.toString(), "--label", "species"),
                cli.stderr());
        assertTrue(value(lastLine(), "accuracy") > 0.9, lastLine());
        assertTrue(lastLine().matches("accuracy=\\S+ log_loss=\\S+ macro_f1=\\S+"), lastLine());
    }

    @Test
    void confusionPngOfTheTestSplitAndOfAnEvaluation() throws IOException {
        Path data = blobs(300);
        Path model = dir.resolve("blobs.model");
        Path trainPng = dir.resolve("train-confusion.png");
        assertEquals(0, run("train", "--data", data.toString(), "--label", "species", "--hidden", "8", "--epochs", "20",
                "--lr", "0.01", "--threads", "1", "--model", model.toString(), "--confusion-png", trainPng.toString()),
                cli.stderr());
        assertTrue(cli.stdout().contains("wrote confusion matrix " + trainPng), cli.stdout());
        assertPng(trainPng, ConfusionMatrixPlot.width(3),
                ConfusionMatrixPlot.height(3, ConfusionMatrixPlot.uprightNames(List.of("setosa", "versicolor", "virginica"), 3)));

        Path evalPng = dir.resolve("eval-confusion.png");
        assertEquals(0, run("evaluate", "--model", model.toString(), "--data", data.toString(), "--label", "species",
                "--confusion-png", evalPng.toString()), cli.stderr());
        assertTrue(lastLine().startsWith("accuracy="), lastLine());
        assertPng(evalPng, ConfusionMatrixPlot.width(3),
                ConfusionMatrixPlot.height(3, ConfusionMatrixPlot.uprightNames(List.of("setosa", "versicolor", "virginica"), 3)));

        // User errors: one clear line (then the usage), exit code 2, no stack trace, checked before training.
        String missingDir = dir.resolve("no/such/dir/c.png").toString();
        assertEquals(2, run("train", "--data", data.toString(), "--label", "species", "--epochs", "1000000",
                "--confusion-png", missingDir));
        String e = cli.stderr();
        assertTrue(e.startsWith("simdnet: --confusion-png " + missingDir + ": no such directory"), e);
        assertFalse(e.contains("\tat ") || e.contains("Exception"), e);
        assertEquals("", cli.stdout(), "nothing trained");
        assertEquals(2, run("evaluate", "--model", model.toString(), "--data", data.toString(), "--label", "species",
                "--confusion-png", dir.toString()));
        assertTrue(cli.stderr().startsWith("simdnet: --confusion-png " + dir + " is a directory"), cli.stderr());
        assertEquals(2, run("train", "--data", data.toString(), "--label", "a", "--task", "regression",
                "--confusion-png", evalPng.toString()));
        assertTrue(cli.stderr().startsWith("simdnet: --confusion-png draws class confusions"), cli.stderr());
        assertEquals(2, run("evaluate", "--model", model.toString(), "--data", data.toString(), "--label", "species",
                "--confusion-png", data.toString()));
        assertTrue(cli.stderr().contains("name the same file"), cli.stderr());
    }

    private static void assertPng(Path png, int width, int height) throws IOException {
        byte[] bytes = Files.readAllBytes(png);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10}, Arrays.copyOf(bytes, 8), "PNG signature");
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(width, image.getWidth());
        assertEquals(height, image.getHeight());
    }

    @Test
    void regressionAndErrorsThatNameTheCell() throws IOException {
        SplittableRandom random = new SplittableRandom(4);
        StringBuilder csv = new StringBuilder("x1,x2,y\n");
        for (int r = 0; r < 400; r++) {
            double x1 = random.nextGaussian(), x2 = random.nextGaussian();
            csv.append(String.format(Locale.ROOT, "%.5f,%.5f,%.5f%n", x1, x2, 3 * x1 - 2 * x2 + 0.1 * random.nextGaussian()));
        }
        Path data = dir.resolve("lin.csv");
        Files.writeString(data, csv);
        assertEquals(0, run("train", "--data", data.toString(), "--label", "y", "--task", "regression", "--hidden", "8",
                "--activation", "identity", "--epochs", "100", "--lr", "0.01", "--threads", "1"), cli.stderr());
        assertTrue(value(lastLine(), "test_r2") > 0.95, lastLine());
        assertTrue(value(lastLine(), "test_mse") < 0.1, lastLine());

        Files.writeString(data, "x1,x2,y\n1,2,3\n4,,6\n");
        assertEquals(2, run("train", "--data", data.toString(), "--label", "y", "--task", "regression"));
        assertTrue(cli.stderr().startsWith("simdnet: " + data + ": line 3, column 'x2': missing value"), cli.stderr());
        assertEquals(2, run("train", "--data", data.toString(), "--label", "z"));
        assertTrue(cli.stderr().contains("no label column named 'z'"), cli.stderr());
        assertEquals(2, run("train", "--data", data.toString()));
        assertTrue(cli.stderr().contains("--data needs --label"), cli.stderr());
    }
}
