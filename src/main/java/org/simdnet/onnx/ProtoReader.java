package org.simdnet.onnx;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;

/**
 * Protocol-buffer wire format, read from a byte range: one field at a time ({@link #next()}, then
 * the value by its wire type). Every length and varint is checked against the range, so a
 * truncated or corrupt message ends in an {@link OnnxFormatException} that gives the byte offset,
 * never in an index error or a huge allocation.
 */
final class ProtoReader {

    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LENGTH_DELIMITED = 2;
    static final int FIXED32 = 5;

    private final byte[] buf;
    private int pos;
    private final int limit;
    private int tag;

    ProtoReader(byte[] buf) {
        this(buf, 0, buf.length);
    }

    private ProtoReader(byte[] buf, int pos, int limit) {
        this.buf = buf;
        this.pos = pos;
        this.limit = limit;
    }

    /** Moves to the next field; false at the end of the message. */
    boolean next() throws OnnxFormatException {
        if (pos >= limit) {
            return false;
        }
        int at = pos;
        long t = varint();
        if (t >>> 3 == 0 || t >>> 3 > 0x1FFFFFFF) {
            throw new OnnxFormatException("bad field number " + (t >>> 3) + " at byte " + at);
        }
        tag = (int) t;
        return true;
    }

    int field() {
        return tag >>> 3;
    }

    int wireType() {
        return tag & 7;
    }

    /** The byte offset of the reader, for messages. */
    int position() {
        return pos;
    }

    long int64() throws OnnxFormatException {
        expect(VARINT);
        return varint();
    }

    /** A varint that must fit an int (counts, enums, dimensions). */
    int int32() throws OnnxFormatException {
        int at = pos;
        long v = int64();
        if (v != (int) v) {
            throw new OnnxFormatException("value " + v + " out of range at byte " + at);
        }
        return (int) v;
    }

    float float32() throws OnnxFormatException {
        expect(FIXED32);
        return Float.intBitsToFloat(fixed32());
    }

    double float64() throws OnnxFormatException {
        expect(FIXED64);
        long lo = fixed32() & 0xFFFFFFFFL;
        long hi = fixed32() & 0xFFFFFFFFL;
        return Double.longBitsToDouble(lo | hi << 32);
    }

    /** The next double of a packed field. */
    double float64Packed() throws OnnxFormatException {
        long lo = fixed32() & 0xFFFFFFFFL;
        long hi = fixed32() & 0xFFFFFFFFL;
        return Double.longBitsToDouble(lo | hi << 32);
    }

    String string() throws OnnxFormatException {
        int at = pos;
        ProtoReader r = message();
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(buf, r.pos, r.limit - r.pos)).toString();
        } catch (CharacterCodingException e) {
            throw new OnnxFormatException("a string that is not UTF-8 at byte " + at);
        }
    }

    byte[] bytes() throws OnnxFormatException {
        ProtoReader r = message();
        byte[] b = new byte[r.limit - r.pos];
        System.arraycopy(buf, r.pos, b, 0, b.length);
        return b;
    }

    /** A nested message (or packed field): a reader over its bytes; this reader moves past them. */
    ProtoReader message() throws OnnxFormatException {
        expect(LENGTH_DELIMITED);
        int at = pos;
        long length = varint();
        if (length < 0 || length > limit - pos) {
            throw new OnnxFormatException("a length of " + length + " bytes at byte " + at + " runs past the end ("
                    + (limit - pos) + " bytes left): truncated or corrupt");
        }
        ProtoReader r = new ProtoReader(buf, pos, pos + (int) length);
        pos += (int) length;
        return r;
    }

    boolean atEnd() {
        return pos >= limit;
    }

    /** The rest of a packed field as fixed32 floats. */
    float[] packedFloats() throws OnnxFormatException {
        if ((limit - pos) % 4 != 0) {
            throw new OnnxFormatException("packed floats of " + (limit - pos) + " bytes at byte " + pos);
        }
        float[] v = new float[(limit - pos) / 4];
        for (int i = 0; i < v.length; i++) {
            v[i] = Float.intBitsToFloat(fixed32());
        }
        return v;
    }

    /** The rest of a packed field as varints. */
    long[] packedVarints() throws OnnxFormatException {
        long[] v = new long[8];
        int n = 0;
        while (pos < limit) {
            if (n == v.length) {
                v = java.util.Arrays.copyOf(v, 2 * n);
            }
            v[n++] = varint();
        }
        return java.util.Arrays.copyOf(v, n);
    }

    /** Skips the current field's value, whatever its wire type. */
    void skip() throws OnnxFormatException {
        switch (wireType()) {
            case VARINT:
                varint();
                break;
            case FIXED64:
                need(8);
                pos += 8;
                break;
            case LENGTH_DELIMITED:
                message();
                break;
            case FIXED32:
                need(4);
                pos += 4;
                break;
            default:
                throw new OnnxFormatException("wire type " + wireType() + " of field " + field() + " before byte "
                        + pos + " is not valid here");
        }
    }

    private void expect(int wireType) throws OnnxFormatException {
        if (wireType() != wireType) {
            throw new OnnxFormatException("field " + field() + " has wire type " + wireType() + ", expected "
                    + wireType + " (before byte " + pos + ")");
        }
    }

    private void need(int bytes) throws OnnxFormatException {
        if (limit - pos < bytes) {
            throw new OnnxFormatException("truncated at byte " + pos + ": " + bytes + " bytes needed, "
                    + (limit - pos) + " left");
        }
    }

    private int fixed32() throws OnnxFormatException {
        need(4);
        int v = (buf[pos] & 0xFF) | (buf[pos + 1] & 0xFF) << 8 | (buf[pos + 2] & 0xFF) << 16 | (buf[pos + 3] & 0xFF) << 24;
        pos += 4;
        return v;
    }

    private long varint() throws OnnxFormatException {
        int at = pos;
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= limit) {
                throw new OnnxFormatException("truncated varint at byte " + at);
            }
            byte b = buf[pos++];
            v |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return v;
            }
        }
        throw new OnnxFormatException("a varint longer than 10 bytes at byte " + at);
    }
}
