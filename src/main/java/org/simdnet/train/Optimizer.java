package org.simdnet.train;

import org.simdnet.kernel.Kernels;
import org.simdnet.kernel.OptimizerKernels;

/**
 * An optimizer's state (momentum or Adam moments) for one flat parameter array, and its step:
 * one kernel call over the whole model.
 */
final class Optimizer {

    private static final OptimizerKernels KERNELS = Kernels.OPTIMIZERS;

    private final OptimizerSpec spec;
    private final float[] first;
    private final float[] second;
    private int steps;

    Optimizer(OptimizerSpec spec, int parameters) {
        this.spec = spec;
        boolean needsFirst = spec.kind == OptimizerSpec.Kind.ADAM || spec.momentum != 0;
        this.first = new float[needsFirst ? parameters : 0];
        this.second = new float[spec.kind == OptimizerSpec.Kind.ADAM ? parameters : 0];
    }

    /** Applies one update: {@code params} moves against {@code gradient}. */
    void step(float[] params, float[] gradient) {
        steps++;
        int n = params.length;
        if (spec.kind == OptimizerSpec.Kind.ADAM) {
            KERNELS.adam(n, params, 0, gradient, 0, first, 0, second, 0,
                    spec.lr, spec.beta1, spec.beta2, spec.eps, spec.weightDecay, steps);
        } else {
            KERNELS.sgd(n, params, 0, gradient, 0, first, 0,
                    spec.lr, spec.momentum, spec.weightDecay, steps == 1);
        }
    }
}
