package org.simdnet.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * Reads 2-D points from CSV, one {@code x,y} per line, for {@code predict --input FILE.csv}.
 *
 * <ul>
 *   <li>Blank lines are skipped; spaces around values are allowed.</li>
 *   <li>The first non-blank line is a header, and skipped, when none of its fields is a number
 *       (for example {@code x,y}).</li>
 *   <li>The file is UTF-8; a line that is not (or that holds U+FFFD) fails naming the file and
 *       line.</li>
 *   <li>Values are plain decimal numbers ({@code -0.5}, {@code 1e-3}); anything else, a line
 *       without exactly two values, or a value beyond the float range fails with a
 *       {@link CsvFormatException} naming the file and line number.</li>
 * </ul>
 */
public final class CsvPoints {

    /** A decimal number as people write them; no hex, NaN, Infinity or Java's "1f"/"1d" suffixes. */
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    /** Floats one array holds: the points of a file stop there. */
    static final int MAX_VALUES = Integer.MAX_VALUE - 8;

    private CsvPoints() {
    }

    /**
     * Reads the points of a UTF-8 CSV file.
     *
     * @return the points, {@code n × 2} row-major: point {@code i} is {@code (p[2i], p[2i+1])}
     * @throws CsvFormatException when a line is not a point, or the file holds no point
     */
    public static float[] read(Path file) throws IOException {
        if (file == null) {
            throw new IllegalArgumentException("file must not be null");
        }
        // A replacing decoder rather than Files.newBufferedReader's reporting one: a bad byte then
        // becomes U+FFFD in its own line, which read() reports with the line number (the
        // reporting decoder fails while filling a buffer, lines ahead, with "Input length = 1").
        try (Reader reader = new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8)) {
            return read(reader, file.toString());
        }
    }

    /** Parses CSV text; {@code source} names it in error messages. */
    public static float[] parse(String text, String source) throws CsvFormatException {
        if (text == null) {
            throw new IllegalArgumentException("text must not be null");
        }
        try {
            return read(new StringReader(text), source);
        } catch (CsvFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new IllegalStateException("reading a string cannot fail", e);
        }
    }

    /**
     * Reads the points from {@code reader} (not closed); {@code source} names it in error
     * messages, as in {@code "points.csv:7: ..."}.
     */
    public static float[] read(Reader reader, String source) throws IOException {
        if (reader == null || source == null) {
            throw new IllegalArgumentException("reader and source must not be null");
        }
        BufferedReader lines = reader instanceof BufferedReader ? (BufferedReader) reader : new BufferedReader(reader);
        float[] points = new float[64];
        int n = 0;
        boolean seenContent = false;
        int lineNumber = 0;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            lineNumber++;
            if (lineNumber == 1 && line.startsWith("\uFEFF")) {
                line = line.substring(1); // byte-order mark some editors put first
            }
            if (line.indexOf('\uFFFD') >= 0) {
                throw new CsvFormatException(source + ":" + lineNumber + ": not valid UTF-8 text");
            }
            String trimmed = line.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            String[] fields = trimmed.split(",", -1);
            boolean firstContent = !seenContent;
            seenContent = true;
            if (firstContent && isHeader(fields)) {
                continue;
            }
            String where = source + ":" + lineNumber + ": ";
            if (fields.length != 2) {
                throw new CsvFormatException(where + "expected 2 values \"x,y\" but found " + fields.length
                        + " in '" + shorten(trimmed) + "'");
            }
            if (2L * n + 2 > points.length) {
                if (2L * n + 2 > MAX_VALUES) {
                    throw new CsvFormatException(where + "more than " + MAX_VALUES / 2
                            + " points do not fit one array; split the file");
                }
                points = Arrays.copyOf(points, (int) Math.min(2L * points.length, MAX_VALUES));
            }
            points[2 * n] = value(fields[0], where, "x");
            points[2 * n + 1] = value(fields[1], where, "y");
            n++;
        }
        if (n == 0) {
            throw new CsvFormatException(source + ": no points (expected lines of \"x,y\")");
        }
        return Arrays.copyOf(points, 2 * n);
    }

    private static boolean isHeader(String[] fields) {
        for (String field : fields) {
            if (NUMBER.matcher(field.trim()).matches()) {
                return false;
            }
        }
        return true;
    }

    private static float value(String field, String where, String name) throws CsvFormatException {
        String text = field.trim();
        if (!NUMBER.matcher(text).matches()) {
            throw new CsvFormatException(where + name + " '" + shorten(text) + "' is not a number");
        }
        float v = Float.parseFloat(text);
        if (Float.isInfinite(v)) {
            throw new CsvFormatException(where + name + " '" + shorten(text) + "' is beyond the float range");
        }
        return v;
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
