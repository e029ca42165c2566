package org.simdnet.optim;

/**
 * The {@code torch.optim} update rules written out plainly in double, one element at a time, as
 * the documentation of SGD, Adam and AdamW states them: the reference the optimizers are held to.
 */
final class TorchReference {

    private TorchReference() {
    }

    /** torch.optim.SGD, one step; {@code buf} is null without momentum. */
    static void sgd(double[] w, float[] g, double[] buf, int step, double lr, double momentum, double dampening,
                    double weightDecay, boolean nesterov) {
        for (int i = 0; i < w.length; i++) {
            double d = g[i] + weightDecay * w[i];
            if (momentum != 0) {
                buf[i] = step == 1 ? d : momentum * buf[i] + (1 - dampening) * d;
                d = nesterov ? d + momentum * buf[i] : buf[i];
            }
            w[i] -= lr * d;
        }
    }

    /** torch.optim.Adam (decoupled false) or torch.optim.AdamW (decoupled true), one step {@code t >= 1}. */
    static void adam(double[] w, float[] g, double[] m, double[] v, int t, double lr, double beta1, double beta2,
                     double eps, double weightDecay, boolean decoupled) {
        double bc1 = 1 - Math.pow(beta1, t);
        double bc2 = 1 - Math.pow(beta2, t);
        for (int i = 0; i < w.length; i++) {
            double d = g[i];
            if (decoupled) {
                w[i] *= 1 - lr * weightDecay;
            } else {
                d += weightDecay * w[i];
            }
            m[i] = beta1 * m[i] + (1 - beta1) * d;
            v[i] = beta2 * v[i] + (1 - beta2) * d * d;
            w[i] -= lr / bc1 * m[i] / (Math.sqrt(v[i]) / Math.sqrt(bc2) + eps);
        }
    }

    static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }

    static float[] random(java.util.SplittableRandom rnd, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (2 * rnd.nextDouble() - 1);
        }
        return a;
    }
}
