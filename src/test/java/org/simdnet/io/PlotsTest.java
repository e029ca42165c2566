package org.simdnet.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simdnet.data.Dataset;
import org.simdnet.data.Spiral;

class PlotsTest {

    @TempDir
    Path dir;

    /** Class 1 right of the y axis, class 0 left of it. */
    private static final GridClassifier RIGHT_IS_ONE = (xy, n, out) -> {
        for (int i = 0; i < n; i++) {
            out[i] = xy[2 * i] > 0 ? 1 : 0;
        }
    };

    private static BufferedImage readPng(Path png) throws IOException {
        byte[] bytes = Files.readAllBytes(png);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10}, Arrays.copyOf(bytes, 8),
                "PNG signature");
        BufferedImage image = ImageIO.read(png.toFile());
        assertTrue(image != null, "ImageIO can decode " + png);
        return image;
    }

    private static int rgb(BufferedImage image, int x, int y) {
        return image.getRGB(x, y) & 0xFFFFFF;
    }

    /** Image pixel of the data point (x, y) in a decision-boundary plot. */
    private static int pixelX(double x) {
        return Plots.PLOT_LEFT + (int) Math.floor((x + Plots.RANGE) / (2 * Plots.RANGE) * Plots.PLOT_SIZE);
    }

    private static int pixelY(double y) {
        return Plots.PLOT_TOP + (int) Math.floor((Plots.RANGE - y) / (2 * Plots.RANGE) * Plots.PLOT_SIZE);
    }

    @Test
    void decisionBoundaryPaintsRegionsAndPoints() throws IOException {
        // Two samples, far from the pixels checked for regions.
        Dataset data = new Dataset(new float[] {-0.8f, -0.8f, 0.8f, -0.8f}, new int[] {0, 1}, 2, 2);
        Path png = dir.resolve("boundary.png");
        Plots.decisionBoundary(RIGHT_IS_ONE, data, png, "x > 0 is class 1");
        BufferedImage image = readPng(png);
        assertEquals(Plots.DECISION_WIDTH, image.getWidth());
        assertEquals(Plots.DECISION_HEIGHT, image.getHeight());

        assertEquals(Palette.region(1), rgb(image, pixelX(0.5), pixelY(0.3)));
        assertEquals(Palette.region(1), rgb(image, pixelX(1.05), pixelY(-1.05)));
        assertEquals(Palette.region(0), rgb(image, pixelX(-0.5), pixelY(0.3)));
        assertEquals(Palette.region(0), rgb(image, pixelX(-1.05), pixelY(1.05)));
        assertNotEquals(Palette.region(0), Palette.region(1));
        // The samples sit on top in their strong colours.
        assertEquals(Palette.point(0), rgb(image, pixelX(-0.8), pixelY(-0.8)));
        assertEquals(Palette.point(1), rgb(image, pixelX(0.8), pixelY(-0.8)));
        // Outside the plot area: white background.
        assertEquals(0xFFFFFF, rgb(image, 2, 2));
        assertEquals(0xFFFFFF, rgb(image, Plots.DECISION_WIDTH - 3, Plots.DECISION_HEIGHT - 3));
    }

    @Test
    void theClassifierSeesTheCourseGrid() {
        int[] calls = new int[1];
        float[][] seen = new float[1][];
        GridClassifier recording = (xy, n, out) -> {
            calls[0]++;
            seen[0] = Arrays.copyOf(xy, 2 * n);
            assertTrue(out.length >= n);
        };
        Plots.decisionBoundaryImage(recording, Spiral.generate(3, 10, 0.1, 1), null);
        assertEquals(1, calls[0], "one batch call");
        float[] xy = seen[0];
        assertEquals(2 * 221 * 221, xy.length);
        assertEquals(-1.1f, xy[0], 1e-6f);
        assertEquals(-1.1f, xy[1], 1e-6f);
        assertEquals(-1.09f, xy[2], 1e-6f);
        assertEquals(1.1f, xy[xy.length - 2], 1e-6f);
        assertEquals(1.1f, xy[xy.length - 1], 1e-6f);
    }

    @Test
    void decisionBoundaryRejectsBadArguments() {
        Dataset data = Spiral.generate(2, 5, 0.1, 1);
        Path png = dir.resolve("x.png");
        assertThrows(IllegalArgumentException.class, () -> Plots.decisionBoundary(null, data, png));
        assertThrows(IllegalArgumentException.class, () -> Plots.decisionBoundary(RIGHT_IS_ONE, null, png));
        assertThrows(IllegalArgumentException.class, () -> Plots.decisionBoundary(RIGHT_IS_ONE, data, null));
        Dataset threeD = new Dataset(new float[3], new int[] {0}, 3, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Plots.decisionBoundary(RIGHT_IS_ONE, threeD, png));
        assertTrue(e.getMessage().contains("needs 2-D points but the data has 3 features"), e.getMessage());
        GridClassifier seven = (xy, n, out) -> Arrays.fill(out, 0, n, 7);
        e = assertThrows(IllegalArgumentException.class, () -> Plots.decisionBoundary(seven, data, png));
        assertTrue(e.getMessage().contains("in class 7 but the data has 2 classes"), e.getMessage());
        assertFalse(Files.exists(png), "nothing written on failure");
    }

    @Test
    void samePlotSameBytes() throws IOException {
        Dataset data = Spiral.generate(3, 50, 0.2, 3);
        Path a = dir.resolve("a.png");
        Path b = dir.resolve("b.png");
        Plots.decisionBoundary(RIGHT_IS_ONE, data, a);
        Plots.decisionBoundary(RIGHT_IS_ONE, data, b);
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
    }

    @Test
    void lossCurvesDrawsBothPanels() throws IOException {
        int epochs = 50;
        double[] loss = new double[epochs];
        double[] accuracy = new double[epochs];
        for (int e = 0; e < epochs; e++) {
            loss[e] = 1.0 - 0.01 * e; // a straight line from 1.0 down to 0.51
            accuracy[e] = 0.5;
        }
        Path png = dir.resolve("curves.png");
        Plots.lossCurves(loss, accuracy, png);
        BufferedImage image = readPng(png);
        assertEquals(Plots.CURVES_WIDTH, image.getWidth());
        assertEquals(Plots.CURVES_HEIGHT, image.getHeight());

        // The constant accuracy 0.5 is a horizontal line half way down the lower panel.
        int x = Plots.CURVE_LEFT + Plots.CURVE_WIDTH / 2;
        int expectedY = Plots.ACCURACY_TOP + Plots.CURVE_PANEL_HEIGHT / 2;
        assertEquals(expectedY, closestRow(image, x, Palette.point(1)), 1);
        // Half way (epoch 25.5) the loss is 0.755 on an axis from 0 to the nice ceiling 1.0.
        double lossY = Plots.LOSS_TOP + (1 - 0.755) * Plots.CURVE_PANEL_HEIGHT;
        assertEquals(lossY, closestRow(image, x, Palette.point(0)), 2);
        // and the accuracy colour never shows in the loss panel.
        assertTrue(distance(rgb(image, x, Plots.LOSS_TOP + Plots.CURVE_PANEL_HEIGHT / 2), Palette.point(1)) > 100);
    }

    /** The row of column x whose colour is nearest to {@code color}, asserting it is close. */
    private static int closestRow(BufferedImage image, int x, int color) {
        int best = -1;
        int bestDistance = Integer.MAX_VALUE;
        for (int y = 0; y < image.getHeight(); y++) {
            int d = distance(rgb(image, x, y), color);
            if (d < bestDistance) {
                bestDistance = d;
                best = y;
            }
        }
        assertTrue(bestDistance < 60, "no pixel of colour " + Integer.toHexString(color) + " in column " + x);
        return best;
    }

    private static int distance(int a, int b) {
        return Math.abs((a >> 16 & 0xFF) - (b >> 16 & 0xFF)) + Math.abs((a >> 8 & 0xFF) - (b >> 8 & 0xFF))
                + Math.abs((a & 0xFF) - (b & 0xFF));
    }

    @Test
    void lossCurvesHandlesOneEpochAndZeroLoss() throws IOException {
        Path png = dir.resolve("one.png");
        Plots.lossCurves(new double[] {0}, new double[] {1}, png);
        assertEquals(Plots.CURVES_WIDTH, readPng(png).getWidth());
    }

    @Test
    void lossCurvesRejectsBadArguments() {
        Path png = dir.resolve("bad.png");
        assertThrows(IllegalArgumentException.class, () -> Plots.lossCurves(null, new double[1], png));
        assertThrows(IllegalArgumentException.class, () -> Plots.lossCurves(new double[1], null, png));
        assertThrows(IllegalArgumentException.class, () -> Plots.lossCurves(new double[1], new double[1], null));
        assertThrows(IllegalArgumentException.class, () -> Plots.lossCurves(new double[0], new double[0], png));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Plots.lossCurves(new double[3], new double[2], png));
        assertTrue(e.getMessage().contains("got 3 losses and 2 accuracies"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Plots.lossCurves(new double[] {1, Double.NaN}, new double[2], png));
        assertTrue(e.getMessage().contains("loss of epoch 2 is NaN"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Plots.lossCurves(new double[] {-1}, new double[1], png));
        assertThrows(IllegalArgumentException.class,
                () -> Plots.lossCurves(new double[] {Double.POSITIVE_INFINITY}, new double[1], png));
        e = assertThrows(IllegalArgumentException.class,
                () -> Plots.lossCurves(new double[1], new double[] {1.5}, png));
        assertTrue(e.getMessage().contains("accuracy of epoch 1 is 1.5"), e.getMessage());
        assertFalse(Files.exists(png));
    }

    @Test
    void ticksAreNiceNumbersInsideTheRange() {
        Ticks t = Ticks.of(-1.1, 1.1, 5);
        assertEquals(0.5, t.step, 1e-12);
        assertEquals(5, t.count);
        assertEquals("-1.0", t.label(0));
        assertEquals("0.0", t.label(2));
        assertEquals("1.0", t.label(4));
        Ticks epochs = Ticks.integers(1, 1000, 8);
        assertEquals(100, epochs.step, 1e-9);
        assertEquals("100", epochs.label(0));
        assertEquals("1000", epochs.label(epochs.count - 1));
        assertEquals(1, Ticks.integers(1, 2, 8).step, 0);
        assertEquals(1.5, Ticks.niceCeiling(1.22), 1e-12);
        assertEquals(1.0, Ticks.niceCeiling(1.0), 1e-12);
        assertEquals(0.03, Ticks.niceCeiling(0.0271), 1e-12);
    }
}
