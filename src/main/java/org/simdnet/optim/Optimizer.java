package org.simdnet.optim;

import java.util.concurrent.ForkJoinPool;

/**
 * One optimizer's state (momentum buffer, Adam moments, step count) for one flat parameter array
 * of fixed size, made by {@link OptimizerSpec#create}. The state arrays are allocated once, when
 * it is made: a step allocates nothing. Not thread-safe.
 */
public interface Optimizer {

    /**
     * Applies one update in place: {@code params} moves against {@code gradient}, with this step's
     * learning rate (the schedule's {@code (float) (baseLr · factor(epoch))}). Both arrays must
     * hold exactly {@link #size()} floats and be distinct; {@code gradient} is not modified.
     *
     * @param params the parameters, updated in place
     * @param gradient the gradient of the loss with respect to {@code params}
     * @param lr this step's learning rate, finite and {@code >= 0}
     * @throws IllegalArgumentException on a wrong length, the same array twice, or an {@code lr}
     *         that is negative, NaN or infinite
     */
    void step(float[] params, float[] gradient, float lr);

    /**
     * {@link #step(float[], float[], float)}, with the update shared among {@code pool}'s threads
     * where it is large enough to gain from them (over 130,000 parameters). The update is
     * element-wise, so the result has the same bits as the one-thread step, for any pool. Called
     * from a task of {@code pool} or from any other thread; returns when the whole update is done.
     * The default ignores the pool.
     *
     * @param params the parameters, updated in place
     * @param gradient the gradient of the loss with respect to {@code params}
     * @param lr this step's learning rate, finite and {@code >= 0}
     * @param pool the threads to share the update with, or null for the calling thread only
     * @throws IllegalArgumentException as {@link #step(float[], float[], float)}
     */
    default void step(float[] params, float[] gradient, float lr, ForkJoinPool pool) {
        step(params, gradient, lr);
    }

    /**
     * Steps applied so far (Adam's bias correction uses this count).
     *
     * @return the number of completed {@link #step} calls
     */
    int steps();

    /**
     * The number of parameters this optimizer updates.
     *
     * @return the length {@code params} and {@code gradient} must have
     */
    int size();

    /**
     * The configuration this optimizer was made from.
     *
     * @return the spec whose {@link OptimizerSpec#create} made this optimizer
     */
    OptimizerSpec spec();
}
