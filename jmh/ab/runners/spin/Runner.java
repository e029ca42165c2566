/** A reference with no simdnet in it: 40 dependent scalar FMAs per operation (~160 cycles), to tell the machine's modes apart. */
public class Runner implements java.util.function.LongUnaryOperator {
    float[] w = new float[256];
    public Runner() { for (int i = 0; i < w.length; i++) w[i] = (i % 7) * 0.01f; }
    public long applyAsLong(long n) {
        long sink = 0;
        for (long i = 0; i < n; i++) {
            float a = i;
            for (int k = 0; k < 40; k++) a = Math.fma(a, w[k], 0.5f);   // 40 dependent FMAs, ~160 cycles
            sink += (long) a;
        }
        return sink;
    }
}
