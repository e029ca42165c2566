package org.simdnet.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** {@link FloatText}: the text parses back to the same float, in the documented form. */
class FloatTextTest {

    private static String text(float v) {
        byte[] out = new byte[FloatText.MAX_CHARS + 4];
        int end = FloatText.write(v, out, 2);
        assertTrue(end - 2 <= FloatText.MAX_CHARS, "at most MAX_CHARS");
        return new String(out, 2, end - 2, StandardCharsets.US_ASCII);
    }

    @Test
    void documentedForms() {
        assertEquals("0", text(0f));
        assertEquals("-0", text(-0f));
        assertEquals("1", text(1f));
        assertEquals("0.25", text(0.25f));
        assertEquals("-3.5", text(-3.5f));
        assertEquals("12", text(12f));
        assertEquals("100000000", text(1e8f));
        assertEquals("1e9", text(1e9f));
        assertEquals("9.99999975e-5", text(1e-4f));
        assertEquals("0.0078125", text(0.0078125f));
        assertEquals("6.10351563e-5", text(0x1p-14f));
        assertEquals("1.1920929e-7", text(0x1p-23f));
        assertEquals("1.50000005e-7", text(1.5e-7f));
        assertEquals("0.100000001", text(0.1f));
        assertEquals("3.40282347e38", text(Float.MAX_VALUE));
        assertEquals("1.40129846e-45", text(Float.MIN_VALUE));
        assertEquals("NaN", text(Float.NaN));
        assertEquals("-Infinity", text(Float.NEGATIVE_INFINITY));
        assertEquals("123456.789", text(123456.789f));
    }

    /** Every float tried parses back to itself: random bit patterns, probabilities, powers of ten and their neighbours. */
    @Test
    void roundTrips() {
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 2_000_000; i++) {
            float v = switch (i % 3) {
                case 0 -> Float.intBitsToFloat(random.nextInt());
                case 1 -> (float) random.nextDouble();
                default -> (float) Math.pow(10, random.nextInt(-45, 39)) * (i % 2 == 0 ? 1 : -1);
            };
            if (i % 7 == 0) {
                v = Math.nextUp(v);
            }
            if (Float.isNaN(v)) {
                continue;
            }
            String s = text(v);
            assertEquals(Float.floatToIntBits(v), Float.floatToIntBits(Float.parseFloat(s)), s + " for " + v);
        }
    }

    /** The digits go out eight at a time, past the text's end, but never past MAX_CHARS bytes from where it starts. */
    @Test
    void writesWithinMaxChars() {
        SplittableRandom random = new SplittableRandom(9);
        byte[] out = new byte[FloatText.MAX_CHARS + 10];
        for (int i = 0; i < 200_000; i++) {
            float v = i % 2 == 0 ? Float.intBitsToFloat(random.nextInt()) : (float) -random.nextDouble();
            java.util.Arrays.fill(out, (byte) '#');
            int end = FloatText.write(v, out, 5);
            assertEquals('#', out[4], "before the start, " + v);
            for (int k = 5 + FloatText.MAX_CHARS; k < out.length; k++) {
                assertEquals('#', out[k], "byte " + (k - 5) + " after the start, " + v);
            }
            assertEquals(Float.toString(v).equals("NaN") ? "NaN" : text(v), new String(out, 5, end - 5, StandardCharsets.US_ASCII));
        }
    }
}
