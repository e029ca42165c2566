package org.simdnet.kernel;

import static org.simdnet.kernel.GemmBlocking.KC;
import static org.simdnet.kernel.GemmBlocking.MC;
import static org.simdnet.kernel.GemmBlocking.MR;
import static org.simdnet.kernel.GemmBlocking.NC;
import static org.simdnet.kernel.GemmBlocking.NR;

/**
 * The packing buffers of one thread. Each thread that runs a GEMM (the caller and every pool
 * worker) owns one, found through a {@link ThreadLocal}; the buffers grow to the largest block
 * the thread has seen (at most MC×KC and KC×NC) and are then reused, so a GEMM in steady state
 * allocates nothing.
 */
final class GemmWorkspace {

    private static final ThreadLocal<GemmWorkspace> PER_THREAD = ThreadLocal.withInitial(GemmWorkspace::new);

    /** Packed A block: MR-row micro-panels, each {@code kc × MR}. */
    float[] packedA = new float[0];
    /** Packed B block: NR-column micro-panels, each {@code kc × NR}. */
    float[] packedB = new float[0];
    /**
     * 16 vectors of floats: one MR × NR tile (at most 8 × 2 vectors), where edge tiles are
     * computed before their valid part is copied to C, or the small paths' blocks.
     */
    final float[] tile = new float[16 * GemmBlocking.VL];
    /** The small path's copy of a transposed B, {@code k × n} row-major. */
    float[] smallB = new float[0];
    /** Zeros that {@link GemmDot} reads for the missing rows and columns of a block; never written. */
    float[] zeros = new float[0];
    /** Gather offsets of {@link GemmTranspose}: one per lane. */
    final int[] rowStarts = new int[GemmBlocking.VL];

    static GemmWorkspace get() {
        return PER_THREAD.get();
    }

    /** Makes the packing buffers large enough for an {@code mc × kc} A and {@code kc × nc} B block. */
    void ensure(int mc, int kc, int nc) {
        int aNeeded = GemmBlocking.roundUp(Math.min(mc, MC), MR) * Math.min(kc, KC);
        int bNeeded = GemmBlocking.roundUp(Math.min(nc, NC), NR) * Math.min(kc, KC);
        if (packedA.length < aNeeded) {
            packedA = new float[aNeeded];
        }
        if (packedB.length < bNeeded) {
            packedB = new float[bNeeded];
        }
    }

    float[] smallB(int size) {
        if (smallB.length < size) {
            smallB = new float[size];
        }
        return smallB;
    }

    float[] zeros(int size) {
        if (zeros.length < size) {
            zeros = new float[size];
        }
        return zeros;
    }
}
