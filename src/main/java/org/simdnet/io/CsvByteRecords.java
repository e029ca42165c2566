package org.simdnet.io;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * {@link CsvRecords} on bytes, for streaming large files: the same format (RFC 4180 quoting,
 * one delimiter character, records ended by {@code \n} or {@code \r\n}, blank lines skipped, a
 * record longer than a bound an error) read from an {@link InputStream} into one reused buffer,
 * with the fields of the current record given as byte ranges rather than strings: nothing is
 * allocated per record. A UTF-8 byte-order mark at the start is skipped. The delimiter must be
 * ASCII (UTF-8 text passes through untouched, since no byte of a multi-byte character is ASCII).
 * Not thread-safe; the caller closes the stream.
 */
public final class CsvByteRecords {

    private final InputStream in;
    private final String source;
    private final byte delimiter;
    private final int maxRecordBytes;
    private byte[] buffer;
    private int position;
    private int limit;
    private boolean eof;
    private boolean started;
    private long line;                  // lines consumed before position
    private long recordLine;

    private int fields;
    private int[] starts = new int[16];
    private int[] ends = new int[16];
    private boolean[] unescaped = new boolean[16];   // field content is in `scratch`, not `buffer`
    private byte[] scratch = new byte[256];
    private int scratchUsed;

    /**
     * @param source         names the input in messages (a file name, say)
     * @param delimiter      the field separator, an ASCII character other than a quote or line break
     * @param maxRecordBytes the longest record accepted, in bytes
     */
    public CsvByteRecords(InputStream in, String source, char delimiter, int maxRecordBytes) {
        if (delimiter == '"' || delimiter == '\n' || delimiter == '\r' || delimiter > 127) {
            throw new IllegalArgumentException("the delimiter must be ASCII and not a quote or a line break");
        }
        if (maxRecordBytes < 1) {
            throw new IllegalArgumentException("maxRecordBytes must be at least 1, got " + maxRecordBytes);
        }
        this.in = in;
        this.source = source;
        this.delimiter = (byte) delimiter;
        this.maxRecordBytes = maxRecordBytes;
        this.buffer = new byte[(int) Math.min(Integer.MAX_VALUE - 8L, Math.max(1 << 16, maxRecordBytes + (1L << 16)))];
    }

    /** The 1-based line on which the current record starts. */
    public long line() {
        return recordLine;
    }

    /** Fields of the current record. */
    public int fields() {
        return fields;
    }

    /** The array that holds field {@code f}'s content (valid until the next call of {@link #next}). */
    public byte[] array(int f) {
        return unescaped[f] ? scratch : buffer;
    }

    /** Where field {@code f}'s content starts in {@link #array}. */
    public int start(int f) {
        return starts[f];
    }

    /** Where field {@code f}'s content ends (exclusive) in {@link #array}. */
    public int end(int f) {
        return ends[f];
    }

    /** Field {@code f}'s content as a string (for headers and messages). */
    public String text(int f) {
        return new String(array(f), starts[f], ends[f] - starts[f], java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * Reads the next non-blank record.
     *
     * @return false at the end of the input
     * @throws CsvFormatException for a record longer than the bound, an unterminated quote, or
     *                            text after a closing quote, naming the line
     */
    public boolean next() throws IOException {
        if (!started) {
            started = true;
            if (!ensure(3) || limit - position < 3 || buffer[position] != (byte) 0xEF || buffer[position + 1] != (byte) 0xBB
                    || buffer[position + 2] != (byte) 0xBF) {
                // no byte-order mark
            } else {
                position += 3;
            }
        }
        while (true) {
            if (position == limit && !ensure(1)) {
                return false;
            }
            byte b = buffer[position];
            if (b == '\n') {
                position++;
                line++;
                continue;
            }
            if (b == '\r') {
                if (position + 1 == limit) {
                    ensure(2);
                }
                if (position + 1 < limit && buffer[position + 1] == '\n') {
                    position += 2;
                    line++;
                    continue;
                }
            }
            while (true) {
                int end = parse(position);
                if (end >= 0 && end - position <= maxRecordBytes + 2) {     // (+ the line break)
                    position = end;
                    return true;
                }
                if (end >= 0 || limit - position > maxRecordBytes) {
                    throw new CsvFormatException(source + ": line " + (line + 1) + " is longer than " + maxRecordBytes
                            + " bytes (is this a CSV file?)");
                }
                ensure(limit - position + 1);
            }
        }
    }

    /**
     * Makes {@code n} bytes available from {@code position} if the input has them: moves the
     * unread bytes to the buffer's start and reads more.
     *
     * @return whether at least one byte is available
     */
    private boolean ensure(int n) throws IOException {
        if (limit - position >= n) {
            return true;
        }
        if (!eof) {
            if (position > 0) {
                System.arraycopy(buffer, position, buffer, 0, limit - position);
                limit -= position;
                position = 0;
            }
            while (limit < buffer.length && limit - position < n) {
                int r = in.read(buffer, limit, buffer.length - limit);
                if (r < 0) {
                    eof = true;
                    break;
                }
                limit += r;
            }
        }
        return limit > position;
    }

    /**
     * Parses the record at {@code from} into the field ranges.
     *
     * @return the position after the record and its line break, or −1 when the buffer ends
     *         before the record does and the input has more
     */
    private int parse(int from) throws CsvFormatException {
        byte[] b = buffer;
        int lim = limit;
        byte delim = delimiter;
        long lines = line + 1;
        fields = 0;
        scratchUsed = 0;
        int i = from;
        while (true) {
            if (fields == starts.length) {
                grow();
            }
            if (i < lim && b[i] == '"') {
                i = quoted(i + 1, lines);
                if (i < 0) {
                    return -1;
                }
                lines = quotedLines;
            } else {
                int s = i;
                while (i < lim) {
                    byte c = b[i];
                    if (c == delim || c == '\n' || (c == '\r' && (i + 1 == lim || b[i + 1] == '\n'))) {
                        break;
                    }
                    i++;
                }
                starts[fields] = s;
                ends[fields] = i;
                unescaped[fields] = false;
            }
            fields++;
            if (i == lim) {
                if (!eof) {
                    return -1;
                }
                recordLine = line + 1;
                line = lines;
                return i;
            }
            byte c = b[i];
            if (c == delim) {
                i++;
                continue;
            }
            if (c == '\r') {
                if (i + 1 == lim) {
                    if (!eof) {
                        return -1;
                    }
                    // a final "\r" with nothing after it: part of the field, as CsvRecords reads it
                    ends[fields - 1] = i + 1;
                    recordLine = line + 1;
                    line = lines;
                    return i + 1;
                }
                i++;
            }
            recordLine = line + 1;
            line = lines;
            return i + 1;                   // after the '\n'
        }
    }

    private long quotedLines;

    /**
     * A quoted field whose content starts at {@code i}: sets its range (in the buffer, or in the
     * scratch buffer when it holds doubled quotes) and returns the position after it and any
     * spaces that follow, or −1 when the buffer ends first.
     */
    private int quoted(int i, long lines) throws CsvFormatException {
        byte[] b = buffer;
        int lim = limit;
        int s = i;
        boolean escapes = false;
        while (true) {
            if (i == lim) {
                if (!eof) {
                    return -1;
                }
                throw new CsvFormatException(source + ": line " + (line + 1) + ": a quoted field is not closed");
            }
            byte c = b[i];
            if (c == '"') {
                if (i + 1 == lim && !eof) {
                    return -1;
                }
                if (i + 1 < lim && b[i + 1] == '"') {
                    escapes = true;
                    i += 2;
                    continue;
                }
                break;
            }
            if (c == '\n') {
                lines++;
            }
            i++;
        }
        int e = i;                          // the closing quote
        if (escapes) {
            int need = scratchUsed + (e - s);
            if (need > scratch.length) {
                scratch = Arrays.copyOf(scratch, Math.max(need, 2 * scratch.length));
            }
            int start = scratchUsed;
            int o = start;
            for (int k = s; k < e; k++) {
                scratch[o++] = b[k];
                if (b[k] == '"') {
                    k++;                    // the second quote of a pair
                }
            }
            scratchUsed = o;
            starts[fields] = start;
            ends[fields] = o;
            unescaped[fields] = true;
        } else {
            starts[fields] = s;
            ends[fields] = e;
            unescaped[fields] = false;
        }
        i = e + 1;
        while (i < lim && b[i] == ' ') {
            i++;
        }
        if (i == lim && !eof) {
            return -1;
        }
        if (i < lim) {
            byte c = b[i];
            boolean lineEnd = c == '\n' || (c == '\r' && (i + 1 == lim ? eof : b[i + 1] == '\n'));
            if (c == '\r' && i + 1 == lim && !eof) {
                return -1;
            }
            if (c != delimiter && !lineEnd) {
                throw new CsvFormatException(source + ": line " + (line + 1) + ": text after a closing quote in field "
                        + (fields + 1));
            }
        }
        quotedLines = lines;
        return i;
    }

    private void grow() {
        int n = starts.length * 2;
        starts = Arrays.copyOf(starts, n);
        ends = Arrays.copyOf(ends, n);
        unescaped = Arrays.copyOf(unescaped, n);
    }
}
