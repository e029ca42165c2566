package org.simdnet.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** {@link CsvByteRecords} reads what {@link CsvRecords} reads, however the stream cuts its bytes. */
class CsvByteRecordsTest {

    /** A stream that returns at most a few bytes per read, so that records straddle every refill. */
    private static InputStream trickle(byte[] bytes, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1 + random.nextInt(7)));
            }
        };
    }

    private static List<String> records(String text, char delimiter, InputStream in) throws IOException {
        List<String> out = new ArrayList<>();
        CsvByteRecords records = new CsvByteRecords(in, "t", delimiter, 1 << 20);
        while (records.next()) {
            List<String> fields = new ArrayList<>();
            for (int f = 0; f < records.fields(); f++) {
                fields.add(records.text(f));
            }
            out.add(records.line() + ":" + fields);
        }
        return out;
    }

    private static List<String> expected(String text, char delimiter) throws IOException {
        List<String> out = new ArrayList<>();
        CsvRecords records = new CsvRecords(new StringReader(text), "t", delimiter, 1 << 20);
        List<String> fields = new ArrayList<>();
        while (records.next(fields)) {
            out.add(records.line() + ":" + fields);
        }
        return out;
    }

    @Test
    void randomTextsReadAsCsvRecordsReadsThem() throws IOException {
        SplittableRandom random = new SplittableRandom(21);
        String[] pieces = {"a", "1.5", "-2e3", " x ", ",", ",", ";", "\n", "\r\n", "\n\n", "\"q\"", "\"a,b\"",
            "\"two\nlines\"", "\"say \"\"hi\"\"\"", "\"\" ", "é", "日本", "\r"};
        int compared = 0;
        for (int t = 0; t < 3000; t++) {
            StringBuilder text = new StringBuilder();
            int n = random.nextInt(1, 30);
            for (int i = 0; i < n; i++) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            String s = text.toString();
            char delimiter = t % 3 == 0 ? ';' : ',';
            List<String> want;
            try {
                want = expected(s, delimiter);
            } catch (CsvFormatException e) {
                continue;                   // malformed: checked below
            }
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            assertEquals(want, records(s, delimiter, new ByteArrayInputStream(bytes)), s);
            assertEquals(want, records(s, delimiter, trickle(bytes, t)), s);
            compared++;
        }
        assertTrue(compared > 1000, "compared " + compared);
    }

    @Test
    void longFilesAcrossManyBuffersKeepTheirLines() throws IOException {
        StringBuilder text = new StringBuilder("\uFEFFid,x\n");
        for (int i = 0; i < 50_000; i++) {
            text.append(i % 1000 == 0 ? "\"multi\nline " + i + "\"" : "r" + i).append(',').append(i).append(i % 2 == 0 ? "\n" : "\r\n");
        }
        String s = text.toString();
        List<String> want = expected(s.substring(1), ',');
        assertEquals(want, records(s, ',', new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8))));
        assertEquals(want, records(s, ',', trickle(s.getBytes(StandardCharsets.UTF_8), 1)));
    }

    @Test
    void malformedRecordsNameTheirLine() throws IOException {
        String[][] cases = {
            {"a,b\n\"open,c\n", "t: line 2: a quoted field is not closed"},
            {"a,b\n\n\"x\"y,c\n", "t: line 3: text after a closing quote in field 1"},
        };
        for (String[] c : cases) {
            CsvFormatException e = assertThrows(CsvFormatException.class,
                    () -> records(c[0], ',', new ByteArrayInputStream(c[0].getBytes(StandardCharsets.UTF_8))));
            assertEquals(c[1], e.getMessage());
        }
        byte[] longLine = new byte[200];
        java.util.Arrays.fill(longLine, (byte) 'x');
        CsvByteRecords records = new CsvByteRecords(new ByteArrayInputStream(longLine), "t", ',', 100);
        assertEquals("t: line 1 is longer than 100 bytes (is this a CSV file?)",
                assertThrows(CsvFormatException.class, records::next).getMessage());
        records = new CsvByteRecords(trickle(("ok\n" + "y".repeat(150)).getBytes(StandardCharsets.UTF_8), 3), "t", ',', 100);
        assertTrue(records.next());
        assertEquals("t: line 2 is longer than 100 bytes (is this a CSV file?)",
                assertThrows(CsvFormatException.class, records::next).getMessage());
    }
}
