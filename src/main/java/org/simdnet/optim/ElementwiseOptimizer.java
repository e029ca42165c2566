package org.simdnet.optim;

import java.util.concurrent.ForkJoinPool;
import org.simdnet.kernel.RangeSplit;

/**
 * An optimizer whose update is element-wise (each parameter's new value depends on its own
 * gradient and state only): the checks, the step count and the sharing of the update with a
 * pool, once. {@link RangeSplit} hands {@link #update} disjoint ranges, possibly on several
 * threads; the bits never depend on the split.
 */
abstract class ElementwiseOptimizer implements Optimizer {

    /** Parameters updated. */
    final int size;
    /** Steps counted so far, the current one included while {@link #update} runs. */
    int steps;
    // The step in progress, read by update (which may run on pool threads); set by step only.
    float[] params;
    float[] gradient;
    float lr;
    private final RangeSplit.Range update = this::update;

    ElementwiseOptimizer(int parameters) {
        Args.nonNegative("parameters", parameters);
        this.size = parameters;
    }

    @Override
    public final void step(float[] params, float[] gradient, float lr) {
        step(params, gradient, lr, null);
    }

    @Override
    public final void step(float[] params, float[] gradient, float lr, ForkJoinPool pool) {
        Args.step(size, params, gradient, lr);
        countStep();
        this.params = params;
        this.gradient = gradient;
        this.lr = lr;
        try {
            RangeSplit.run(size, update, pool);
        } finally {
            this.params = null;
            this.gradient = null;
        }
    }

    /** Counts the step about to be taken; throws, counting nothing, when it cannot be. */
    void countStep() {
        steps++;
    }

    /** Updates elements {@code from .. to} with this step's {@link #params}, {@link #gradient} and {@link #lr}. */
    abstract void update(int from, int to);

    @Override
    public final int steps() {
        return steps;
    }

    @Override
    public final int size() {
        return size;
    }
}
