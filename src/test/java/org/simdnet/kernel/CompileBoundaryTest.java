package org.simdnet.kernel;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Kernel entry points that must stay roots of their own C2 compilations. C2 never inlines a method
 * of more than {@value #FREQ_INLINE_SIZE} bytecode bytes (its {@code FreqInlineSize} default on
 * JDK 17 and 25) into a caller; a smaller entry can be inlined into the trainer's loops, where
 * the compilation's node budget runs out and Vector API intrinsics stay calls that box their
 * vectors. This reads the compiled class files, so a refactoring that shrinks an entry fails here
 * rather than as an allocation in one JVM out of four.
 */
class CompileBoundaryTest {

    static final int FREQ_INLINE_SIZE = 325;

    @Test
    void theFusedTrainingEntryIsTooBigToInline() throws IOException {
        int size = codeLengths(VectorSmallMlpKernel.class).get("lossAndGradient");
        assertTrue(size > FREQ_INLINE_SIZE, "VectorSmallMlpKernel.lossAndGradient is " + size
                + " bytecode bytes; C2 may inline it into the trainer from " + FREQ_INLINE_SIZE + " down");
    }

    @Test
    void theScalarTwinsColumnForwardIsTooBigToInline() throws IOException {
        // Inlined into its caller, its sample loops were compiled twice.
        int size = codeLengths(NarrowTrainingColumns.class).get("forward");
        assertTrue(size > FREQ_INLINE_SIZE, "NarrowTrainingColumns.forward is " + size
                + " bytecode bytes; C2 may inline it into its caller from " + FREQ_INLINE_SIZE + " down");
    }

    /** Method name to its Code attribute's length (the largest, for overloaded names). */
    static Map<String, Integer> codeLengths(Class<?> type) throws IOException {
        String file = type.getSimpleName() + ".class";
        try (InputStream raw = type.getResourceAsStream(file)) {
            assertNotNull(raw, file);
            DataInputStream in = new DataInputStream(raw);
            if (in.readInt() != 0xCAFEBABE) {
                throw new IOException(file + " is not a class file");
            }
            in.readUnsignedShort();
            in.readUnsignedShort();
            int count = in.readUnsignedShort();
            String[] utf8 = new String[count];
            for (int i = 1; i < count; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1: utf8[i] = in.readUTF(); break;
                    case 3: case 4: case 9: case 10: case 11: case 12: case 17: case 18: in.readInt(); break;
                    case 5: case 6: in.readLong(); i++; break;
                    case 7: case 8: case 16: case 19: case 20: in.readUnsignedShort(); break;
                    case 15: in.readUnsignedByte(); in.readUnsignedShort(); break;
                    default: throw new IOException(file + ": constant pool tag " + tag);
                }
            }
            in.readUnsignedShort();
            in.readUnsignedShort();
            in.readUnsignedShort();
            in.skipBytes(2 * in.readUnsignedShort());
            int fields = in.readUnsignedShort();
            for (int f = 0; f < fields; f++) {
                in.skipBytes(6);
                skipAttributes(in);
            }
            Map<String, Integer> lengths = new HashMap<>();
            int methods = in.readUnsignedShort();
            for (int m = 0; m < methods; m++) {
                in.readUnsignedShort();
                String name = utf8[in.readUnsignedShort()];
                in.readUnsignedShort();
                int attributes = in.readUnsignedShort();
                for (int a = 0; a < attributes; a++) {
                    String attribute = utf8[in.readUnsignedShort()];
                    int length = in.readInt();
                    if (attribute.equals("Code")) {
                        in.skipBytes(4);
                        int code = in.readInt();
                        in.skipBytes(length - 8);
                        lengths.merge(name, code, Math::max);
                    } else {
                        in.skipBytes(length);
                    }
                }
            }
            return lengths;
        }
    }

    private static void skipAttributes(DataInputStream in) throws IOException {
        int attributes = in.readUnsignedShort();
        for (int a = 0; a < attributes; a++) {
            in.readUnsignedShort();
            in.skipBytes(in.readInt());
        }
    }
}
