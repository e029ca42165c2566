package org.simdnet.autograd;

import org.simdnet.kernel.Kernels;

/**
 * Holds the {@link ElementwiseKernels} the tape uses, chosen once like {@link Kernels}: the
 * Vector API one when the engine's kernels are vectorized, the scalar one otherwise. The vector
 * class is loaded by name so a JVM without {@code jdk.incubator.vector} never links it.
 */
final class Elementwise {

    static final ElementwiseKernels OPS = choose();

    private Elementwise() {
    }

    private static ElementwiseKernels choose() {
        if (Kernels.vectorized()) {
            try {
                return (ElementwiseKernels) Class.forName("org.simdnet.autograd.VectorElementwise")
                        .getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | LinkageError e) {
                return new ScalarElementwise();
            }
        }
        return new ScalarElementwise();
    }
}
