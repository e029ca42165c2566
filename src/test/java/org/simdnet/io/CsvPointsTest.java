package org.simdnet.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvPointsTest {

    @TempDir
    Path dir;

    private static String error(String text) {
        return assertThrows(CsvFormatException.class, () -> CsvPoints.parse(text, "in.csv")).getMessage();
    }

    @Test
    void readsPointsSkippingHeaderAndBlankLines() throws IOException {
        assertArrayEquals(new float[] {0.5f, -1f, 1e-3f, 2f, -.25f, 3f},
                CsvPoints.parse("x,y\n0.5,-1\n\n  1e-3 , +2.0\n\r\n-.25,3\n", "t"));
        assertArrayEquals(new float[] {1, 2}, CsvPoints.parse("1,2", "no header, no newline"));
        assertArrayEquals(new float[] {1, 2, 3, 4}, CsvPoints.parse("\n\n\"x\",\"y\"\r\n1,2\r\n3,4\r\n", "quoted header"));
    }

    /** Bytes that are not UTF-8 name the file and their line (they gave "Input length = 1"). */
    @Test
    void invalidUtf8NamesTheFileAndLine() throws IOException {
        Path file = dir.resolve("latin1.csv");
        StringBuilder before = new StringBuilder("x,y\n");
        for (int i = 0; i < 2000; i++) {          // past the reader's first buffer
            before.append("0.5,1\n");
        }
        byte[] head = before.toString().getBytes(StandardCharsets.UTF_8);
        byte[] bad = {'1', ',', (byte) 0xE9, '\n', '2', ',', '3', '\n'};
        byte[] all = java.util.Arrays.copyOf(head, head.length + bad.length);
        System.arraycopy(bad, 0, all, head.length, bad.length);
        Files.write(file, all);
        CsvFormatException e = assertThrows(CsvFormatException.class, () -> CsvPoints.read(file));
        assertEquals(file + ":2002: not valid UTF-8 text", e.getMessage());
    }

    @Test
    void readsAFileWithAByteOrderMark() throws IOException {
        Path file = dir.resolve("points.csv");
        Files.write(file, "\uFEFFx1,x2\n0.1,0.2\n".getBytes(StandardCharsets.UTF_8));
        assertArrayEquals(new float[] {0.1f, 0.2f}, CsvPoints.read(file));
        // Many points grow the buffer.
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            many.append(i).append(',').append(-i).append('\n');
        }
        Files.writeString(file, many);
        float[] p = CsvPoints.read(file);
        assertEquals(2000, p.length);
        assertEquals(999f, p[1998]);
        assertEquals(-999f, p[1999]);
    }

    @Test
    void badLinesNameTheirLineNumber() {
        assertEquals("in.csv:3: expected 2 values \"x,y\" but found 3 in '1,2,3'", error("x,y\n0,0\n1,2,3\n"));
        assertEquals("in.csv:2: expected 2 values \"x,y\" but found 1 in '5'", error("0,0\n5\n"));
        assertEquals("in.csv:4: y 'abc' is not a number", error("x,y\n\n1,1\n1,abc\n"));
        assertEquals("in.csv:1: x '' is not a number", error(",1\n"));
        assertEquals("in.csv:2: x 'NaN' is not a number", error("0,0\nNaN,1\n"));
        assertEquals("in.csv:1: y '1f' is not a number", error("0,1f\n"));
        assertEquals("in.csv:1: x '1e99' is beyond the float range", error("1e99,0\n"));
        // Only the first non-blank line may be a header.
        assertEquals("in.csv:2: x 'x' is not a number", error("0,0\nx,y\n"));
        // A first line with one number is bad data, not a header.
        assertEquals("in.csv:1: y 'oops' is not a number", error("1.5,oops\n"));
    }

    @Test
    void noPointsIsAnError() {
        assertEquals("in.csv: no points (expected lines of \"x,y\")", error(""));
        assertEquals("in.csv: no points (expected lines of \"x,y\")", error("x,y\n\n  \n"));
    }

    @Test
    void missingFileAndNullArguments() {
        assertThrows(NoSuchFileException.class, () -> CsvPoints.read(dir.resolve("absent.csv")));
        assertThrows(IllegalArgumentException.class, () -> CsvPoints.read((Path) null));
        assertThrows(IllegalArgumentException.class, () -> CsvPoints.parse(null, "x"));
    }
}
