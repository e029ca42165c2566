package org.simdnet.io;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

import org.simdnet.data.Dataset;

/**
 * PNG plots with nothing but the JDK (Java2D and ImageIO, headless): the decision regions of a
 * classifier over the course's grid with the training points on top, and the loss and accuracy
 * curves of a training run. Files are replaced atomically, like model files. Drawing into a
 * {@code BufferedImage} needs no display; the library sets no system property (the command line,
 * an application, sets {@code java.awt.headless}).
 */
public final class Plots {

    /** The decision-boundary plot shows {@code [−RANGE, RANGE]²}, as the course does. */
    public static final double RANGE = 1.1;
    /** Grid spacing of the classified points, as the course's {@code step 0.01}. */
    public static final double GRID_STEP = 0.01;
    /** Grid points per axis: −1.1, −1.09, …, 1.1. */
    static final int GRID_POINTS = (int) Math.round(2 * RANGE / GRID_STEP) + 1;

    // Decision-boundary layout: a square plot area with room for the title and tick labels.
    static final int PLOT_LEFT = 70;
    static final int PLOT_TOP = 40;
    static final int PLOT_SIZE = 600;
    /** Size in pixels of a decision-boundary image. */
    public static final int DECISION_WIDTH = PLOT_LEFT + PLOT_SIZE + 30;
    public static final int DECISION_HEIGHT = PLOT_TOP + PLOT_SIZE + 60;

    // Loss-curve layout: two panels, loss above accuracy, sharing the epoch axis.
    static final int CURVE_LEFT = 80;
    static final int CURVE_WIDTH = 690;
    static final int CURVE_PANEL_HEIGHT = 230;
    static final int LOSS_TOP = 40;
    static final int ACCURACY_TOP = LOSS_TOP + CURVE_PANEL_HEIGHT + 80;
    /** Size in pixels of a loss-curves image. */
    public static final int CURVES_WIDTH = CURVE_LEFT + CURVE_WIDTH + 30;
    public static final int CURVES_HEIGHT = ACCURACY_TOP + CURVE_PANEL_HEIGHT + 60;

    // Regression layout: one wide plot area.
    static final int REGRESSION_LEFT = 80;
    static final int REGRESSION_TOP = 40;
    static final int REGRESSION_PLOT_WIDTH = 790;
    static final int REGRESSION_PLOT_HEIGHT = 480;
    /** Size in pixels of a regression-ensembles image. */
    public static final int REGRESSION_WIDTH = REGRESSION_LEFT + REGRESSION_PLOT_WIDTH + 30;
    public static final int REGRESSION_HEIGHT = REGRESSION_TOP + REGRESSION_PLOT_HEIGHT + 60;

    private static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 14);
    private static final Color AXIS = new Color(0x333333);
    private static final Color GRID_LINE = new Color(0xE4E4E4);
    private static final double POINT_RADIUS = 2.5;
    private static final Color TRAINING_POINT = new Color(0x222222);
    private static final Color TRAINING_INTERVAL = new Color(0xF3F3F3);
    private static final Color INTERVAL_EDGE = new Color(0x999999);
    private static final int BAND_ALPHA = 60;

    private Plots() {
    }

    // ---------------------------------------------------------------- decision boundary

    /** {@link #decisionBoundary(GridClassifier, Dataset, Path, String)} without a title. */
    public static void decisionBoundary(GridClassifier classifier, Dataset data, Path png) throws IOException {
        decisionBoundary(classifier, data, png, null);
    }

    /**
     * Classifies the grid {@code [−1.1, 1.1]²} (step 0.01, 221 × 221 points), paints each class's
     * region in a light colour, scatters the samples of {@code data} on top in the strong colour
     * of their label, and writes a {@link #DECISION_WIDTH} × {@link #DECISION_HEIGHT} PNG.
     *
     * @param data 2-feature samples; its {@code classes()} bounds what the classifier may return
     * @param title drawn above the plot; null or empty for none
     * @throws IllegalArgumentException when an argument is null, the data is not 2-D, or the
     *         classifier returns a class outside {@code [0, data.classes())}
     */
    public static void decisionBoundary(GridClassifier classifier, Dataset data, Path png, String title)
            throws IOException {
        requirePath(png);
        writePng(decisionBoundaryImage(classifier, data, title), png);
    }

    /** The image {@link #decisionBoundary(GridClassifier, Dataset, Path, String)} writes. */
    public static BufferedImage decisionBoundaryImage(GridClassifier classifier, Dataset data, String title) {
        if (classifier == null || data == null) {
            throw new IllegalArgumentException("classifier and data must not be null");
        }
        if (data.features() != 2) {
            throw new IllegalArgumentException("a decision-boundary plot needs 2-D points but the data has "
                    + data.features() + " features");
        }
        int[] regions = classifyGrid(classifier, data.classes());

        BufferedImage image = new BufferedImage(DECISION_WIDTH, DECISION_HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = begin(image);
        // Each pixel takes the class of its nearest grid point; the grid is ~2.7 px apart. Written
        // straight into the raster: 360,000 setRGB calls cost tens of ms in a fresh JVM.
        int[] pixels = ((java.awt.image.DataBufferInt) image.getRaster().getDataBuffer()).getData();
        for (int py = 0; py < PLOT_SIZE; py++) {
            int row = nearestGridIndex(toDataY(py + 0.5));
            for (int px = 0; px < PLOT_SIZE; px++) {
                int col = nearestGridIndex(toDataX(px + 0.5));
                pixels[(PLOT_TOP + py) * DECISION_WIDTH + PLOT_LEFT + px] = Palette.region(regions[row * GRID_POINTS + col]);
            }
        }
        g.setClip(PLOT_LEFT, PLOT_TOP, PLOT_SIZE, PLOT_SIZE);
        float[] x = data.x();
        // Each point is a small anti-aliased disc, rasterized once per class and quarter-pixel
        // offset and then copied: 3000 points each filled and outlined by the shape rasterizer
        // took most of a second in a fresh JVM.
        Sprites sprites = new Sprites();
        for (int i = 0; i < data.size(); i++) {
            double cx = PLOT_LEFT + (x[2 * i] + RANGE) / (2 * RANGE) * PLOT_SIZE;
            double cy = PLOT_TOP + (RANGE - x[2 * i + 1]) / (2 * RANGE) * PLOT_SIZE;
            sprites.draw(g, data.label(i), cx, cy);
        }
        g.setClip(null);
        Ticks ticks = Ticks.of(-RANGE, RANGE, 5);
        Frame frame = new Frame(PLOT_LEFT, PLOT_TOP, PLOT_SIZE, PLOT_SIZE, -RANGE, RANGE, -RANGE, RANGE);
        frame.axes(g, ticks, ticks, "x1", "x2", false);
        if (title != null && !title.isEmpty()) {
            frame.title(g, title);
        }
        g.dispose();
        return image;
    }

    /** Classes of the grid points, row {@code j} (y = −1.1 + 0.01·j) after row, x increasing. */
    private static int[] classifyGrid(GridClassifier classifier, int classes) {
        int n = GRID_POINTS * GRID_POINTS;
        float[] xy = new float[2 * n];
        for (int row = 0; row < GRID_POINTS; row++) {
            for (int col = 0; col < GRID_POINTS; col++) {
                int i = row * GRID_POINTS + col;
                xy[2 * i] = (float) gridValue(col);
                xy[2 * i + 1] = (float) gridValue(row);
            }
        }
        int[] out = new int[n];
        classifier.classify(xy, n, out);
        for (int i = 0; i < n; i++) {
            if (out[i] < 0 || out[i] >= classes) {
                throw new IllegalArgumentException("the classifier put point (" + xy[2 * i] + ", "
                        + xy[2 * i + 1] + ") in class " + out[i] + " but the data has " + classes + " classes");
            }
        }
        return out;
    }

    static double gridValue(int index) {
        return -RANGE + index * GRID_STEP;
    }

    static int nearestGridIndex(double v) {
        int index = (int) Math.round((v + RANGE) / GRID_STEP);
        return Math.max(0, Math.min(GRID_POINTS - 1, index));
    }

    /** Data x of a horizontal pixel position inside the plot area (0 = its left edge). */
    static double toDataX(double px) {
        return -RANGE + px / PLOT_SIZE * 2 * RANGE;
    }

    /** Data y of a vertical pixel position inside the plot area (0 = its top edge). */
    static double toDataY(double py) {
        return RANGE - py / PLOT_SIZE * 2 * RANGE;
    }

    // ---------------------------------------------------------------- loss curves

    /**
     * Plots the loss (top panel) and the accuracy (bottom panel, 0 to 1) of each epoch, epochs
     * numbered from 1, into a {@link #CURVES_WIDTH} × {@link #CURVES_HEIGHT} PNG.
     *
     * @throws IllegalArgumentException when the arrays are null, empty or of different lengths, a
     *         loss is negative or not finite, or an accuracy is outside {@code [0, 1]}
     */
    public static void lossCurves(double[] loss, double[] accuracy, Path png) throws IOException {
        requirePath(png);
        writePng(lossCurvesImage(loss, accuracy), png);
    }

    /** The image {@link #lossCurves(double[], double[], Path)} writes. */
    public static BufferedImage lossCurvesImage(double[] loss, double[] accuracy) {
        if (loss == null || accuracy == null) {
            throw new IllegalArgumentException("loss and accuracy must not be null");
        }
        if (loss.length == 0 || loss.length != accuracy.length) {
            throw new IllegalArgumentException("need one loss and one accuracy per epoch, got "
                    + loss.length + " losses and " + accuracy.length + " accuracies");
        }
        double maxLoss = 0;
        for (int i = 0; i < loss.length; i++) {
            if (!(loss[i] >= 0) || Double.isInfinite(loss[i])) {
                throw new IllegalArgumentException("loss of epoch " + (i + 1) + " is " + loss[i]
                        + "; must be finite and >= 0");
            }
            if (!(accuracy[i] >= 0 && accuracy[i] <= 1)) {
                throw new IllegalArgumentException("accuracy of epoch " + (i + 1) + " is " + accuracy[i]
                        + "; must be in [0, 1]");
            }
            maxLoss = Math.max(maxLoss, loss[i]);
        }
        int epochs = loss.length;
        double lastEpoch = Math.max(2, epochs);
        double lossTop = maxLoss > 0 ? Ticks.niceCeiling(maxLoss) : 1;

        BufferedImage image = new BufferedImage(CURVES_WIDTH, CURVES_HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = begin(image);
        Ticks epochTicks = Ticks.integers(1, lastEpoch, 8);

        Frame lossFrame = new Frame(CURVE_LEFT, LOSS_TOP, CURVE_WIDTH, CURVE_PANEL_HEIGHT, 1, lastEpoch, 0, lossTop);
        lossFrame.axes(g, epochTicks, Ticks.of(0, lossTop, 5), "epoch", "loss", true);
        lossFrame.title(g, "training loss");
        lossFrame.curve(g, loss, new Color(Palette.point(0)));

        Frame accuracyFrame = new Frame(CURVE_LEFT, ACCURACY_TOP, CURVE_WIDTH, CURVE_PANEL_HEIGHT, 1, lastEpoch, 0, 1);
        accuracyFrame.axes(g, epochTicks, Ticks.of(0, 1, 5), "epoch", "accuracy", true);
        accuracyFrame.title(g, "accuracy");
        accuracyFrame.curve(g, accuracy, new Color(Palette.point(1)));
        g.dispose();
        return image;
    }

    // ---------------------------------------------------------------- regression ensembles

    /** One ensemble's curve over a grid: its mean and the standard deviation around it. */
    public static final class Band {
        private final String label;
        private final double[] mean;
        private final double[] std;

        /**
         * @param label named in the legend
         * @param mean  the ensemble mean at each grid point
         * @param std   the ensemble's standard deviation at each grid point (&gt;= 0)
         */
        public Band(String label, double[] mean, double[] std) {
            this.label = label;
            this.mean = mean;
            this.std = std;
        }
    }

    /**
     * The regression notebook's picture: the training points as dots and, per ensemble (in the
     * palette's colours, in order), its mean curve over the grid with a shaded ±1 std band; the
     * training interval {@code [−interval, interval]} is shaded lightly and edged by dashed lines.
     * Writes a {@link #REGRESSION_WIDTH} × {@link #REGRESSION_HEIGHT} PNG. The y axis covers every
     * point and every band.
     *
     * @param trainX the training inputs; {@code trainY} their targets
     * @param gridX  the grid the bands are given on, increasing
     * @param title  drawn above the plot; null or empty for none
     * @throws IllegalArgumentException when an argument is null, the lengths disagree, the grid has
     *         fewer than 2 points or does not increase, a value is not finite, or a std is negative
     */
    public static void regressionEnsembles(float[] trainX, float[] trainY, float[] gridX, List<Band> bands,
                                           double interval, String title, Path png) throws IOException {
        requirePath(png);
        writePng(regressionEnsemblesImage(trainX, trainY, gridX, bands, interval, title), png);
    }

    /** The image {@link #regressionEnsembles} writes. */
    public static BufferedImage regressionEnsemblesImage(float[] trainX, float[] trainY, float[] gridX,
                                                         List<Band> bands, double interval, String title) {
        checkRegression(trainX, trainY, gridX, bands, interval);
        int n = gridX.length;
        double xMin = gridX[0];
        double xMax = gridX[n - 1];
        double yLo = Double.POSITIVE_INFINITY;
        double yHi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < trainX.length; i++) {
            xMin = Math.min(xMin, trainX[i]);
            xMax = Math.max(xMax, trainX[i]);
            yLo = Math.min(yLo, trainY[i]);
            yHi = Math.max(yHi, trainY[i]);
        }
        for (Band band : bands) {
            for (int i = 0; i < n; i++) {
                yLo = Math.min(yLo, band.mean[i] - band.std[i]);
                yHi = Math.max(yHi, band.mean[i] + band.std[i]);
            }
        }
        double pad = Math.max(yHi - yLo, 1e-6) * 0.05;
        yLo -= pad;
        yHi += pad;

        BufferedImage image = new BufferedImage(REGRESSION_WIDTH, REGRESSION_HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = begin(image);
        Frame frame = new Frame(REGRESSION_LEFT, REGRESSION_TOP, REGRESSION_PLOT_WIDTH, REGRESSION_PLOT_HEIGHT,
                xMin, xMax, yLo, yHi);
        // The training interval: a light backdrop edged by dashed lines, under everything else.
        double left = frame.px(Math.max(-interval, xMin));
        double right = frame.px(Math.min(interval, xMax));
        g.setColor(TRAINING_INTERVAL);
        g.fill(new Rectangle2D.Double(left, frame.top, right - left, frame.height));
        frame.axes(g, Ticks.of(xMin, xMax, 8), Ticks.of(yLo, yHi, 6), "x", "y", true);
        g.setClip(frame.left, frame.top, frame.width, frame.height);
        g.setColor(INTERVAL_EDGE);
        g.setStroke(new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        g.draw(new Line2D.Double(left, frame.top, left, frame.top + frame.height));
        g.draw(new Line2D.Double(right, frame.top, right, frame.top + frame.height));
        g.setStroke(new BasicStroke(1f));
        for (int b = 0; b < bands.size(); b++) {
            Band band = bands.get(b);
            double[] lower = new double[n];
            double[] upper = new double[n];
            for (int i = 0; i < n; i++) {
                lower[i] = band.mean[i] - band.std[i];
                upper[i] = band.mean[i] + band.std[i];
            }
            frame.band(g, gridX, lower, upper, withAlpha(Palette.point(b), BAND_ALPHA));
        }
        for (int b = 0; b < bands.size(); b++) {
            frame.line(g, gridX, bands.get(b).mean, new Color(Palette.point(b)), 2.2f);
        }
        Color outline = new Color(0, 0, 0, 110);
        for (int i = 0; i < trainX.length; i++) {
            Ellipse2D dot = new Ellipse2D.Double(frame.px(trainX[i]) - POINT_RADIUS, frame.py(trainY[i]) - POINT_RADIUS,
                    2 * POINT_RADIUS, 2 * POINT_RADIUS);
            g.setColor(TRAINING_POINT);
            g.fill(dot);
            g.setColor(outline);
            g.draw(dot);
        }
        g.setClip(null);

        List<LegendEntry> legend = new ArrayList<>();
        legend.add(new LegendEntry(LegendEntry.DOT, TRAINING_POINT, "training data"));
        for (int b = 0; b < bands.size(); b++) {
            legend.add(new LegendEntry(LegendEntry.BAND, new Color(Palette.point(b)), bands.get(b).label
                    + ": mean \u00b1 1 std"));
        }
        legend.add(new LegendEntry(LegendEntry.DASHED, INTERVAL_EDGE, "training interval"));
        frame.legend(g, legend);
        if (title != null && !title.isEmpty()) {
            frame.title(g, title);
        }
        g.dispose();
        return image;
    }

    private static void checkRegression(float[] trainX, float[] trainY, float[] gridX, List<Band> bands,
                                        double interval) {
        if (trainX == null || trainY == null || gridX == null || bands == null) {
            throw new IllegalArgumentException("points, grid and bands must not be null");
        }
        if (trainX.length != trainY.length) {
            throw new IllegalArgumentException(trainX.length + " training inputs but " + trainY.length + " targets");
        }
        if (gridX.length < 2) {
            throw new IllegalArgumentException("the grid needs at least 2 points, got " + gridX.length);
        }
        if (!(interval > 0) || Double.isInfinite(interval)) {
            throw new IllegalArgumentException("the training interval's half-width must be finite and > 0, got "
                    + interval);
        }
        for (int i = 0; i < gridX.length; i++) {
            if (!Float.isFinite(gridX[i]) || (i > 0 && !(gridX[i] > gridX[i - 1]))) {
                throw new IllegalArgumentException("the grid must be finite and increasing; point " + i + " is "
                        + gridX[i]);
            }
        }
        for (int i = 0; i < trainX.length; i++) {
            if (!Float.isFinite(trainX[i]) || !Float.isFinite(trainY[i])) {
                throw new IllegalArgumentException("training point " + i + " is (" + trainX[i] + ", " + trainY[i]
                        + "); points must be finite");
            }
        }
        for (Band band : bands) {
            if (band == null || band.mean == null || band.std == null || band.mean.length != gridX.length
                    || band.std.length != gridX.length) {
                throw new IllegalArgumentException("each band needs a mean and a std for each of the "
                        + gridX.length + " grid points");
            }
            for (int i = 0; i < gridX.length; i++) {
                if (!Double.isFinite(band.mean[i]) || !(band.std[i] >= 0) || Double.isInfinite(band.std[i])) {
                    throw new IllegalArgumentException("band '" + band.label + "' at grid point " + i + " has mean "
                            + band.mean[i] + " and std " + band.std[i] + "; both must be finite, the std >= 0");
                }
            }
        }
    }

    /** The training points' discs, one image per class and quarter-pixel offset, made when first needed. */
    private static final class Sprites {
        private static final int STEPS = 4;
        private static final int SIZE = (int) Math.ceil(2 * POINT_RADIUS) + 3;
        private final java.util.Map<Integer, BufferedImage> made = new java.util.HashMap<>();

        /** Draws the disc of class {@code label} centred at ({@code cx}, {@code cy}). */
        void draw(Graphics2D g, int label, double cx, double cy) {
            int x0 = (int) Math.floor(cx - POINT_RADIUS) - 1;
            int y0 = (int) Math.floor(cy - POINT_RADIUS) - 1;
            int fx = (int) Math.round((cx - POINT_RADIUS - 1 - x0) * STEPS) % STEPS;
            int fy = (int) Math.round((cy - POINT_RADIUS - 1 - y0) * STEPS) % STEPS;
            int key = (label * STEPS + fx) * STEPS + fy;
            BufferedImage sprite = made.computeIfAbsent(key, k -> disc(label, (double) fx / STEPS, (double) fy / STEPS));
            g.drawImage(sprite, x0, y0, null);
        }

        private static BufferedImage disc(int label, double dx, double dy) {
            BufferedImage sprite = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_ARGB);
            Graphics2D s = sprite.createGraphics();
            s.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            s.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            Ellipse2D dot = new Ellipse2D.Double(1 + dx, 1 + dy, 2 * POINT_RADIUS, 2 * POINT_RADIUS);
            s.setColor(new Color(Palette.point(label)));
            s.fill(dot);
            s.setColor(new Color(0, 0, 0, 90));
            s.draw(dot);
            s.dispose();
            return sprite;
        }
    }

    private static Color withAlpha(int rgb, int alpha) {
        return new Color((rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF, alpha);
    }

    // ---------------------------------------------------------------- drawing helpers

    static Graphics2D begin(BufferedImage image) {
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        return g;
    }

    private static void requirePath(Path png) {
        if (png == null) {
            throw new IllegalArgumentException("png path must not be null");
        }
    }

    static void writePng(BufferedImage image, Path png) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        if (!ImageIO.write(image, "png", bytes)) {
            throw new IOException("this JDK has no PNG writer");
        }
        AtomicFiles.write(png, bytes.toByteArray());
    }

    /**
     * Text, if the JDK can render it. A JDK without fonts (a bare container) throws from deep
     * inside AWT; a plot without labels is still worth more than no plot after a long training run.
     */
    static void text(Graphics2D g, String s, float x, float y) {
        try {
            g.drawString(s, x, y);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (RuntimeException | Error e) {
            // No fonts: skip the label.
        }
    }

    static int textWidth(Graphics2D g, String s) {
        try {
            return g.getFontMetrics().stringWidth(s);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (RuntimeException | Error e) {
            return 0;
        }
    }

    /** A plot area in pixels and the data ranges it shows. */
    private static final class Frame {
        final int left;
        final int top;
        final int width;
        final int height;
        final double xMin;
        final double xMax;
        final double yMin;
        final double yMax;

        Frame(int left, int top, int width, int height, double xMin, double xMax, double yMin, double yMax) {
            this.left = left;
            this.top = top;
            this.width = width;
            this.height = height;
            this.xMin = xMin;
            this.xMax = xMax;
            this.yMin = yMin;
            this.yMax = yMax;
        }

        double px(double x) {
            return left + (x - xMin) / (xMax - xMin) * width;
        }

        double py(double y) {
            return top + (yMax - y) / (yMax - yMin) * height;
        }

        /** Box, ticks with labels, axis names; light grid lines inside when asked. */
        void axes(Graphics2D g, Ticks xTicks, Ticks yTicks, String xName, String yName, boolean gridLines) {
            g.setFont(FONT);
            FontMetrics metrics = g.getFontMetrics();
            g.setStroke(new BasicStroke(1f));
            for (int i = 0; i < xTicks.count; i++) {
                int x = (int) Math.round(px(xTicks.value(i)));
                if (gridLines) {
                    g.setColor(GRID_LINE);
                    g.drawLine(x, top, x, top + height);
                }
                g.setColor(AXIS);
                g.drawLine(x, top + height, x, top + height + 5);
                String label = xTicks.label(i);
                text(g, label, x - textWidth(g, label) / 2f, top + height + 7 + metrics.getAscent());
            }
            for (int i = 0; i < yTicks.count; i++) {
                int y = (int) Math.round(py(yTicks.value(i)));
                if (gridLines) {
                    g.setColor(GRID_LINE);
                    g.drawLine(left, y, left + width, y);
                }
                g.setColor(AXIS);
                g.drawLine(left - 5, y, left, y);
                String label = yTicks.label(i);
                text(g, label, left - 8 - textWidth(g, label), y + metrics.getAscent() / 2f - 1);
            }
            g.setColor(AXIS);
            g.drawRect(left, top, width, height);
            text(g, xName, left + width / 2f - textWidth(g, xName) / 2f,
                    top + height + 12 + metrics.getAscent() + metrics.getHeight());
            // The y name stands left of the tick labels, rotated to read bottom-up.
            Graphics2D rotated = (Graphics2D) g.create();
            rotated.translate(left - 48, top + height / 2.0 + textWidth(g, yName) / 2.0);
            rotated.rotate(-Math.PI / 2);
            text(rotated, yName, 0, 0);
            rotated.dispose();
        }

        void title(Graphics2D g, String title) {
            g.setFont(TITLE_FONT);
            g.setColor(Color.BLACK);
            text(g, title, left + width / 2f - textWidth(g, title) / 2f, top - 12);
            g.setFont(FONT);
        }

        /** The values of epochs 1, 2, … as a polyline; a lone value as a dot. */
        void curve(Graphics2D g, double[] values, Color color) {
            g.setColor(color);
            if (values.length == 1) {
                double x = px(1);
                double y = py(values[0]);
                g.fill(new Ellipse2D.Double(x - 3, y - 3, 6, 6));
            } else {
                Path2D.Double line = new Path2D.Double();
                line.moveTo(px(1), py(values[0]));
                for (int i = 1; i < values.length; i++) {
                    line.lineTo(px(i + 1), py(values[i]));
                }
                g.setStroke(new BasicStroke(1.8f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
                g.draw(line);
            }
            g.setStroke(new BasicStroke(1f));
        }

        /** The polyline through {@code (xs[i], ys[i])}. */
        void line(Graphics2D g, float[] xs, double[] ys, Color color, float width) {
            Path2D.Double line = new Path2D.Double();
            line.moveTo(px(xs[0]), py(ys[0]));
            for (int i = 1; i < xs.length; i++) {
                line.lineTo(px(xs[i]), py(ys[i]));
            }
            g.setColor(color);
            g.setStroke(new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.draw(line);
            g.setStroke(new BasicStroke(1f));
        }

        /** The area between {@code lower} and {@code upper} over {@code xs}, filled. */
        void band(Graphics2D g, float[] xs, double[] lower, double[] upper, Color color) {
            Path2D.Double area = new Path2D.Double();
            area.moveTo(px(xs[0]), py(upper[0]));
            for (int i = 1; i < xs.length; i++) {
                area.lineTo(px(xs[i]), py(upper[i]));
            }
            for (int i = xs.length - 1; i >= 0; i--) {
                area.lineTo(px(xs[i]), py(lower[i]));
            }
            area.closePath();
            g.setColor(color);
            g.fill(area);
        }

        /** A boxed legend in the top-left corner of the plot area. */
        void legend(Graphics2D g, List<LegendEntry> entries) {
            g.setFont(FONT);
            FontMetrics metrics = g.getFontMetrics();
            int rowHeight = Math.max(18, metrics.getHeight() + 4);
            int swatch = 26;
            int textWidth = 0;
            for (LegendEntry e : entries) {
                textWidth = Math.max(textWidth, textWidth(g, e.text));
            }
            int boxX = left + 10;
            int boxY = top + 10;
            int boxWidth = 10 + swatch + 8 + textWidth + 10;
            int boxHeight = 6 + rowHeight * entries.size() + 2;
            g.setColor(new Color(255, 255, 255, 225));
            g.fillRect(boxX, boxY, boxWidth, boxHeight);
            g.setColor(new Color(0xBBBBBB));
            g.drawRect(boxX, boxY, boxWidth, boxHeight);
            for (int i = 0; i < entries.size(); i++) {
                LegendEntry e = entries.get(i);
                double cy = boxY + 6 + rowHeight * (i + 0.5);
                double sx = boxX + 10;
                switch (e.kind) {
                    case LegendEntry.DOT:
                        g.setColor(e.color);
                        g.fill(new Ellipse2D.Double(sx + swatch / 2.0 - POINT_RADIUS, cy - POINT_RADIUS,
                                2 * POINT_RADIUS, 2 * POINT_RADIUS));
                        break;
                    case LegendEntry.BAND:
                        g.setColor(withAlpha(e.color.getRGB(), BAND_ALPHA));
                        g.fill(new Rectangle2D.Double(sx, cy - 6, swatch, 12));
                        g.setColor(e.color);
                        g.setStroke(new BasicStroke(2.2f));
                        g.draw(new Line2D.Double(sx, cy, sx + swatch, cy));
                        break;
                    default:
                        g.setColor(e.color);
                        g.setStroke(new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                                new float[] {6f, 4f}, 0f));
                        g.draw(new Line2D.Double(sx, cy, sx + swatch, cy));
                        break;
                }
                g.setStroke(new BasicStroke(1f));
                g.setColor(AXIS);
                text(g, e.text, (float) (sx + swatch + 8), (float) (cy + metrics.getAscent() / 2.0 - 1));
            }
        }
    }

    /** One row of a legend: a swatch of some kind and its text. */
    private static final class LegendEntry {
        static final int DOT = 0;
        static final int BAND = 1;
        static final int DASHED = 2;

        final int kind;
        final Color color;
        final String text;

        LegendEntry(int kind, Color color, String text) {
            this.kind = kind;
            this.color = color;
            this.text = text;
        }
    }
}
