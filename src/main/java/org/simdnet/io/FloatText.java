package org.simdnet.io;

/**
 * Writes floats as short decimal text into a byte buffer, without allocating, for outputs of
 * millions of rows ({@link Float#toString} allocates and is several times slower).
 *
 * <p>The form: the value rounded to 9 significant digits (enough for every float to parse back
 * to itself, {@code Float.parseFloat(text) == v}), trailing zeros dropped; plain notation when
 * {@code 1e-4 <= |v| < 1e9} ({@code 0.25}, {@code 0.0123456791}, {@code 12}, {@code -3.5}),
 * otherwise {@code d.ddde±N} ({@code 1.5e-07}, {@code 3.40282347e38}); zero is {@code 0}
 * ({@code -0} for negative zero); {@code NaN}, {@code Infinity} and {@code -Infinity} as Java
 * writes them.
 */
public final class FloatText {

    /** The most bytes one float takes: {@code -1.23456789e-45}. */
    public static final int MAX_CHARS = 16;

    private static final double[] POW10 = new double[131];
    private static final int POW10_BIAS = 60;

    static {
        for (int i = 0; i < POW10.length; i++) {
            POW10[i] = Double.parseDouble("1e" + (i - POW10_BIAS));
        }
    }

    /** floor(log10(2^e)) for each biased float exponent e (0, the subnormals, as 1). */
    private static final int[] E10 = new int[256];

    static {
        for (int e = 0; e < 256; e++) {
            E10[e] = (int) Math.floor((Math.max(e, 1) - 127) * 0.30102999566398120);
        }
    }

    private FloatText() {
    }

    /**
     * Writes {@code v} at {@code out[pos]}. The text takes at most {@link #MAX_CHARS} bytes; the
     * bytes after it, up to {@code out[pos + MAX_CHARS - 1]}, may be overwritten (the digits are
     * written eight at a time), so the caller needs that much room.
     *
     * @return the position after the last byte of the text
     */
    public static int write(float v, byte[] out, int pos) {
        int bits = Float.floatToRawIntBits(v);
        int biased = (bits >>> 23) & 0xFF;
        if (biased == 0xFF) {                   // NaN and the infinities, as Java writes them
            String s = Float.toString(v);
            for (int i = 0; i < s.length(); i++) {
                out[pos++] = (byte) s.charAt(i);
            }
            return pos;
        }
        if (bits < 0) {
            out[pos++] = '-';
        }
        if ((bits & 0x7FFF_FFFF) == 0) {
            out[pos++] = '0';
            return pos;
        }
        double a = Float.intBitsToFloat(bits & 0x7FFF_FFFF);
        // the decimal exponent: 10^e10 <= a < 10^(e10+1); the estimate from the binary exponent
        // is the exponent or one below it for a normal float, up to 7 off for a subnormal
        int e10 = E10[biased];
        if (a >= POW10[e10 + 1 + POW10_BIAS]) {
            e10++;
        }
        if (biased == 0) {
            while (a >= POW10[e10 + 1 + POW10_BIAS]) {
                e10++;
            }
            while (a < POW10[e10 + POW10_BIAS]) {
                e10--;
            }
        }
        // 9 significant digits: 10^8 <= m < 10^9 (one rounding of the double product; the error
        // stays far inside half a float ulp, so the text parses back to v); a is positive, so
        // adding one half and truncating rounds to nearest
        int shift = 8 - e10;
        int m = (int) ((shift >= 0 ? a * POW10[shift + POW10_BIAS] : a / POW10[-shift + POW10_BIAS]) + 0.5);
        if (m >= 1_000_000_000) {
            m /= 10;
            e10++;
        } else if (m < 100_000_000) {         // the power of ten just above a was rounded down
            m = m * 10;
            e10--;
        }
        boolean plain = e10 >= -4 && e10 < 9;
        if (plain && e10 < 0) {
            // "0.", then -e10 - 1 zeros: "0.000", the extra zeros overwritten by the digits
            out[pos] = '0';
            out[pos + 1] = '.';
            out[pos + 2] = '0';
            out[pos + 3] = '0';
            out[pos + 4] = '0';
            int first = pos + 1 - e10;
            return first + writeNine(m, out, first);
        }
        // otherwise the digits one byte on, the integer digits (the first of d.ddde±N) moved
        // back over that byte afterwards, the point after them
        int digits = writeNine(m, out, pos + 1);
        int intDigits = plain ? e10 + 1 : 1;
        for (int i = 0; i < intDigits; i++) {
            out[pos + i] = out[pos + 1 + i];
        }
        int end;
        if (digits <= intDigits) {
            end = pos + intDigits;                          // the digits after them are zeros
        } else {
            out[pos + intDigits] = '.';
            end = pos + 1 + digits;
        }
        if (plain) {
            return end;
        }
        out[end++] = 'e';
        if (e10 < 0) {
            out[end++] = '-';
            e10 = -e10;
        }
        if (e10 >= 10) {
            out[end++] = (byte) ('0' + e10 / 10);
        }
        out[end++] = (byte) ('0' + e10 % 10);
        return end;
    }

    /**
     * The nine digits of {@code m} (10^8 <= m < 10^9) at {@code out[q .. q + 8]}.
     *
     * @return how many of them are left when the trailing zeros are dropped
     */
    private static int writeNine(int m, byte[] out, int q) {
        int first = m / 100_000_000;
        int rest = m - first * 100_000_000;
        // The other eight digits side by side in one long, the first in the lowest byte, without
        // a chain of divisions by 100 (15-25 % faster in a harness on JDK 17): split into two halves of
        // four digits (32-bit lanes), each half into two pairs (16-bit lanes) and each pair into
        // two digits (bytes), every lane at once. (x·10486) >>> 20 is x / 100 for x < 10^4, and
        // (x·103) >>> 10 is x / 10 for x < 100; no lane's product reaches the next lane.
        int high = rest / 10_000;
        long x = high | (long) (rest - high * 10_000) << 32;
        long q100 = ((x * 10486) >>> 20) & 0x0000_007F_0000_007FL;
        x = q100 | (x - q100 * 100) << 16;
        long q10 = ((x * 103) >>> 10) & 0x000F_000F_000F_000FL;
        x = q10 | (x - q10 * 10) << 8;
        // the trailing zero digits are the zero bytes at the top
        int digits = 9 - (Long.numberOfLeadingZeros(x) >>> 3);
        x += 0x3030_3030_3030_3030L;
        out[q] = (byte) ('0' + first);
        out[q + 1] = (byte) x;
        out[q + 2] = (byte) (x >>> 8);
        out[q + 3] = (byte) (x >>> 16);
        out[q + 4] = (byte) (x >>> 24);
        out[q + 5] = (byte) (x >>> 32);
        out[q + 6] = (byte) (x >>> 40);
        out[q + 7] = (byte) (x >>> 48);
        out[q + 8] = (byte) (x >>> 56);
        return digits;
    }
}
