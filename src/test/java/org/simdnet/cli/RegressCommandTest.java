package org.simdnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simdnet.data.Regression1D;
import org.simdnet.io.Plots;

class RegressCommandTest {

    private static final String NUMBER = "-?\\d+\\.\\d+";
    private static final Pattern FINAL = Pattern.compile("final nets=2 relu_train_mse=(" + NUMBER + ") tanh_train_mse=("
            + NUMBER + ") relu_std_out=(" + NUMBER + ") tanh_std_out=(" + NUMBER + ") train_ms=\\d+");
    private static final Pattern ENSEMBLE = Pattern.compile("(relu|tanh): train_mse=(" + NUMBER + ") std_in=(" + NUMBER
            + ") std_out=(" + NUMBER + ") mean\\(-4\\)=(" + NUMBER + ") mean\\(4\\)=(" + NUMBER + ")");

    @TempDir
    Path dir;

    private final CliRun cli = new CliRun();

    private int run(String... args) {
        return cli.run(args);
    }

    private List<String> lines() {
        return Arrays.asList(cli.stdout().strip().split("\n"));
    }

    /** Fields 2.. of the relu: or tanh: line, as numbers. */
    private static double[] ensemble(List<String> lines, String name) {
        for (String line : lines) {
            Matcher m = ENSEMBLE.matcher(line);
            if (m.matches() && m.group(1).equals(name)) {
                double[] v = new double[5];
                for (int i = 0; i < 5; i++) {
                    v[i] = Double.parseDouble(m.group(i + 2));
                }
                return v;
            }
        }
        throw new AssertionError("no " + name + " line in " + lines);
    }

    /** What does not depend on the machine: every line but the model line (it names the threads), no timing. */
    private static List<String> results(List<String> lines) {
        return lines.stream().filter(l -> !l.startsWith("model:") && !l.startsWith("wrote "))
                .map(l -> l.replaceAll(" train_ms=\\d+", "")).collect(Collectors.toList());
    }

    @Test
    void smallEnsemblesFitExtrapolateDrawAndDoNotDependOnThreads() throws IOException {
        Path png = dir.resolve("r.png");
        // Two threads first: the JIT's warm-up, most of the time here, is then shared by both cores.
        assertEquals(0, run("regress", "--nets", "2", "--epochs", "200", "--threads", "2", "--plot", png.toString()),
                cli.stderr());
        List<String> two = lines();
        String last = two.get(two.size() - 1);
        Matcher m = FINAL.matcher(last);
        assertTrue(m.matches(), last);
        assertTrue(two.contains("wrote plot " + png), two.toString());
        assertEquals(6, two.size(), "data, model, two ensembles, the plot and the final line: " + two);

        BufferedImage image = ImageIO.read(png.toFile());
        assertTrue(image != null, "a readable PNG");
        assertEquals(Plots.REGRESSION_WIDTH, image.getWidth());
        assertEquals(Plots.REGRESSION_HEIGHT, image.getHeight());
        assertTrue(image.getWidth() >= 600 && image.getHeight() >= 400);

        double[] relu = ensemble(two, "relu");
        double[] tanh = ensemble(two, "tanh");
        assertEquals(relu[0], Double.parseDouble(m.group(1)), 1e-4);
        assertEquals(tanh[0], Double.parseDouble(m.group(2)), 1e-4);
        assertEquals(relu[2], Double.parseDouble(m.group(3)), 1e-3);
        assertEquals(tanh[2], Double.parseDouble(m.group(4)), 1e-3);
        // Both fit the training data: the notebook's noise alone is an MSE of about 0.0075 around
        // the best fit; a net that has not learnt the cubic stays above 0.06.
        assertTrue(relu[0] < 0.05 && tanh[0] < 0.05, "train_mse relu " + relu[0] + " tanh " + tanh[0]);
        // The nets disagree far more outside the training interval than inside it.
        assertTrue(relu[2] > 3 * relu[1], "relu std_out " + relu[2] + " vs std_in " + relu[1]);
        assertTrue(tanh[2] > 3 * tanh[1], "tanh std_out " + tanh[2] + " vs std_in " + tanh[1]);
        // ReLU nets go on along straight lines, far beyond every training target; tanh nets level off.
        Regression1D data = Regression1D.builder().build();
        double yMin = Double.POSITIVE_INFINITY;
        double yMax = Double.NEGATIVE_INFINITY;
        for (float y : data.y()) {
            yMin = Math.min(yMin, y);
            yMax = Math.max(yMax, y);
        }
        assertTrue(relu[3] < 2 * yMin && relu[4] > 2 * yMax,
                "relu mean(-4) " + relu[3] + ", mean(4) " + relu[4] + "; targets in [" + yMin + ", " + yMax + "]");
        assertTrue(relu[3] < tanh[3] - 1 && relu[4] > tanh[4] + 1,
                "relu mean(-4) " + relu[3] + ", mean(4) " + relu[4] + " vs tanh " + tanh[3] + ", " + tanh[4]);

        assertEquals(0, run("regress", "--nets", "2", "--epochs", "200", "--threads", "1"),
                cli.stderr());
        List<String> one = lines();
        assertEquals(results(two), results(one), "--threads 1 and --threads 2 print the same numbers");
    }

    @Test
    void progressPrintsEpochLinesOnlyWhenAsked() {
        assertEquals(0, run("regress", "--nets", "1", "--epochs", "4", "--points", "10", "--hidden", "8",
                "--progress", "2", "--threads", "1"));
        List<String> lines = lines();
        List<String> progress = lines.stream().filter(l -> l.contains(" epoch ")).collect(Collectors.toList());
        assertEquals(4, progress.size(), lines.toString());
        for (String line : progress) {
            assertTrue(line.matches("(relu|tanh) net 1/1 epoch [24]/4 loss \\d+\\.\\d{4}"), line);
        }
        assertTrue(lines.get(lines.size() - 1).startsWith("final nets=1 "), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("relu: ") && l.contains(" std_in=0.000 std_out=0.000 ")),
                "one net has no spread: " + lines);

        assertEquals(0, run("regress", "--nets", "1", "--epochs", "4", "--points", "10", "--hidden", "8"));
        assertEquals(5, lines().size(), "data, model, two ensembles, final: " + lines());
    }

    @Test
    void badFlagsExitWithTwoAndOneLine() {
        String[][] cases = {
            {"regress", "--bogus", "1"},
            {"regress", "--nets", "0"},
            {"regress", "--epochs", "-5"},
            {"regress", "--lr", "abc"},
            {"regress", "--range", "1"},
            {"regress", "--range", "0.5"},
            {"regress", "--points", "1"},
            {"regress", "--hidden", "0"},
            {"regress", "--threads", "0"},
            {"regress", "--plot", ""},
            {"regress", "--plot", dir.resolve("missing/r.png").toString()},
            {"regress", "--plot", dir.toString()},
            {"regress", "--nets"},
            {"regress", "extra"},
            {"regress", "--activation", "relu"},
        };
        for (String[] args : cases) {
            assertEquals(2, run(args), String.join(" ", args));
            String e = cli.stderr();
            assertTrue(e.startsWith("simdnet: "), e);
            assertTrue(e.contains("regress "), "the usage names the command: " + e);
            assertFalse(e.contains("Exception") || e.contains("\tat "), "no stack trace: " + e);
            assertEquals("", cli.stdout(), "nothing on stdout for " + String.join(" ", args));
        }
    }
}
