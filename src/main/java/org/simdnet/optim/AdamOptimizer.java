package org.simdnet.optim;

import org.simdnet.kernel.Kernels;
import org.simdnet.kernel.OptimizerKernels;

/** {@link Adam}'s and {@link AdamW}'s state: the two moments and the step count (for the bias correction). */
final class AdamOptimizer extends ElementwiseOptimizer {

    private static final OptimizerKernels KERNELS = Kernels.OPTIMIZERS;

    private final OptimizerSpec spec;
    private final float beta1;
    private final float beta2;
    private final float eps;
    private final float weightDecay;
    private final boolean decoupled;
    private final float[] m;
    private final float[] v;

    AdamOptimizer(OptimizerSpec spec, int parameters, float beta1, float beta2, float eps, float weightDecay,
                  boolean decoupled) {
        super(parameters);
        this.spec = spec;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.decoupled = decoupled;
        this.m = new float[parameters];
        this.v = new float[parameters];
    }

    @Override
    void countStep() {
        if (steps == Integer.MAX_VALUE) {
            throw new IllegalStateException("Adam's step count would overflow");
        }
        steps++;
    }

    @Override
    void update(int from, int to) {
        if (decoupled) {
            KERNELS.adamW(to - from, params, from, gradient, from, m, from, v, from, lr, beta1, beta2, eps,
                    weightDecay, steps);
        } else {
            KERNELS.adam(to - from, params, from, gradient, from, m, from, v, from, lr, beta1, beta2, eps,
                    weightDecay, steps);
        }
    }

    @Override
    public OptimizerSpec spec() {
        return spec;
    }
}
