package org.simdnet.optim;

import org.simdnet.kernel.Kernels;
import org.simdnet.kernel.OptimizerKernels;

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
        Args.step(size, params, gradient, lr);
        if (steps == Integer.MAX_VALUE) {
            throw new IllegalStateException("Adam's step count would overflow");
        }
        steps++;
        if (decoupled) {
            KERNELS.adamW(size, params, 0, gradient, 0, m, 0, v, 0, lr, beta1, beta2, eps, weightDecay, steps);
        } else {
            KERNELS.adam(size, params, 0, gradient, 0, m, 0, v, 0, lr, beta1, beta2, eps, weightDecay, steps);
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
