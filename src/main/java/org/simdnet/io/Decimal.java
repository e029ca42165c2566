package org.simdnet.io;

/**
 * Decimal numbers as people write them in CSV files: an optional sign, digits with an optional
 * point (or a point and digits), an optional exponent ({@code -0.5}, {@code 12}, {@code .5},
 * {@code 1e-3}); no hex, no {@code NaN} or {@code Infinity}, no Java suffixes. Checked by one
 * left-to-right scan, so time is linear in the cell's length whatever it holds (a regular
 * expression with nested repetition took 16 s on a 64,000-digit cell).
 */
public final class Decimal {

    private Decimal() {
    }

    /** Whether {@code s[from, to)} is such a number. */
    public static boolean isDecimal(CharSequence s, int from, int to) {
        int i = from;
        if (i < to && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        int digits = 0;
        while (i < to && isDigit(s.charAt(i))) {
            i++;
            digits++;
        }
        if (i < to && s.charAt(i) == '.') {
            i++;
            while (i < to && isDigit(s.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < to && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < to && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int exponent = 0;
            while (i < to && isDigit(s.charAt(i))) {
                i++;
                exponent++;
            }
            if (exponent == 0) {
                return false;
            }
        }
        return i == to;
    }

    /**
     * The float value of a finite decimal number in {@code s} (trimmed of spaces), or NaN when the
     * cell is not one or lies beyond the float range (callers name the cell in their message).
     */
    public static float parse(String s) {
        int from = 0, to = s.length();
        while (from < to && s.charAt(from) == ' ') {
            from++;
        }
        while (to > from && s.charAt(to - 1) == ' ') {
            to--;
        }
        if (!isDecimal(s, from, to)) {
            return Float.NaN;
        }
        float v = Float.parseFloat(s.substring(from, to));
        return Float.isInfinite(v) ? Float.NaN : v;
    }

    /** Exact powers of ten in double: 10^0 .. 10^22. */
    private static final double[] EXACT_POW10 = new double[23];

    static {
        double p = 1;
        for (int i = 0; i < EXACT_POW10.length; i++) {
            EXACT_POW10[i] = p;
            p *= 10;
        }
    }

    /**
     * {@link #parse(String)} on bytes, for a streaming reader: the float value of the finite
     * decimal number in {@code a[from, to)} (ASCII, trimmed of spaces), or NaN when the cell is
     * not one or lies beyond the float range. The same value, bit for bit, as
     * {@link Float#parseFloat} gives for the trimmed text; allocation-free for numbers whose
     * significant digits, read as an integer, lie below 2^53 (any of up to 15 digits) and whose
     * decimal exponent lies within ±22 (Clinger's fast path: one correctly
     * rounded double, then to float, except when that double lies exactly halfway between two
     * floats, the one case where the second rounding could differ; those and longer numbers go to
     * {@link Float#parseFloat}).
     */
    public static float parse(byte[] a, int from, int to) {
        while (from < to && a[from] == ' ') {
            from++;
        }
        while (to > from && a[to - 1] == ' ') {
            to--;
        }
        int i = from;
        boolean negative = false;
        if (i < to && (a[i] == '+' || a[i] == '-')) {
            negative = a[i] == '-';
            i++;
        }
        // The digits into m, leading zeros skipped (they add nothing), the others counted: m holds
        // up to 18 of them exactly; with more it may wrap, and the slow path below takes them.
        int start = i;
        long m = 0;
        int c;
        while (i < to && a[i] == '0') {
            i++;
        }
        int first = i;
        while (i < to && (c = a[i] - '0') >= 0 && c <= 9) {
            m = m * 10 + c;
            i++;
        }
        int significant = i - first;
        int digits = i - start;
        int scale = 0;                  // m × 10^scale is the number, before the exponent
        if (i < to && a[i] == '.') {
            i++;
            int fraction = i;
            if (significant == 0) {
                while (i < to && a[i] == '0') {
                    i++;
                }
            }
            first = i;
            while (i < to && (c = a[i] - '0') >= 0 && c <= 9) {
                m = m * 10 + c;
                i++;
            }
            significant += i - first;
            digits += i - fraction;
            scale = fraction - i;
        }
        if (digits == 0) {
            return Float.NaN;
        }
        int exponent = 0;
        if (i < to && (a[i] == 'e' || a[i] == 'E')) {
            i++;
            boolean negativeExponent = false;
            if (i < to && (a[i] == '+' || a[i] == '-')) {
                negativeExponent = a[i] == '-';
                i++;
            }
            int exponentDigits = 0;
            while (i < to && (c = a[i] - '0') >= 0 && c <= 9) {
                if (exponent < 100_000) {
                    exponent = exponent * 10 + c;
                }
                i++;
                exponentDigits++;
            }
            if (exponentDigits == 0) {
                return Float.NaN;
            }
            if (negativeExponent) {
                exponent = -exponent;
            }
        }
        if (i != to) {
            return Float.NaN;
        }
        if (significant == 0) {
            return negative ? -0f : 0f;
        }
        int e10 = scale + exponent;
        if (significant <= 18 && m < (1L << 53) && e10 >= -22 && e10 <= 22) {
            double d = e10 >= 0 ? m * EXACT_POW10[e10] : m / EXACT_POW10[-e10];
            long bits = Double.doubleToRawLongBits(d);
            if (d >= 0x1p-126 && d <= Float.MAX_VALUE && (bits & 0x1FFF_FFFFL) != 0x1000_0000L) {
                float f = (float) d;
                return negative ? -f : f;
            }
        }
        float v = Float.parseFloat(new String(a, from, to - from, java.nio.charset.StandardCharsets.ISO_8859_1));
        return Float.isInfinite(v) ? Float.NaN : v;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
