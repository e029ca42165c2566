package org.simdnet;

import java.util.Arrays;

import org.simdnet.layer.Dense;
import org.simdnet.nn.Mlp;

/**
 * Per-feature standardization {@code (x − mean) / std}, fitted on training rows and kept in a
 * model's metadata ({@value #MEAN_KEY}, {@value #STD_KEY}: the floats as decimal text), so that
 * the model takes raw features everywhere: training standardizes a copy of its rows, and the
 * predictor folds the scaling into the first Dense layer ({@code W' = W / std},
 * {@code b' = b − W·(mean / std)}, in double precision, rounded once), so a call costs nothing more.
 */
final class Standardization {

    static final String MEAN_KEY = "simdnet.standardize.mean";
    static final String STD_KEY = "simdnet.standardize.std";

    private final float[] mean;
    private final float[] std;

    private Standardization(float[] mean, float[] std) {
        this.mean = mean;
        this.std = std;
    }

    /**
     * Means and standard deviations (population, in double precision) of each feature of
     * {@code rows × features} {@code x}; a constant feature gets std 1 (it is only centred).
     */
    static Standardization fit(float[] x, int rows, int features) {
        if (rows < 1) {
            throw new IllegalArgumentException("standardization needs at least one row");
        }
        double[] sum = new double[features];
        for (int r = 0; r < rows; r++) {
            for (int f = 0; f < features; f++) {
                sum[f] += x[r * features + f];
            }
        }
        float[] mean = new float[features];
        float[] std = new float[features];
        for (int f = 0; f < features; f++) {
            double m = sum[f] / rows;
            double ss = 0;
            for (int r = 0; r < rows; r++) {
                double d = x[r * features + f] - m;
                ss += d * d;
            }
            double s = Math.sqrt(ss / rows);
            mean[f] = (float) m;
            std[f] = s > 0 && (float) s > 0 ? (float) s : 1f;
        }
        return new Standardization(mean, std);
    }

    /** The model's standardization, or null when its metadata holds none. */
    static Standardization of(Mlp mlp) {
        String m = mlp.metadata().get(MEAN_KEY);
        String s = mlp.metadata().get(STD_KEY);
        if (m == null && s == null) {
            return null;
        }
        if (m == null || s == null) {
            throw new IllegalArgumentException("the model's metadata has " + (m == null ? STD_KEY : MEAN_KEY)
                    + " without " + (m == null ? MEAN_KEY : STD_KEY));
        }
        Parsed last = lastParsed;
        if (last != null && last.meanText == m && last.stdText == s && last.value.mean.length == mlp.inputs()) {
            return last.value;
        }
        float[] mean = floats(m, MEAN_KEY);
        float[] std = floats(s, STD_KEY);
        if (mean.length != mlp.inputs() || std.length != mlp.inputs()) {
            throw new IllegalArgumentException("the model's standardization has " + mean.length + " means and "
                    + std.length + " deviations for " + mlp.inputs() + " inputs");
        }
        for (int f = 0; f < std.length; f++) {
            if (!(std[f] > 0) || !Float.isFinite(std[f]) || !Float.isFinite(mean[f])) {
                throw new IllegalArgumentException("the model's standardization of input " + f + " is mean " + mean[f]
                        + ", std " + std[f] + "; a std must be positive and both finite");
            }
        }
        Standardization parsed = new Standardization(mean, std);
        lastParsed = new Parsed(m, s, parsed);
        return parsed;
    }

    /**
     * The last metadata text parsed, and its result: a loop that asks for a predictor after every
     * epoch (to validate) parsed the same 2 × 64 decimals each time (~15 µs, a few per cent of a
     * digits epoch). Keyed on the very String objects, so any other text is parsed afresh;
     * immutable, published through a volatile field.
     */
    private static volatile Parsed lastParsed;

    private static final class Parsed {
        final String meanText;
        final String stdText;
        final Standardization value;

        Parsed(String meanText, String stdText, Standardization value) {
            this.meanText = meanText;
            this.stdText = stdText;
            this.value = value;
        }
    }

    private static float[] floats(String text, String key) {
        String[] parts = text.split(",");
        float[] v = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                v[i] = Float.parseFloat(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the model's " + key + " entry " + i + " is not a number: '" + parts[i] + "'");
            }
        }
        return v;
    }

    /** Stores this standardization in {@code mlp}'s metadata. */
    void storeIn(Mlp mlp) {
        if (!(mlp.layer(0) instanceof Dense)) {
            throw new IllegalArgumentException("standardization is folded into the first layer, which must be Dense; it is "
                    + mlp.layer(0));
        }
        if (mean.length != mlp.inputs()) {
            throw new IllegalArgumentException("standardization of " + mean.length + " features for a model of "
                    + mlp.inputs() + " inputs");
        }
        mlp.putMetadata(MEAN_KEY, text(mean));
        mlp.putMetadata(STD_KEY, text(std));
    }

    private static String text(float[] v) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < v.length; i++) {
            b.append(i == 0 ? "" : ",").append(Float.toString(v[i]));      // shortest text that reads back exactly
        }
        return b.toString();
    }

    /** A standardized copy of {@code rows × features} {@code x}. */
    float[] apply(float[] x, int rows) {
        float[] out = Arrays.copyOf(x, rows * mean.length);
        applyInPlace(out, rows);
        return out;
    }

    /** Standardizes the first {@code rows × features} floats of {@code x} in place. */
    void applyInPlace(float[] x, int rows) {
        int features = mean.length;
        for (int r = 0; r < rows; r++) {
            for (int f = 0; f < features; f++) {
                x[r * features + f] = (x[r * features + f] - mean[f]) / std[f];
            }
        }
    }

    /** A copy of {@code mlp} whose first Dense layer takes raw features (the scaling folded in). */
    Mlp foldInto(Mlp mlp) {
        Mlp folded = mlp.copy();
        Dense dense = (Dense) folded.layer(0);
        float[] p = folded.params();
        int w = folded.parameterOffset(0), in = dense.in(), out = dense.out(), b = w + in * out;
        for (int o = 0; o < out; o++) {
            double shift = 0;
            for (int i = 0; i < in; i++) {
                double wi = p[w + o * in + i];
                shift += wi * mean[i] / std[i];
                p[w + o * in + i] = (float) (wi / std[i]);
            }
            p[b + o] = (float) (p[b + o] - shift);
        }
        return folded;
    }
}
