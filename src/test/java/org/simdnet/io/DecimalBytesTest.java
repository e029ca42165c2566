package org.simdnet.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** {@link Decimal#parse(byte[], int, int)} gives {@link Decimal#parse(String)}'s bits for the same text. */
class DecimalBytesTest {

    private static void same(String s) {
        byte[] b = ("#" + s + "#").getBytes(StandardCharsets.ISO_8859_1);
        float expected = Decimal.parse(s);
        float actual = Decimal.parse(b, 1, b.length - 1);
        assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(actual), "'" + s + "'");
    }

    @Test
    void agreesWithTheStringParser() {
        String[] cases = {"0", "-0", "+1", "1.", ".5", "-.25", " 3.5 ", "1e-3", "1E+3", "2.5e38", "3.5e38", "1e-46",
            "1e-45", "16777217", "16777219", "0.000000000000000000000000000000000000011754943", "123456789012345678901234",
            "0.1", "1.17549435e-38", "3.4028235e38", "3.4028236e38", "", " ", "-", ".", "e3", "1e", "1e+", "1.2.3", "abc",
            "1,5", "0x10", "NaN", "Infinity", "1f", "١", "00012.5000", "9007199254740993", "1e22", "1e23", "1e-22",
            "4.4501477170144023e-308", "33554431", "33554433", "8.589973e9", "1.00000017881393432617187499",
            // more digits than a long holds, among them 2^64 and 2^65, whose digits wrap a long to 0
            "18446744073709551616", "36893488147419103232", "1844674407370955161.6e1", "0.18446744073709551616e20",
            "0.0000000000000000000123", "-000000000000000000000000001.5", "0.", "-0.000", "000", "00.00e5"};
        for (String s : cases) {
            same(s);
        }
    }

    @Test
    void randomNumbersInManyForms() {
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 1_000_000; i++) {
            String s;
            switch (i % 5) {
                case 0 -> s = Float.toString(Float.intBitsToFloat(random.nextInt()));
                case 1 -> s = String.format("%." + random.nextInt(0, 12) + "f", random.nextDouble() * 2 - 1);
                case 2 -> s = random.nextLong(0, Long.MAX_VALUE) + "e" + random.nextInt(-60, 30);
                case 3 -> {
                    // a float midpoint: the double between two neighbouring floats, written exactly
                    float f = Float.intBitsToFloat(random.nextInt(0x00800000, 0x7f000000));
                    double mid = ((double) f + (double) Math.nextUp(f)) / 2;
                    s = new java.math.BigDecimal(mid).toPlainString();
                    if (s.length() > 40) {
                        s = new java.math.BigDecimal(mid).toString();
                    }
                }
                default -> s = (random.nextInt(1 << 24) + 1) + "." + random.nextInt(1000) + "e" + random.nextInt(-20, 20);
            }
            same(s);
        }
    }
}
