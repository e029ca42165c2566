package org.simdnet.optim;

import java.util.concurrent.ForkJoinPool;
import org.simdnet.kernel.Kernels;
import org.simdnet.kernel.OptimizerKernels;
import org.simdnet.kernel.RangeSplit;

/** {@link Sgd}'s state: the momentum buffer (empty without momentum) and the step count. */
final class SgdOptimizer implements Optimizer {

    private static final OptimizerKernels KERNELS = Kernels.OPTIMIZERS;

    private final Sgd spec;
    private final int size;
    private final float[] momentumBuf;
    private int steps;
    // The step in progress, for update (which may run on pool threads); set by step only.
    private float[] params;
    private float[] gradient;
    private float lr;
    private final RangeSplit.Range update = this::update;

    SgdOptimizer(Sgd spec, int parameters) {
        Args.nonNegative("parameters", parameters);
        this.spec = spec;
        this.size = parameters;
        this.momentumBuf = new float[spec.momentum() != 0f ? parameters : 0];
    }

    @Override
    public void step(float[] params, float[] gradient, float lr) {
        step(params, gradient, lr, null);
    }

    @Override
    public void step(float[] params, float[] gradient, float lr, ForkJoinPool pool) {
        Args.step(size, params, gradient, lr);
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
        // PyTorch's first step copies the gradient into the buffer instead of blending it in.
        KERNELS.sgd(to - from, params, from, gradient, from, momentumBuf, momentumBuf.length == 0 ? 0 : from, lr,
                spec.momentum(), spec.dampening(), spec.weightDecay(), spec.nesterov(), steps == 1);
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
