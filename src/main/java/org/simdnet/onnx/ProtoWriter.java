package org.simdnet.onnx;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Protocol-buffer wire format, written: varints, fixed 32-bit floats, and length-delimited bytes,
 * strings and nested messages. A nested message is written into its own writer first, so its
 * length is known; ONNX models of a multilayer perceptron are small enough for that.
 */
final class ProtoWriter {

    private static final int VARINT = 0;
    private static final int LENGTH_DELIMITED = 2;
    private static final int FIXED32 = 5;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** A varint field (int32, int64 and enums alike; negative values take ten bytes, as protobuf says). */
    ProtoWriter int64(int field, long value) {
        tag(field, VARINT);
        varint(value);
        return this;
    }

    ProtoWriter float32(int field, float value) {
        tag(field, FIXED32);
        fixed32(Float.floatToRawIntBits(value));
        return this;
    }

    ProtoWriter string(int field, String value) {
        return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    ProtoWriter bytes(int field, byte[] value) {
        tag(field, LENGTH_DELIMITED);
        varint(value.length);
        out.writeBytes(value);
        return this;
    }

    ProtoWriter message(int field, ProtoWriter message) {
        return bytes(field, message.toByteArray());
    }

    /** Floats as a packed repeated field. */
    ProtoWriter packedFloats(int field, float[] values, int offset, int length) {
        tag(field, LENGTH_DELIMITED);
        varint(4L * length);
        for (int i = 0; i < length; i++) {
            fixed32(Float.floatToRawIntBits(values[offset + i]));
        }
        return this;
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }

    private void tag(int field, int wireType) {
        varint(((long) field << 3) | wireType);
    }

    private void varint(long value) {
        while ((value & ~0x7FL) != 0) {
            out.write((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
    }

    private void fixed32(int bits) {
        out.write(bits);
        out.write(bits >>> 8);
        out.write(bits >>> 16);
        out.write(bits >>> 24);
    }
}
