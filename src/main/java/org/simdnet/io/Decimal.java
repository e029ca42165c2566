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

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
