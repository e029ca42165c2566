package org.simdnet.layer;

import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;

/**
 * One step of a model: {@code rows} input rows of {@code inputWidth} floats in, rows of
 * {@link #outputWidth} floats out, on the engine's kernels. A layer owns its concept: its identity
 * in files ({@link #kind()}, {@link #attributes()}), its parameters' span and initialisation, its
 * forward and backward, and what its backward reads (so the model can decide which buffers a pass
 * may share). Layers hold no per-pass state: one instance serves any number of threads.
 *
 * <p>Parameters live in the model's one flat array from the offset the model hands in; gradients
 * use the same layout in the gradient array. Buffers are row-major, {@code rows × width}.
 */
public interface Layer {

    /** The kind: name and stable file code. */
    LayerKind kind();

    /** The values besides the widths that define this layer (LeakyReLU's slope); empty for most. */
    float[] attributes();

    /**
     * The width this layer produces from {@code inputWidth}.
     *
     * @throws IllegalArgumentException when the layer cannot take that width (a Dense layer of
     *                                  another fan-in)
     */
    int outputWidth(int inputWidth);

    /** Floats of parameters this layer owns at {@code inputWidth}. */
    int parameterCount(int inputWidth);

    /** Draws this layer's initial parameters into {@code params[offset …]}. */
    void initialise(int inputWidth, float[] params, int offset, SplittableRandom random);

    /** True when {@link #backward} reads the forward input (so the input must survive the pass). */
    boolean backwardReadsInput();

    /** True when {@link #backward} reads the forward output (so a later layer may not overwrite it). */
    boolean backwardReadsOutput();

    /**
     * True for element-wise layers: forward may run in place ({@code out == in}) and backward may
     * run in place on the gradient ({@code dIn == dOut}).
     */
    boolean elementWise();

    /**
     * Forward over {@code rows} rows: reads {@code in}, writes {@code out}.
     *
     * @param pool null, or a pool large products may split across (bit-identical either way)
     */
    void forward(int rows, int inputWidth, float[] in, float[] out, float[] params, int pOff, ForkJoinPool pool);

    /**
     * Forward of one row in double precision: the predictor's fallback for a sample whose float
     * forward overflowed (a logit that is ±∞ or NaN for finite features). Reads
     * {@code in[0 .. inputWidth)}, writes {@code out[0 .. outputWidth)}; element-wise layers may
     * be given {@code out == in}. Rare and slow, so it may allocate; the float path never calls it.
     */
    void forwardExact(int inputWidth, double[] in, double[] out, float[] params, int pOff);

    /**
     * Backward over the rows of the last forward: from the output gradient {@code dOut}, writes this
     * layer's parameter gradient at {@code grad[gOff …]} (overwriting it) and, unless
     * {@code dIn} is null, the input gradient into {@code dIn}. {@code in} and {@code out} are the
     * forward's buffers.
     */
    void backward(int rows, int inputWidth, float[] in, float[] out, float[] dOut, float[] dIn,
                  float[] params, int pOff, float[] grad, int gOff, ForkJoinPool pool);

    /** How the layer reads in a description, e.g. {@code Dense(2, 64)} or {@code ReLU}. */
    @Override
    String toString();
}
