package org.simdnet;

/** Test access to a model's internals that the public API keeps to training and loading. */
final class ModelAccess {

    private ModelAccess() {
    }

    /** {@code model} with its flat parameters replaced by {@code params} (same length). */
    static Model withParameters(Model model, float[] params) {
        float[] p = model.mlp().params();
        if (p.length != params.length) {
            throw new IllegalArgumentException(params.length + " parameters for a model of " + p.length);
        }
        System.arraycopy(params, 0, p, 0, p.length);
        return model;
    }
}
