package org.simdnet.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.UnknownFieldSet;
import org.junit.jupiter.api.Test;
import org.simdnet.nn.Mlp;

/** simdnet's protobuf wire writer and reader against the reference codec, protobuf-java. */
class ProtoWireTest {

    @Test
    void protobufJavaReadsWhatTheWriterWrites() throws IOException {
        ProtoWriter inner = new ProtoWriter().string(1, "naïve ✓").int64(2, 300);
        byte[] bytes = new ProtoWriter()
                .int64(1, -5)
                .int64(2, Long.MAX_VALUE)
                .float32(3, -1.5f)
                .string(4, "Gemm")
                .message(5, inner)
                .packedFloats(6, new float[] {9f, 1f, 2f, Float.MIN_VALUE, 8f}, 1, 3)
                .int64(536870911, 1)                         // the largest field number
                .toByteArray();
        UnknownFieldSet set = UnknownFieldSet.parseFrom(bytes);
        assertEquals(List.of(-5L), set.getField(1).getVarintList());
        assertEquals(List.of(Long.MAX_VALUE), set.getField(2).getVarintList());
        assertEquals(List.of(Float.floatToRawIntBits(-1.5f)), set.getField(3).getFixed32List());
        assertEquals("Gemm", set.getField(4).getLengthDelimitedList().get(0).toStringUtf8());
        UnknownFieldSet nested = UnknownFieldSet.parseFrom(set.getField(5).getLengthDelimitedList().get(0));
        assertEquals("naïve ✓", nested.getField(1).getLengthDelimitedList().get(0).toStringUtf8());
        assertEquals(List.of(300L), nested.getField(2).getVarintList());
        ByteString packed = set.getField(6).getLengthDelimitedList().get(0);
        com.google.protobuf.CodedInputStream in = packed.newCodedInput();
        assertEquals(1f, in.readFloat());
        assertEquals(2f, in.readFloat());
        assertEquals(Float.MIN_VALUE, in.readFloat());
        assertTrue(in.isAtEnd());
        assertEquals(List.of(1L), set.getField(536870911).getVarintList());
    }

    @Test
    void theReaderReadsWhatProtobufJavaWritesAndSkipsWhatItDoesNotKnow() throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(buffer);
        out.writeInt64(1, -7);
        out.writeFixed64(2, 0x0102030405060708L);
        out.writeDouble(3, Math.PI);
        out.writeString(4, "Relu");
        out.writeFloat(5, 0.25f);                     // unpacked repeated floats...
        out.writeFloat(5, -3f);
        out.writeBytes(6, ByteString.copyFrom(new byte[300]));
        out.writeUInt32(7, 42);
        out.flush();
        ProtoReader r = new ProtoReader(buffer.toByteArray());
        assertTrue(r.next());
        assertEquals(1, r.field());
        assertEquals(-7L, r.int64());
        assertTrue(r.next());
        r.skip();                                     // fixed64
        assertTrue(r.next());
        assertEquals(Math.PI, r.float64());
        assertTrue(r.next());
        assertEquals("Relu", r.string());
        assertTrue(r.next());
        assertEquals(0.25f, r.float32());
        assertTrue(r.next());
        assertEquals(-3f, r.float32());
        assertTrue(r.next());
        r.skip();                                     // 300 bytes
        assertTrue(r.next());
        assertEquals(42, r.int32());
        assertFalse(r.next());
    }

    @Test
    void anExportedModelIsWellFormedProtobufAllTheWayDown() throws IOException {
        Mlp mlp = Mlp.initialise(new int[] {3, 5, 2}, new org.simdnet.layer.Tanh(), 3);
        byte[] onnx = OnnxExport.toBytes(mlp, Map.of("k", "v"), "test");
        UnknownFieldSet model = UnknownFieldSet.parseFrom(onnx);
        assertEquals(List.of((long) OnnxExport.IR_VERSION), model.getField(1).getVarintList());
        UnknownFieldSet graph = UnknownFieldSet.parseFrom(model.getField(7).getLengthDelimitedList().get(0));
        assertEquals(4, graph.getField(1).getLengthDelimitedList().size(), "Gemm, Tanh, Gemm, Softmax");
        UnknownFieldSet weight = UnknownFieldSet.parseFrom(graph.getField(5).getLengthDelimitedList().get(0));
        assertEquals(List.of(5L, 3L), weight.getField(1).getVarintList());
        float[] w = new float[15];
        com.google.protobuf.CodedInputStream in = weight.getField(4).getLengthDelimitedList().get(0).newCodedInput();
        for (int i = 0; i < w.length; i++) {
            w[i] = in.readFloat();
        }
        assertArrayEquals(java.util.Arrays.copyOfRange(mlp.params(), 0, 15), w);
    }

    @Test
    void lengthsAndVarintsPastTheEndAreDefectsWithTheirOffset() {
        OnnxFormatException e = assertThrows(OnnxFormatException.class,
                () -> {
                    ProtoReader r = new ProtoReader(new byte[] {0x0a, 0x05, 1, 2});
                    r.next();
                    r.message();
                });
        assertTrue(e.getMessage().contains("runs past the end"), e.getMessage());
        e = assertThrows(OnnxFormatException.class, () -> {
            ProtoReader r = new ProtoReader(new byte[] {0x08, (byte) 0xff, (byte) 0xff});
            r.next();
            r.int64();
        });
        assertTrue(e.getMessage().contains("truncated varint at byte 1"), e.getMessage());
        e = assertThrows(OnnxFormatException.class, () -> {
            ProtoReader r = new ProtoReader(new byte[] {0x0b});
            r.next();
            r.skip();
        });
        assertTrue(e.getMessage().contains("wire type 3"), e.getMessage());
    }
}
