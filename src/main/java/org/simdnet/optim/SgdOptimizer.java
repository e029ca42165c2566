package org.simdnet.optim;

import org.simdnet.kernel.Kernels;
import org.simdnet.kernel.OptimizerKernels;

/** {@link Sgd}'s state: the momentum buffer (empty without momentum) and the step count. */
final class SgdOptimizer implements Optimizer {

    private static final OptimizerKernels KERNELS = Kernels.OPTIMIZERS;

    private final Sgd spec;
    private final int size;
    private final float[] momentumBuf;
    private int steps;

    SgdOptimizer(Sgd spec, int parameters) {
        Args.nonNegative("parameters", parameters);
        this.spec = spec;
        this.size = parameters;
        this.momentumBuf = new float[spec.momentum() != 0f ? parameters : 0];
    }

    @Override
    public void step(float[] params, float[] gradient, float lr) {
        Args.step(size, params, gradient, lr);
        steps++;
        // PyTorch's first step copies the gradient into the buffer instead of blending it in.
        KERNELS.sgd(size, params, 0, gradient, 0, momentumBuf, 0, lr, spec.momentum(), spec.dampening(),
                spec.weightDecay(), spec.nesterov(), steps == 1);
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
