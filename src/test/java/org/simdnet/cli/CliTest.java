package org.simdnet.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simdnet.data.Dataset;
import org.simdnet.data.Spiral;
import org.simdnet.format.ModelFile;
import org.simdnet.nn.Mlp;
import org.simdnet.train.Seeds;

class CliTest {

    @TempDir
    Path dir;

    private final CliRun cli = new CliRun();

    private int run(String... args) {
        return cli.run(args);
    }

    private String stdout() {
        return cli.stdout();
    }

    private String stderr() {
        return cli.stderr();
    }

    @Test
    void modelFilesAreByteIdenticalForOneAndTwoThreads() throws IOException {
        Path one = dir.resolve("one.bin");
        Path two = dir.resolve("two.bin");
        for (String batch : new String[] {"0", "256"}) {
            assertEquals(0, run("train", "--epochs", "30", "--batch", batch, "--threads", "1", "--model", one.toString()), stderr());
            assertEquals(0, run("train", "--epochs", "30", "--batch", batch, "--threads", "2", "--model", two.toString()), stderr());
            assertArrayEquals(Files.readAllBytes(one), Files.readAllBytes(two), "batch " + batch);
        }
    }

    @Test
    void lastLineIsMachineReadable() {
        assertEquals(0, run("train", "--epochs", "5", "--points", "100", "--hidden", "16,8", "--activation", "tanh",
                "--optimizer", "sgd", "--momentum", "0.9", "--lr", "0.1", "--validation", "0.2"));
        String[] lines = stdout().strip().split("\n");
        String last = lines[lines.length - 1];
        assertTrue(last.matches("final epochs=5 loss=\\d+\\.\\d+ accuracy=\\d\\.\\d+ train_ms=\\d+ step_us=\\d+\\.\\d"), last);
        assertTrue(stdout().contains("validation loss"), stdout());
    }

    @Test
    void perLayerActivationsOptimizersSchedulesAndClipping() throws IOException {
        Path model = dir.resolve("mixed.bin");
        assertEquals(0, run("train", "--epochs", "6", "--points", "100", "--hidden", "16,8",
                "--activation", "relu,leaky_relu:0.2", "--optimizer", "adamw", "--schedule", "cosine",
                "--warmup", "2", "--clip", "1", "--model", model.toString()), stderr());
        Mlp loaded = ModelFile.read(model);
        assertEquals("[Dense(2, 16), ReLU, Dense(16, 8), LeakyReLU(0.2), Dense(8, 3)]", loaded.layers().toString());
        assertTrue(stdout().contains("adamw(lr=0.001"), stdout());
        assertEquals(0, run("train", "--epochs", "4", "--points", "100", "--optimizer", "sgd", "--momentum", "0.9",
                "--nesterov", "--lr", "0.05", "--schedule", "step:2:0.5"), stderr());
        assertTrue(stdout().contains("nesterov=true"), stdout());
    }

    @Test
    void savedModelRoundTripsAndPredicts() throws IOException {
        Path model = dir.resolve("m.bin");
        Path csv = dir.resolve("points.csv");
        Files.writeString(csv, "x,y\n0.1,0.2\n-0.5,0.3\n");
        assertEquals(0, run("train", "--epochs", "20", "--points", "200", "--model", model.toString(),
                "--plot", dir.resolve("b.png").toString(), "--loss-plot", dir.resolve("l.png").toString()));
        assertTrue(Files.size(dir.resolve("b.png")) > 1000 && Files.size(dir.resolve("l.png")) > 1000);
        Mlp loaded = ModelFile.read(model);
        assertArrayEquals(new int[] {2, 100, 3}, loaded.denseWidths());
        assertEquals(0, run("predict", "--model", model.toString(), "0.5", "-0.25"), stderr());
        assertTrue(stdout().matches("class [0-2] probabilities( 0\\.\\d{6}| 1\\.0{6}){3}\\s*"), stdout());
        assertEquals(0, run("predict", "--model", model.toString(), "--input", csv.toString()), stderr());
        String[] lines = stdout().strip().split("\n");
        assertEquals("class,p_0,p_1,p_2", lines[0]);
        assertEquals(3, lines.length);
    }

    /** Features of ±3e38 overflow the float forward; the answer is still a valid distribution. */
    @Test
    void hugeCoordinatesGiveValidProbabilities() {
        Path model = dir.resolve("huge.bin");
        assertEquals(0, run("train", "--epochs", "30", "--points", "200", "--model", model.toString()), stderr());
        for (String[] xy : new String[][] {{"3e38", "-3e38"}, {"3e38", "3e38"}, {"-1e30", "1e30"}}) {
            assertEquals(0, run("predict", "--model", model.toString(), xy[0], xy[1]), stderr());
            String[] fields = stdout().strip().split(" ");
            double sum = 0;
            for (int c = 0; c < 3; c++) {
                double p = Double.parseDouble(fields[3 + c]);
                assertTrue(p >= 0 && p <= 1, stdout());
                sum += p;
            }
            assertEquals(1.0, sum, 2e-6, stdout());
        }
    }

    @Test
    void userErrorsGetOneLineTheUsageAndExitCodeTwo() throws IOException {
        Path corrupt = dir.resolve("corrupt.bin");
        Files.write(corrupt, new byte[] {1, 2, 3});
        String[][] cases = {
            {"train", "--bogus", "1"},
            {"train", "--epochs", "0"},
            {"train", "--lr", "abc"},
            {"train", "--hidden", "10,-3"},
            {"train", "--activation", "swish"},
            {"train", "--hidden", "8,8,8", "--activation", "relu,tanh"},
            {"train", "--nesterov"},
            {"train", "--optimizer", "sgd", "--nesterov", "--momentum", "0"},
            {"train", "--schedule", "step:0:0.5"},
            {"train", "--schedule", "linear"},
            {"train", "--schedule", "step:2:x"},
            {"train", "--warmup", "-1"},
            {"train", "--clip", "0"},
            {"train", "--optimizer", "rmsprop"},
            {"predict", "--model", dir.resolve("missing.bin").toString(), "1", "2"},
            {"predict", "--model", corrupt.toString(), "1", "2"},
            {"predict", "1", "2"},
            {"train", "--classes", "2", "--points", "1", "--validation", "0.9"},
        };
        for (String[] args : cases) {
            assertEquals(2, run(args), String.join(" ", args));
            String e = stderr();
            assertTrue(e.startsWith("simdnet: "), e);
            assertFalse(e.contains("Exception") || e.contains("\tat "), "no stack trace: " + e);
        }
    }

    /** Output files are checked before the work: a bad path fails at once, naming the flag and the path. */
    @Test
    void badOutputPathsFailBeforeTrainingNamingTheFlag() throws IOException {
        Path nodir = dir.resolve("nodir");
        String[][] cases = {
            {"train", "--model", nodir.resolve("m.bin").toString()},
            {"train", "--plot", nodir.resolve("b.png").toString()},
            {"train", "--loss-plot", nodir.resolve("l.png").toString()},
            {"regress", "--plot", nodir.resolve("r.png").toString()},
        };
        for (String[] args : cases) {
            assertEquals(2, run(args), String.join(" ", args));
            assertEquals("simdnet: " + args[1] + " " + args[2] + ": no such directory " + nodir,
                    stderr().lines().findFirst().orElse(""));
            assertEquals("", stdout(), "nothing ran");
        }
        assertEquals(2, run("train", "--model", dir.toString()));
        assertEquals("simdnet: --model " + dir + " is a directory", stderr().lines().findFirst().orElse(""));
        Path same = dir.resolve("same.png");
        assertEquals(2, run("train", "--plot", same.toString(), "--loss-plot", same.toString()));
        assertEquals("simdnet: --plot and --loss-plot name the same file " + same, stderr().lines().findFirst().orElse(""));
        Path csv = dir.resolve("p.csv");
        Files.writeString(csv, "0,0\n");
        assertEquals(2, run("predict", "--model", dir.toString(), "--input", csv.toString()));
        assertEquals("simdnet: --model " + dir + " is a directory", stderr().lines().findFirst().orElse(""));
        Path model = dir.resolve("m.bin");
        assertEquals(0, run("train", "--epochs", "1", "--points", "50", "--model", model.toString()), stderr());
        assertEquals(2, run("predict", "--model", model.toString(), "--input", dir.toString()));
        assertEquals("simdnet: --input " + dir + " is a directory", stderr().lines().findFirst().orElse(""));
    }

    @Test
    void threadCountsBeyondTheLimitAreUsageErrorsNamingIt() {
        for (String command : new String[] {"train", "regress"}) {
            assertEquals(2, run(command, "--threads", "4096", "--epochs", "1"), command);
            assertTrue(stderr().startsWith("simdnet: --threads must be in [1, " + Flags.MAX_THREADS + "], got 4096"),
                    stderr());
            assertFalse(stdout().contains("epoch"), stdout());
        }
        assertEquals(256, Math.min(256, Flags.MAX_THREADS));
    }

    /** Sizes that overflow an int (or an array) are usage errors naming the flag, before any training. */
    @Test
    void oversizedModelsAndShardsAreRejectedNamingTheFlag() {
        String[][] cases = {
            {"train", "--hidden", "65536,2", "--shard-rows", "32768", "--points", "20000", "--epochs", "1"},
            {"train", "--hidden", "65536,2", "--shard-rows", "65536", "--points", "30000", "--epochs", "1"},
        };
        for (String[] args : cases) {
            assertEquals(2, run(args), String.join(" ", args));
            assertTrue(stderr().startsWith("simdnet: --shard-rows " + args[4] + " is too large for --hidden 65536,2"),
                    stderr());
            assertTrue(stderr().contains("at most 32767 rows per shard"), stderr());
            assertFalse(stdout().contains("epoch"), "nothing trained: " + stdout());
        }
        assertEquals(2, run("train", "--hidden", "65536,65536", "--epochs", "1"));
        assertTrue(stderr().startsWith("simdnet: --hidden 65536,65536 gives a model of 4295426051 parameters"),
                stderr());
    }

    /** The validation split draws from {@link Seeds#split()}, not from the shuffling's stream. */
    @Test
    void theValidationSplitHasItsOwnStream() {
        Dataset all = Spiral.generate(3, 100, 0.2, 7);
        Seeds seeds = Seeds.of(7);
        Dataset.Split split = TrainCommand.validationSplit(all, 0.2, seeds);
        assertEquals(all.split(0.2, seeds.split()).validation(), split.validation());
        assertFalse(all.split(0.2, seeds.shuffle()).validation().equals(split.validation()));
    }

    @Test
    void autogradDemoPrintsTheLecturesGradient() {
        assertEquals(0, run("autograd-demo"));
        assertTrue(stdout().contains("out = 4.5"), stdout());
        assertTrue(stdout().contains("x.grad = [[-1.5, 0.0], [1.5, 3.0]]"), stdout());
    }
}
