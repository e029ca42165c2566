package org.simdnet.io;

import java.io.IOException;
import java.io.Reader;
import java.util.List;

/**
 * Splits CSV text into records of fields, streaming: RFC 4180's quoting ({@code "a, b"},
 * {@code ""} for a quote inside quotes), fields separated by one delimiter character, records by
 * {@code \n} or {@code \r\n}; blank lines are skipped. A record longer than a bound is an error,
 * not an ever-growing buffer (so {@code /dev/zero} as input fails quickly with a message), and
 * time is linear in the input. Not thread-safe; the caller closes the reader.
 */
public final class CsvRecords {

    private final Reader reader;
    private final String source;
    private final char delimiter;
    private final int maxRecordChars;
    private final char[] buffer = new char[1 << 16];
    private int position;
    private int limit;
    private final StringBuilder field = new StringBuilder();
    private long line;
    private long recordLine;

    /**
     * @param source         names the input in messages (a file name, say)
     * @param delimiter      the field separator, usually {@code ','}
     * @param maxRecordChars the longest record accepted, in characters
     */
    public CsvRecords(Reader reader, String source, char delimiter, int maxRecordChars) {
        if (delimiter == '"' || delimiter == '\n' || delimiter == '\r') {
            throw new IllegalArgumentException("the delimiter cannot be a quote or a line break");
        }
        if (maxRecordChars < 1) {
            throw new IllegalArgumentException("maxRecordChars must be at least 1, got " + maxRecordChars);
        }
        this.reader = reader;
        this.source = source;
        this.delimiter = delimiter;
        this.maxRecordChars = maxRecordChars;
    }

    /** The 1-based line on which the last record returned starts. */
    public long line() {
        return recordLine;
    }

    /**
     * Reads the next non-blank record into {@code fields} (cleared first).
     *
     * @return false at the end of the input
     * @throws CsvFormatException for a record longer than the bound, an unterminated quote, or
     *                            text after a closing quote
     */
    public boolean next(List<String> fields) throws IOException {
        fields.clear();
        while (true) {
            int c = read();
            if (c < 0) {
                return false;
            }
            line++;
            if (c == '\n') {
                continue;                       // blank line
            }
            if (c == '\r' && peek() == '\n') {
                read();
                continue;
            }
            recordLine = line;
            readRecord(c, fields);
            return true;
        }
    }

    private void readRecord(int first, List<String> fields) throws IOException {
        int chars = 0;
        int c = first;
        field.setLength(0);
        boolean quoted = false;
        boolean afterQuote = false;
        while (true) {
            if (c >= 0 && ++chars > maxRecordChars) {
                throw new CsvFormatException(source + ": line " + recordLine + " is longer than " + maxRecordChars
                        + " characters (is this a CSV file?)");
            }
            if (quoted) {
                if (c < 0) {
                    throw new CsvFormatException(source + ": line " + recordLine + ": a quoted field is not closed");
                }
                if (c == '"') {
                    if (peek() == '"') {
                        read();
                        field.append('"');
                    } else {
                        quoted = false;
                        afterQuote = true;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    field.append((char) c);
                }
            } else if (c < 0 || c == '\n' || (c == '\r' && peek() == '\n')) {
                if (c == '\r') {
                    read();
                }
                fields.add(field.toString());
                return;
            } else if (c == delimiter) {
                fields.add(field.toString());
                field.setLength(0);
                afterQuote = false;
            } else if (c == '"' && field.length() == 0 && !afterQuote) {
                quoted = true;
            } else if (afterQuote && c != ' ') {
                throw new CsvFormatException(source + ": line " + recordLine + ": text after a closing quote in field "
                        + (fields.size() + 1));
            } else if (!afterQuote) {
                field.append((char) c);
            }
            c = read();
        }
    }

    private int read() throws IOException {
        if (position == limit && !fill()) {
            return -1;
        }
        return buffer[position++];
    }

    private int peek() throws IOException {
        if (position == limit && !fill()) {
            return -1;
        }
        return buffer[position];
    }

    private boolean fill() throws IOException {
        int n = reader.read(buffer, 0, buffer.length);
        while (n == 0) {
            n = reader.read(buffer, 0, buffer.length);
        }
        if (n < 0) {
            return false;
        }
        position = 0;
        limit = n;
        return true;
    }
}
