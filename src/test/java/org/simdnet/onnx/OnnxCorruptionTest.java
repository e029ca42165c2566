package org.simdnet.onnx;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * Corrupt ONNX files, systematically: truncations (150 lengths) and 300 random one-to-three-bit flips of each
 * PyTorch fixture load a model or are refused with {@link OnnxFormatException}, nothing else
 * ({@link OnnxFuzzTest#check}, which also re-exports what loads). The fuzz test searches further.
 */
class OnnxCorruptionTest {

    @Test
    void truncationsAndBitFlipsLoadOrAreRefusedCleanly() throws IOException {
        SplittableRandom random = new SplittableRandom(42);
        int refused = 0;
        int checked = 0;
        for (String name : OnnxImportFixturesTest.fixtureNames()) {
            byte[] bytes = OnnxImportFixturesTest.resource(name + ".onnx");
            int step = Math.max(1, bytes.length / 150);
            for (int length = 0; length < bytes.length; length += step) {
                refused += OnnxFuzzTest.check(java.util.Arrays.copyOf(bytes, length)) == null ? 1 : 0;
                checked++;
            }
            for (int i = 0; i < 300; i++) {
                byte[] flipped = bytes.clone();
                int flips = 1 + random.nextInt(3);
                for (int f = 0; f < flips; f++) {
                    int bit = random.nextInt(8 * flipped.length);
                    flipped[bit >>> 3] ^= (byte) (1 << (bit & 7));
                }
                refused += OnnxFuzzTest.check(flipped) == null ? 1 : 0;
                checked++;
            }
        }
        assertTrue(refused > checked / 10, refused + " of " + checked + " corrupt inputs refused: too few to be a test");
    }

    @Test
    void aTruncatedFileSaysSo() throws IOException {
        byte[] bytes = OnnxImportFixturesTest.resource("relu_tanh_softmax_opset13.onnx");
        OnnxFormatException e = assertThrows(OnnxFormatException.class,
                () -> OnnxImport.read(java.util.Arrays.copyOf(bytes, bytes.length - 7), "model.onnx"));
        assertTrue(e.getMessage().startsWith("model.onnx: "), e.getMessage());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }
}
