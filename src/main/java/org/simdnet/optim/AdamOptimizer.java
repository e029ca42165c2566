package org.simdnet.optim;

import java.util.concurrent.ForkJoinPool;
import org.simdnet.kernel.Kernels;
import org.simdnet.kernel.OptimizerKernels;
import org.simdnet.kernel.RangeSplit;

/** {@link Adam}'s and {@link AdamW}'s state: the two moments and the step count (for the bias correction). */
final class AdamOptimizer implements Optimizer {

    private static final OptimizerKernels KERNELS = Kernels.OPTIMIZERS;

    private final OptimizerSpec spec;
    private final int size;
    private final float beta1;
    private final float beta2;
    private final float eps;
    private final float weightDecay;
    private final boolean decoupled;
    private final float[] m;
    private final float[] v;
    private int steps;
    // The step in progress, for update (which may run on pool threads); set by step only.
    private float[] params;
    private float[] gradient;
    private float lr;
    private final RangeSplit.Range update = this::update;

    AdamOptimizer(OptimizerSpec spec, int parameters, float beta1, float beta2, float eps, float weightDecay,
                  boolean decoupled) {
        Args.nonNegative("parameters", parameters);
        this.spec = spec;
        this.size = parameters;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.decoupled = decoupled;
        this.m = new float[parameters];
        this.v = new float[parameters];
    }

    @Override
    public void step(float[] params, float[] gradient, float lr) {
        step(params, gradient, lr, null);
    }

    @Override
    public void step(float[] params, float[] gradient, float lr, ForkJoinPool pool) {
        Args.step(size, params, gradient, lr);
        if (steps == Integer.MAX_VALUE) {
            throw new IllegalStateException("Adam's step count would overflow");
        }
        steps++;
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

    /** The update of elements {@code from .. to} with this step's arrays and learning rate. */
    private void update(int from, int to) {
        if (decoupled) {
            KERNELS.adamW(to - from, params, from, gradient, from, m, from, v, from, lr, beta1, beta2, eps,
                    weightDecay, steps);
        } else {
            KERNELS.adam(to - from, params, from, gradient, from, m, from, v, from, lr, beta1, beta2, eps,
                    weightDecay, steps);
        }
    }

    @Override
    public int steps() {
        return steps;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public OptimizerSpec spec() {
        return spec;
    }
}
