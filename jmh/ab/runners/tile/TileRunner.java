package org.simdnet.kernel;

/** The micro-kernel alone: one packed A panel (MR×256) and one B panel (256×NR), in L1, over and over. */
public class TileRunner implements java.util.function.LongUnaryOperator {
    final int kc = 256;
    final float[] ap = new float[GemmBlocking.MR * kc * 24], bp = new float[GemmBlocking.NR * kc], c = new float[GemmBlocking.MR * 1024];
    public TileRunner() {
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < ap.length; i++) ap[i] = r.nextFloat() - 0.5f;
        for (int i = 0; i < bp.length; i++) bp[i] = r.nextFloat() - 0.5f;
    }
    public long applyAsLong(long calls) {
        // like the macro-kernel: one B panel against 24 A panels (MC = 192 rows), C row stride 1024
        for (long i = 0; i < calls; i++) {
            for (int t = 0; t < 24; t++) {
                GemmMicroKernel.tile(kc, ap, t * GemmBlocking.MR * kc, bp, 0, 1f, 0f, c, (t % 4) * GemmBlocking.NR, 1024);
            }
        }
        return Float.floatToRawIntBits(c[5]);
    }
}
