package org.simdnet.optim;

import org.simdnet.kernel.Kernels;
import org.simdnet.kernel.OptimizerKernels;

/** {@link Sgd}'s state: the momentum buffer (empty without momentum) and the step count. */
final class SgdOptimizer extends ElementwiseOptimizer {

    private static final OptimizerKernels KERNELS = Kernels.OPTIMIZERS;

    private final Sgd spec;
    private final float[] momentumBuf;

    SgdOptimizer(Sgd spec, int parameters) {
        super(parameters);
        this.spec = spec;
        this.momentumBuf = new float[spec.momentum() != 0f ? parameters : 0];
    }

    @Override
    void update(int from, int to) {
        // PyTorch's first step copies the gradient into the buffer instead of blending it in.
        KERNELS.sgd(to - from, params, from, gradient, from, momentumBuf, momentumBuf.length == 0 ? 0 : from, lr,
                spec.momentum(), spec.dampening(), spec.weightDecay(), spec.nesterov(), steps == 1);
    }

    @Override
    public OptimizerSpec spec() {
        return spec;
    }
}
