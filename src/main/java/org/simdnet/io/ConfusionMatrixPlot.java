package org.simdnet.io;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A confusion matrix as a PNG, with nothing but the JDK (Java2D and ImageIO, headless): rows are
 * the true classes, columns the predicted ones, the class names on both axes, each cell's count
 * written in it and its shade the cell's share of its row (white 0, dark blue 1, on a square-root
 * scale so that a single error among many rows still shows), so a class's recall is its
 * diagonal's shade whatever the class's size. Files are replaced atomically, like the other
 * plots ({@link Plots}).
 */
public final class ConfusionMatrixPlot {

    /** Left of the grid: the axis title and the row names (truncated to fit). */
    static final int LEFT = 170;
    /** Above the grid: the title and the legend line. */
    static final int TOP = 62;
    /** Below the grid when every column name fits its cell: the names, level, and the axis title. */
    static final int BOTTOM_LEVEL = 64;
    /** Below the grid when some column name does not fit its cell: the names, upright, and the axis title. */
    static final int BOTTOM_UPRIGHT = 150;
    static final int RIGHT = 30;
    /** The narrowest image, so that the title fits above two or three classes. */
    static final int MIN_WIDTH = 560;
    static final int MIN_CELL = 28;
    static final int MAX_CELL = 80;
    /** The grid's side in pixels that the cell size aims at. */
    static final int GRID_TARGET = 560;
    private static final int NAME_SPACE = 118;

    private static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Font SMALL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 14);
    private static final Color AXIS = new Color(0x333333);
    private static final Color CELL_LINE = new Color(0xDDDDDD);
    /** The shade of a cell that holds its whole row. */
    private static final int FULL = 0x08519C;

    private ConfusionMatrixPlot() {
    }

    /** The side in pixels of one cell for {@code classes} classes. */
    static int cell(int classes) {
        return Math.max(MIN_CELL, Math.min(MAX_CELL, GRID_TARGET / classes));
    }

    /** Width in pixels of the image of {@code classes} classes. */
    public static int width(int classes) {
        return Math.max(MIN_WIDTH, LEFT + classes * cell(classes) + RIGHT);
    }

    /**
     * Height in pixels of the image of {@code classes} classes: taller when some class name is
     * too wide for a cell and the column names stand upright.
     */
    public static int height(int classes, boolean uprightNames) {
        return TOP + classes * cell(classes) + (uprightNames ? BOTTOM_UPRIGHT : BOTTOM_LEVEL);
    }

    /** Whether the image of these classes shows its column names upright (some name is wider than a cell). */
    public static boolean uprightNames(List<String> classNames, int classes) {
        Graphics2D g = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
        g.setFont(FONT);
        try {
            return upright(g, classNames, classes);
        } finally {
            g.dispose();
        }
    }

    private static boolean upright(Graphics2D g, List<String> classNames, int classes) {
        for (int c = 0; c < classes; c++) {
            if (Plots.textWidth(g, name(classNames, c)) > cell(classes) - 4) {
                return true;
            }
        }
        return false;
    }

    /**
     * Draws {@code confusion} and writes it to {@code png}, a {@link #width} × {@link #height} image
     * ({@link #uprightNames} says which height).
     *
     * @param confusion  {@code confusion[truth][predicted]}: counts, square, none negative
     *                   ({@code Metrics.confusion()})
     * @param classNames the classes' names, index by index; a missing one is shown as its index
     * @param title      drawn above the matrix; null or empty for none
     * @throws IllegalArgumentException when the matrix is empty, not square or has a negative count
     */
    public static void write(long[][] confusion, List<String> classNames, String title, Path png) throws IOException {
        if (png == null) {
            throw new IllegalArgumentException("png path must not be null");
        }
        Plots.writePng(image(confusion, classNames, title), png);
    }

    /** The image {@link #write} writes. */
    public static BufferedImage image(long[][] confusion, List<String> classNames, String title) {
        int n = check(confusion);
        int cell = cell(n);
        boolean upright = uprightNames(classNames, n);
        int w = width(n), h = height(n, upright);
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = Plots.begin(image);
        g.setFont(TITLE_FONT);
        g.setColor(AXIS);
        if (title != null && !title.isEmpty()) {
            Plots.text(g, fit(g, title, w - 20), 10, 22);
        }
        g.setFont(SMALL_FONT);
        Plots.text(g, "rows: true class, columns: predicted class; shade: the cell's share of its row", 10, 44);

        int gridLeft = LEFT, gridTop = TOP, grid = n * cell;
        Font countFont = new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(10, Math.min(15, cell / 3)));
        for (int t = 0; t < n; t++) {
            long rowTotal = 0;
            for (long v : confusion[t]) {
                rowTotal += v;
            }
            for (int p = 0; p < n; p++) {
                double share = rowTotal == 0 ? 0 : (double) confusion[t][p] / rowTotal;
                int x = gridLeft + p * cell, y = gridTop + t * cell;
                g.setColor(new Color(shade(Math.sqrt(share))));
                g.fillRect(x, y, cell, cell);
                g.setColor(CELL_LINE);
                g.drawRect(x, y, cell, cell);
                String count = Long.toString(confusion[t][p]);
                g.setFont(countFont);
                g.setColor(share > 0.3 ? Color.WHITE : confusion[t][p] == 0 ? new Color(0xAAAAAA) : AXIS);
                Plots.text(g, count, x + (cell - Plots.textWidth(g, count)) / 2f, y + cell / 2f + countFont.getSize() / 3f);
            }
        }
        g.setColor(AXIS);
        g.drawRect(gridLeft, gridTop, grid, grid);

        // Row names, right-aligned against the grid.
        g.setFont(FONT);
        for (int t = 0; t < n; t++) {
            String name = fit(g, name(classNames, t), NAME_SPACE);
            Plots.text(g, name, gridLeft - 6 - Plots.textWidth(g, name), gridTop + t * cell + cell / 2f + 4);
        }
        // Column names: level when every one fits its cell, else upright (read bottom to top).
        for (int p = 0; p < n; p++) {
            float cx = gridLeft + p * cell + cell / 2f;
            if (!upright) {
                String name = name(classNames, p);
                Plots.text(g, name, cx - Plots.textWidth(g, name) / 2f, gridTop + grid + 16);
            } else {
                String name = fit(g, name(classNames, p), BOTTOM_UPRIGHT - 44);
                AffineTransform saved = g.getTransform();
                g.translate(cx + 4, gridTop + grid + 6 + Plots.textWidth(g, name));
                g.rotate(-Math.PI / 2);
                Plots.text(g, name, 0, 0);
                g.setTransform(saved);
            }
        }
        // Axis titles.
        g.setFont(TITLE_FONT);
        String predicted = "predicted class";
        Plots.text(g, predicted, gridLeft + (grid - Plots.textWidth(g, predicted)) / 2f, h - 14);
        String truth = "true class";
        AffineTransform saved = g.getTransform();
        g.translate(22, gridTop + (grid + Plots.textWidth(g, truth)) / 2.0);
        g.rotate(-Math.PI / 2);
        Plots.text(g, truth, 0, 0);
        g.setTransform(saved);
        g.dispose();
        return image;
    }

    private static int check(long[][] confusion) {
        if (confusion == null || confusion.length == 0) {
            throw new IllegalArgumentException("the confusion matrix must have at least one class");
        }
        int n = confusion.length;
        for (int t = 0; t < n; t++) {
            if (confusion[t] == null || confusion[t].length != n) {
                throw new IllegalArgumentException("the confusion matrix must be square: row " + t + " has "
                        + (confusion[t] == null ? 0 : confusion[t].length) + " cells, there are " + n + " rows");
            }
            for (int p = 0; p < n; p++) {
                if (confusion[t][p] < 0) {
                    throw new IllegalArgumentException("confusion[" + t + "][" + p + "] is " + confusion[t][p]
                            + "; counts must not be negative");
                }
            }
        }
        return n;
    }

    /** White blended towards {@link #FULL} by {@code share} in [0, 1]. */
    static int shade(double share) {
        int r = blend(0xFF, (FULL >> 16) & 0xFF, share);
        int gr = blend(0xFF, (FULL >> 8) & 0xFF, share);
        int b = blend(0xFF, FULL & 0xFF, share);
        return (r << 16) | (gr << 8) | b;
    }

    private static int blend(int from, int to, double t) {
        return (int) Math.round(from + (to - from) * Math.max(0, Math.min(1, t)));
    }

    private static String name(List<String> classNames, int c) {
        return classNames != null && c < classNames.size() && classNames.get(c) != null
                ? classNames.get(c) : Integer.toString(c);
    }

    /** {@code s}, cut short with "…" to fit {@code pixels} in the current font. */
    private static String fit(Graphics2D g, String s, int pixels) {
        if (Plots.textWidth(g, s) <= pixels) {
            return s;
        }
        for (int end = s.length() - 1; end > 0; end--) {
            String cut = s.substring(0, end) + "…";
            if (Plots.textWidth(g, cut) <= pixels) {
                return cut;
            }
        }
        return "…";
    }
}
