package org.simdnet.kernel;

/**
 * The fused kernel as the engine serves it when warm-up is on: each operation runs on the scalar
 * twin until {@link KernelWarmUp} has seen the vector kernel compiled and faster for it, then on
 * the vector kernel. The two give the same bits (see {@link ScalarSmallMlpKernel}), so when the
 * switch happens changes no result, only the speed. Each operation (training pass, batch
 * prediction, single prediction) switches on its own, as C2 compiles each on its own.
 */
final class WarmingSmallMlpKernel implements SmallMlpKernel {

    final ScalarSmallMlpKernel scalar;
    /** Set once, by the warm-up thread (or a test); read on every call. */
    volatile boolean vectorTraining;
    volatile boolean vectorBatch;
    volatile boolean vectorSingle;

    WarmingSmallMlpKernel(ScalarSmallMlpKernel scalar) {
        this.scalar = scalar;
    }

    /**
     * The vector kernel, made on its first use: its class initialisation (its shuffles and masks,
     * and the Vector API's own first operations) costs 50–70 ms of a fresh JVM on a Zen 3, which
     * a run served by the twin throughout never needs. The twin answers the layout questions (the
     * two share the layout). The warm-up's probes make their own vector kernel, so by the time
     * an operation switches, this is quick.
     */
    private static final class Vector {
        static final VectorSmallMlpKernel KERNEL = new VectorSmallMlpKernel();
    }

    /** The vector kernel (made on first call). */
    static VectorSmallMlpKernel vector() {
        return Vector.KERNEL;
    }

    @Override
    public void expect(int in, int hidden, int out, int activation, boolean training) {
        KernelWarmUp.expect(this, in, hidden, out, activation, training);
    }

    @Override
    public int scratchSize(int in, int hidden, int out) {
        return scalar.scratchSize(in, hidden, out);
    }

    @Override
    public double lossAndGradient(int in, int hidden, int out, int activation, float[] p, int pOff,
                                  float[] x, int[] order, int from, int rows, int[] labels, int batchSize,
                                  float[] grad, int gOff, float[] scratch, int[] correctOut) {
        if (vectorTraining) {
            return vector().lossAndGradient(in, hidden, out, activation, p, pOff, x, order, from, rows, labels,
                    batchSize, grad, gOff, scratch, correctOut);
        }
        return scalar.lossAndGradient(in, hidden, out, activation, p, pOff, x, order, from, rows, labels,
                batchSize, grad, gOff, scratch, correctOut);
    }

    @Override
    public void predict(int in, int hidden, int out, int activation, float[] p, int pOff,
                        float[] x, int xOff, int rows, float[] probabilities, int probOff,
                        int[] classes, int classOff, float[] scratch) {
        if (vectorBatch) {
            vector().predict(in, hidden, out, activation, p, pOff, x, xOff, rows, probabilities, probOff,
                    classes, classOff, scratch);
        } else {
            scalar.predict(in, hidden, out, activation, p, pOff, x, xOff, rows, probabilities, probOff,
                    classes, classOff, scratch);
        }
    }

    @Override
    public float largestMagnitude(float[] x, int off, int n) {
        // With the batch prediction it guards: the warm-up's batch probe compiles both together.
        return vectorBatch ? vector().largestMagnitude(x, off, n) : scalar.largestMagnitude(x, off, n);
    }

    @Override
    public void prepare(int in, int hidden, int out, float[] p, int pOff, float[] prepared) {
        scalar.prepare(in, hidden, out, p, pOff, prepared);     // the same layout and bits as the vector kernel's
    }

    @Override
    public int sampleScratchSize(int hidden) {
        return scalar.sampleScratchSize(hidden);
    }

    @Override
    public boolean needsSampleScratch(int in, int out, int activation) {
        return scalar.needsSampleScratch(in, out, activation);
    }

    @Override
    public int predictOne(int in, int hidden, int out, int activation, float[] prepared, float[] p, int pOff,
                          float[] x, int xOff, float[] probabilities, int probOff, float[] sampleScratch) {
        if (vectorSingle) {
            return vector().predictOne(in, hidden, out, activation, prepared, p, pOff, x, xOff, probabilities, probOff,
                    sampleScratch);
        }
        return scalar.predictOne(in, hidden, out, activation, prepared, p, pOff, x, xOff, probabilities, probOff,
                sampleScratch);
    }

    @Override
    public SmallMlpLayout layout(int in, int hidden, int out) {
        return scalar.layout(in, hidden, out);      // a value: either twin reads it
    }

    @Override
    public int predictOneNarrow(SmallMlpLayout layout, float[] prepared, float[] x, int xOff, float[] probabilities,
                                int probOff) {
        if (vectorSingle) {
            return vector().predictOneNarrow(layout, prepared, x, xOff, probabilities, probOff);
        }
        return scalar.predictOneNarrow(layout, prepared, x, xOff, probabilities, probOff);
    }

    /** Whether both inference operations have switched to the vector kernel. */
    boolean inferenceVector() {
        return vectorBatch && vectorSingle;
    }

    /** Whether every operation has switched to the vector kernel. */
    boolean allVector() {
        return vectorTraining && vectorBatch && vectorSingle;
    }

    /** Switches every operation (tests, and {@code -Dsimdnet.warmup=false}-like behaviour on demand). */
    void useVector(boolean on) {
        vectorTraining = on;
        vectorBatch = on;
        vectorSingle = on;
    }
}
