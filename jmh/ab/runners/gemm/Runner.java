import org.simdnet.kernel.Gemm;

/** One n × n × n sgemm (NN, one thread) per operation; n from -Dn (512). */
public class Runner implements java.util.function.LongUnaryOperator {
    final int n = Integer.getInteger("n", 512);
    final float[] a = new float[n * n], b = new float[n * n], c = new float[n * n];
    public Runner() {
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < a.length; i++) { a[i] = r.nextFloat() - 0.5f; b[i] = r.nextFloat() - 0.5f; }
    }
    public long applyAsLong(long calls) {
        for (long i = 0; i < calls; i++) {
            Gemm.sgemm(false, false, n, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n);
        }
        return Float.floatToRawIntBits(c[7]);
    }
}
