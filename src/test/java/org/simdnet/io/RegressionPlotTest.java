package org.simdnet.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegressionPlotTest {

    @TempDir
    Path dir;

    private static final float[] X = {-1f, 0f, 1f};
    private static final float[] Y = {-1f, 0f, 1f};

    private static float[] grid() {
        float[] grid = new float[81];
        for (int i = 0; i < grid.length; i++) {
            grid[i] = -4 + 0.1f * i;
        }
        return grid;
    }

    /** y = slope·x with a constant std. */
    private static Plots.Band line(String label, double slope, double std) {
        float[] grid = grid();
        double[] mean = new double[grid.length];
        double[] s = new double[grid.length];
        for (int i = 0; i < grid.length; i++) {
            mean[i] = slope * grid[i];
            s[i] = std;
        }
        return new Plots.Band(label, mean, s);
    }

    private static int rgb(BufferedImage image, int x, int y) {
        return image.getRGB(x, y) & 0xFFFFFF;
    }

    /** Whether a pixel within 2 rows of (x, y) has exactly this colour (lines are anti-aliased). */
    private static boolean near(BufferedImage image, int x, int y, int color) {
        for (int dy = -2; dy <= 2; dy++) {
            if (rgb(image, x, y + dy) == color) {
                return true;
            }
        }
        return false;
    }

    @Test
    void drawsBandsMeansAndTheTrainingInterval() throws IOException {
        Path png = dir.resolve("r.png");
        // One band along y = 2x (±1), one flat at y = 0 (no spread): y axis [-9, 9] plus margins.
        Plots.regressionEnsembles(X, Y, grid(), List.of(line("A", 2, 1), line("B", 0, 0)), 1, "title", png);
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(Plots.REGRESSION_WIDTH, image.getWidth());
        assertEquals(Plots.REGRESSION_HEIGHT, image.getHeight());

        double yLo = -9 - 0.9;
        double yHi = 9 + 0.9;
        // x = 3.5 lies between the vertical grid lines.
        int x3 = (int) Math.round(Plots.REGRESSION_LEFT + (3.5 + 4) / 8 * Plots.REGRESSION_PLOT_WIDTH);
        java.util.function.DoubleToIntFunction py = y -> (int) Math.round(Plots.REGRESSION_TOP
                + (yHi - y) / (yHi - yLo) * Plots.REGRESSION_PLOT_HEIGHT);
        assertTrue(near(image, x3, py.applyAsInt(7), Palette.point(0)), "band A's mean line at x = 3.5");
        int inBand = rgb(image, x3, py.applyAsInt(7.6));
        assertTrue(inBand != 0xFFFFFF && inBand != Palette.point(0), "band A is shaded: " + Integer.toHexString(inBand));
        assertEquals(0xFFFFFF, rgb(image, x3, py.applyAsInt(8.6)), "white above band A");
        assertTrue(near(image, x3, py.applyAsInt(0), Palette.point(1)), "band B's mean line at y = 0");
        int insideInterval = rgb(image, (int) Math.round(Plots.REGRESSION_LEFT + 3.5 / 8 * Plots.REGRESSION_PLOT_WIDTH),
                py.applyAsInt(-5));
        assertTrue(insideInterval != 0xFFFFFF, "the training interval is shaded");
    }

    @Test
    void samePlotSameBytes() throws IOException {
        Path a = dir.resolve("a.png");
        Path b = dir.resolve("b.png");
        Plots.regressionEnsembles(X, Y, grid(), List.of(line("A", 1, 0.5)), 1, null, a);
        Plots.regressionEnsembles(X, Y, grid(), List.of(line("A", 1, 0.5)), 1, null, b);
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
    }

    @Test
    void rejectsBadArguments() {
        float[] grid = grid();
        Plots.Band ok = line("A", 1, 0.5);
        assertThrows(IllegalArgumentException.class,
                () -> Plots.regressionEnsemblesImage(null, Y, grid, List.of(ok), 1, null));
        assertThrows(IllegalArgumentException.class,
                () -> Plots.regressionEnsemblesImage(X, new float[2], grid, List.of(ok), 1, null));
        assertThrows(IllegalArgumentException.class,
                () -> Plots.regressionEnsemblesImage(X, Y, new float[] {0f}, List.of(ok), 1, null));
        assertThrows(IllegalArgumentException.class,
                () -> Plots.regressionEnsemblesImage(X, Y, new float[] {1f, 0f}, List.of(), 1, null));
        assertThrows(IllegalArgumentException.class,
                () -> Plots.regressionEnsemblesImage(X, Y, grid, List.of(new Plots.Band("short", new double[3],
                        new double[3])), 1, null));
        double[] negative = new double[grid.length];
        negative[5] = -1;
        assertThrows(IllegalArgumentException.class, () -> Plots.regressionEnsemblesImage(X, Y, grid,
                List.of(new Plots.Band("neg", new double[grid.length], negative)), 1, null));
        assertThrows(IllegalArgumentException.class,
                () -> Plots.regressionEnsemblesImage(X, Y, grid, List.of(ok), 0, null));
        assertThrows(IllegalArgumentException.class,
                () -> Plots.regressionEnsembles(X, Y, grid, List.of(ok), 1, null, null));
    }
}
