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
     * Writes {@code v} at {@code out[pos]} (at most {@link #MAX_CHARS} bytes).
     *
     * @return the position after the last byte written
     */
    public static int write(float v, byte[] out, int pos) {
        if (v != v || Float.isInfinite(v)) {
            String s = Float.toString(v);
            for (int i = 0; i < s.length(); i++) {
                out[pos++] = (byte) s.charAt(i);
            }
            return pos;
        }
        if (Float.floatToRawIntBits(v) < 0) {
            out[pos++] = '-';
            v = -v;
        }
        if (v == 0) {
            out[pos++] = '0';
            return pos;
        }
        double a = v;
        // the decimal exponent: 10^e10 <= a < 10^(e10+1); the estimate from the binary exponent
        // is off by at most one (for subnormals, by up to 7)
        int e10 = E10[((Float.floatToRawIntBits(v) >>> 23) & 0xFF)];
        while (a >= POW10[e10 + 1 + POW10_BIAS]) {
            e10++;
        }
        while (a < POW10[e10 + POW10_BIAS]) {
            e10--;
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
        int digits = 9;
        while (m % 100 == 0) {
            m /= 100;
            digits -= 2;
        }
        if (m % 10 == 0) {
            m /= 10;
            digits--;
        }
        if (e10 >= -4 && e10 < 9) {
            if (e10 < 0) {
                out[pos++] = '0';
                out[pos++] = '.';
                for (int z = -1; z > e10; z--) {
                    out[pos++] = '0';
                }
                return writeDigits(m, digits, out, pos);
            }
            int intDigits = e10 + 1;
            if (digits <= intDigits) {
                pos = writeDigits(m, digits, out, pos);
                for (int z = digits; z < intDigits; z++) {
                    out[pos++] = '0';
                }
                return pos;
            }
            int end = writeDigits(m, digits, out, pos + 1);     // room for the point
            System.arraycopy(out, pos + 1, out, pos, intDigits);
            out[pos + intDigits] = '.';
            return end;
        }
        int end = writeDigits(m, digits, out, pos + 1);
        out[pos] = out[pos + 1];
        if (digits > 1) {
            out[pos + 1] = '.';
        } else {
            end--;
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

    /** "00", "01", ..., "99". */
    private static final byte[] PAIRS = new byte[200];

    static {
        for (int i = 0; i < 100; i++) {
            PAIRS[2 * i] = (byte) ('0' + i / 10);
            PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
        }
    }

    /** The {@code digits} decimal digits of {@code m} at {@code out[pos]}, two at a time. */
    private static int writeDigits(int m, int digits, byte[] out, int pos) {
        int end = pos + digits;
        int i = end;
        while (i - pos >= 2) {
            int q = m / 100;
            int pair = (m - q * 100) << 1;
            out[--i] = PAIRS[pair + 1];
            out[--i] = PAIRS[pair];
            m = q;
        }
        if (i > pos) {
            out[--i] = (byte) ('0' + m);
        }
        return end;
    }
}
