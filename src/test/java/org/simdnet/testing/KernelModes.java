package org.simdnet.testing;

import static org.junit.jupiter.api.Assumptions.assumeFalse;

import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;
import org.simdnet.kernel.Kernels;

/**
 * Which kernels a test JVM was asked for. CI runs the whole suite three ways: as is (vector
 * kernels), with {@code -Dsimdnet.scalar=true} and with {@code -Dsimdnet.fused=false}. Tests of a
 * vector kernel skip in the scalar run; the guards that the vector kernels are in use skip only
 * when the scalar kernels were asked for, so a JVM that silently fell back to them still fails.
 */
public final class KernelModes {

    private KernelModes() {
    }

    /** True when this JVM was started with {@code -Dsimdnet.scalar=true}. */
    public static boolean scalarRequested() {
        return Boolean.getBoolean("simdnet.scalar");
    }

    /** Skips a "the vector kernels are in use" guard in a run that asked for the scalar kernels. */
    public static void assumeVectorKernelsWanted() {
        assumeFalse(scalarRequested(), "-Dsimdnet.scalar=true: the scalar kernels were asked for");
    }

    /**
     * jqwik's way to skip a property (an assumption that fails every try fails the property):
     * {@code @AddLifecycleHook(KernelModes.VectorKernelsOnly.class)} skips it when the vector
     * kernels are not in use.
     */
    public static final class VectorKernelsOnly implements SkipExecutionHook {
        @Override
        public SkipResult shouldBeSkipped(LifecycleContext context) {
            return Kernels.vectorized() ? SkipResult.doNotSkip()
                    : SkipResult.skip("the vector kernels are not in use: " + Kernels.DESCRIPTION);
        }
    }
}
