package org.simdnet.kernel;

/**
 * Fused forward, softmax cross-entropy and backward of a perceptron with one hidden layer that is
 * narrow at both ends: few inputs and few classes, any hidden width (the spiral classifier,
 * 2 → 100 → 3). Pushing such a net through GEMM calls wastes the vector units, since its products
 * have k = 2 or n = 3; this kernel instead puts <em>samples</em> in the vector lanes where a
 * dimension is tiny, and hidden units in the lanes where the weight gradients accumulate.
 *
 * <p>Parameters use the engine's flat layout from {@code pOff}: {@code W1 [hidden × in]},
 * {@code b1 [hidden]}, {@code W2 [out × hidden]}, {@code b2 [out]}; the gradient is written in the
 * same layout. Implementations trust their caller.
 */
public interface SmallMlpKernel {

    /** Widest input this kernel takes. */
    int MAX_INPUTS = 8;
    /** Most classes this kernel takes. */
    int MAX_CLASSES = 16;
    /**
     * Widest hidden layer this kernel takes: its scratch grows with the hidden width (about 70
     * floats per unit), and wider nets gain nothing from the fused pass.
     */
    int MAX_HIDDEN = 1 << 16;

    /** Activation codes (the kernel layer knows no layer types). */
    int IDENTITY = 0;
    /** {@code max(x, 0)}. */
    int RELU = 1;
    /** {@code tanh(x)}. */
    int TANH = 2;

    /**
     * A hint that calls for this shape will follow: an engine that starts on scalar twins
     * ({@link KernelWarmUp}) begins compiling the vector path for it in the background: its
     * inference operations, and with {@code training} its training pass too. Returns at once;
     * the default does nothing.
     */
    default void expect(int in, int hidden, int out, int activation, boolean training) {
    }

    /** Floats of scratch {@link #lossAndGradient} and {@link #predict} need. */
    int scratchSize(int in, int hidden, int out);

    /**
     * Forward, loss and backward over samples {@code order[from .. from+rows)} of {@code x}
     * ({@code [· × in]}) or, with {@code order == null}, samples {@code from .. from+rows)}.
     * Overwrites the gradient at {@code gOff} with this shard's share of the batch-mean gradient.
     * Labels are checked (an {@link IllegalArgumentException} names a label outside
     * {@code [0, out)}); everything else is trusted.
     *
     * @param correctOut {@code correctOut[0]} receives how many samples the forward pass
     *                   classified right (first maximum on ties)
     * @return this shard's share of the batch-mean cross-entropy
     */
    double lossAndGradient(int in, int hidden, int out, int activation, float[] p, int pOff,
                           float[] x, int[] order, int from, int rows, int[] labels, int batchSize,
                           float[] grad, int gOff, float[] scratch, int[] correctOut);

    /**
     * Class probabilities ({@code rows × out}, row-major) and most probable classes of samples
     * {@code xOff/in .. +rows} of {@code x}. A sample whose float forward overflows (a logit that
     * is NaN or +∞, or all of them −∞) gets NaN probabilities; the {@code Predictor} sends samples
     * whose features could overflow to its double-precision path instead of this kernel.
     */
    void predict(int in, int hidden, int out, int activation, float[] p, int pOff,
                 float[] x, int xOff, int rows, float[] probabilities, int probOff,
                 int[] classes, int classOff, float[] scratch);

    /**
     * The largest magnitude among {@code x[off .. off+n)} (0 when n is 0), or a NaN when any of
     * them is NaN: how a batch prediction checks its features against the float forward's safe
     * bound, beside {@link #predict}. Exact, so every implementation gives the same answer.
     */
    float largestMagnitude(float[] x, int off, int n);

    /**
     * Copies the weights into the layout {@link #predictOne} reads ({@code prepared} holds
     * {@link #scratchSize} floats). Done once per model; the copy is only read afterwards, so
     * one prepared array serves any number of threads.
     */
    void prepare(int in, int hidden, int out, float[] p, int pOff, float[] prepared);

    /**
     * The scratch layout of one shape, for callers that look it up once ({@link #predictOneNarrow}).
     */
    SmallMlpLayout layout(int in, int hidden, int out);

    /**
     * {@link #predictOne} for a ReLU net whose single-sample path needs no scratch
     * ({@code !needsSampleScratch(in, out, RELU)}), with the layout looked up once by the caller:
     * a service's call does no per-call lookups.
     */
    int predictOneNarrow(SmallMlpLayout layout, float[] prepared, float[] x, int xOff, float[] probabilities, int probOff);

    /** Floats of per-caller scratch {@link #predictOne} needs. */
    int sampleScratchSize(int hidden);

    /**
     * Whether {@link #predictOne} uses its scratch argument for this net; when false, callers
     * may pass null (and skip fetching a per-thread buffer).
     */
    boolean needsSampleScratch(int in, int out, int activation);

    /**
     * Class probabilities of one sample {@code x[xOff .. xOff+in)} into
     * {@code probabilities[probOff .. +out)}; returns the most probable class (first on ties).
     * Reads {@code b2} from {@code p}, everything else from {@code prepared}. Overflowed logits
     * give NaN probabilities, as in {@link #predict}.
     */
    int predictOne(int in, int hidden, int out, int activation, float[] prepared, float[] p, int pOff,
                   float[] x, int xOff, float[] probabilities, int probOff, float[] sampleScratch);
}
