package org.simdnet.nn;

import org.simdnet.layer.Dense;
import org.simdnet.layer.Layer;

/**
 * A model's forward pass and loss in double precision, written out plainly from the formulas (the
 * tests' oracle). A switch over kind names is fine here: this is the independent re-statement the
 * layers are checked against.
 */
public final class DoubleReference {

    private static final double GELU_BETA = Math.sqrt(2 / Math.PI);

    private DoubleReference() {
    }

    /** The last layer's outputs {@code z} for row {@code row} of {@code x}, with parameters {@code p}. */
    public static double[] forward(Mlp m, double[] p, float[] x, int row) {
        double[] a = new double[m.inputs()];
        for (int i = 0; i < a.length; i++) {
            a[i] = x[row * a.length + i];
        }
        for (int l = 0; l < m.layerCount(); l++) {
            Layer layer = m.layer(l);
            if (layer instanceof Dense) {
                Dense d = (Dense) layer;
                int w = m.parameterOffset(l), b = w + d.in() * d.out();
                double[] z = new double[d.out()];
                for (int o = 0; o < d.out(); o++) {
                    double s = p[b + o];
                    for (int i = 0; i < d.in(); i++) {
                        s += p[w + o * d.in() + i] * a[i];
                    }
                    z[o] = s;
                }
                a = z;
            } else {
                for (int i = 0; i < a.length; i++) {
                    a[i] = activation(layer.kind().name(), layer.attributes(), a[i]);
                }
            }
        }
        return a;
    }

    /** {@code f(v)} of the activation kind {@code name}. */
    public static double activation(String name, float[] attributes, double v) {
        switch (name) {
            case "relu":
                return Math.max(v, 0);
            case "tanh":
                return Math.tanh(v);
            case "sigmoid":
                return 1 / (1 + Math.exp(-v));
            case "identity":
                return v;
            case "leaky_relu":
                return v > 0 ? v : attributes[0] * v;
            case "gelu":
                return 0.5 * v * (1 + Math.tanh(GELU_BETA * (v + 0.044715 * v * v * v)));
            default:
                throw new AssertionError("no reference for " + name);
        }
    }

    /** The head's mean loss over {@code rows} rows. */
    public static double loss(Mlp m, double[] p, float[] x, int[] labels, float[] targets, int rows) {
        int width = m.outputs();
        double total = 0;
        for (int r = 0; r < rows; r++) {
            double[] z = forward(m, p, x, r);
            switch (m.head().kind().name()) {
                case "softmax_cross_entropy": {
                    double max = Double.NEGATIVE_INFINITY;
                    for (double v : z) {
                        max = Math.max(max, v);
                    }
                    double sum = 0;
                    for (double v : z) {
                        sum += Math.exp(v - max);
                    }
                    total += -(z[labels[r]] - max - Math.log(sum)) * width;   // divided by width below
                    break;
                }
                case "mse":
                    for (int c = 0; c < width; c++) {
                        double d = z[c] - targets[r * width + c];
                        total += d * d;
                    }
                    break;
                case "sigmoid_bce":
                    for (int c = 0; c < width; c++) {
                        double t = targets[r * width + c];
                        double s = 1 / (1 + Math.exp(-z[c]));
                        total += -(t * Math.log(s) + (1 - t) * Math.log(1 - s));
                    }
                    break;
                default:
                    throw new AssertionError();
            }
        }
        return total / ((double) rows * width);
    }

    /** What the predictor reports for one row: probabilities, or the values. */
    public static double[] outputs(Mlp m, float[] x, int row) {
        double[] p = new double[m.params().length];
        for (int i = 0; i < p.length; i++) {
            p[i] = m.params()[i];
        }
        double[] z = forward(m, p, x, row);
        switch (m.head().kind().name()) {
            case "softmax_cross_entropy": {
                double max = Double.NEGATIVE_INFINITY;
                for (double v : z) {
                    max = Math.max(max, v);
                }
                double sum = 0;
                for (int i = 0; i < z.length; i++) {
                    z[i] = Math.exp(z[i] - max);
                    sum += z[i];
                }
                for (int i = 0; i < z.length; i++) {
                    z[i] /= sum;
                }
                return z;
            }
            case "sigmoid_bce":
                for (int i = 0; i < z.length; i++) {
                    z[i] = 1 / (1 + Math.exp(-z[i]));
                }
                return z;
            default:
                return z;
        }
    }
}
