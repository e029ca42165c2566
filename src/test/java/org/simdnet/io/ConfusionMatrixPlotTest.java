package org.simdnet.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfusionMatrixPlotTest {

    @TempDir
    Path dir;

    private static long[][] diagonalHeavy(int n) {
        long[][] m = new long[n][n];
        for (int t = 0; t < n; t++) {
            m[t][t] = 30 + t;
            m[t][(t + 1) % n] = t % 3;
        }
        return m;
    }

    private static BufferedImage readPng(Path png) throws IOException {
        byte[] bytes = Files.readAllBytes(png);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10}, Arrays.copyOf(bytes, 8), "PNG signature");
        BufferedImage image = ImageIO.read(png.toFile());
        assertTrue(image != null, "ImageIO reads it back");
        return image;
    }

    @Test
    void tenDigitClassesMakeALevelLabelledPngOfTheExpectedSize() throws IOException {
        List<String> names = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        assertFalse(ConfusionMatrixPlot.uprightNames(names, 10));
        Path png = dir.resolve("digits.png");
        ConfusionMatrixPlot.write(diagonalHeavy(10), names, "digits, test split", png);
        BufferedImage image = readPng(png);
        // 10 cells of 56 px, the row names' margin on the left, the names and axis title below
        assertEquals(170 + 10 * 56 + 30, image.getWidth());
        assertEquals(62 + 10 * 56 + 64, image.getHeight());
        assertEquals(ConfusionMatrixPlot.width(10), image.getWidth());
        assertEquals(ConfusionMatrixPlot.height(10, false), image.getHeight());

        // Shade by the row's share: a full diagonal cell is dark, an empty cell white.
        int cell = ConfusionMatrixPlot.cell(10);
        int full = image.getRGB(ConfusionMatrixPlot.LEFT + 3, ConfusionMatrixPlot.TOP + 3) & 0xFFFFFF;
        int empty = image.getRGB(ConfusionMatrixPlot.LEFT + 5 * cell + 3, ConfusionMatrixPlot.TOP + 3) & 0xFFFFFF;
        assertTrue((full & 0xFF) < 0xC0 && ((full >> 16) & 0xFF) < 0x40, Integer.toHexString(full));
        assertEquals(0xFFFFFF, empty, Integer.toHexString(empty));
    }

    @Test
    void longNamesStandUprightAndFewClassesKeepTheTitleWidth() throws IOException {
        List<String> names = List.of("malignant tumour of the left breast", "benign");
        assertTrue(ConfusionMatrixPlot.uprightNames(names, 2));
        Path png = dir.resolve("two.png");
        ConfusionMatrixPlot.write(new long[][] {{40, 2}, {3, 68}}, names, "breast cancer", png);
        BufferedImage image = readPng(png);
        assertEquals(ConfusionMatrixPlot.MIN_WIDTH, image.getWidth());
        assertEquals(62 + 2 * 80 + 150, image.getHeight());
    }

    @Test
    void missingNamesShowIndicesAndBadMatricesAreRefused() throws IOException {
        BufferedImage image = ConfusionMatrixPlot.image(diagonalHeavy(40), List.of(), null);
        assertEquals(ConfusionMatrixPlot.width(40), image.getWidth());
        assertEquals(40 * ConfusionMatrixPlot.MIN_CELL + 170 + 30, image.getWidth());
        assertThrows(IllegalArgumentException.class, () -> ConfusionMatrixPlot.image(new long[0][], List.of(), null));
        assertThrows(IllegalArgumentException.class, () -> ConfusionMatrixPlot.image(new long[][] {{1, 2}}, null, null));
        assertThrows(IllegalArgumentException.class,
                () -> ConfusionMatrixPlot.image(new long[][] {{1, -2}, {0, 1}}, null, null));
        assertThrows(IllegalArgumentException.class,
                () -> ConfusionMatrixPlot.write(new long[][] {{1}}, null, null, null));
    }
}
