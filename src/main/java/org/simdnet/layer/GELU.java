package org.simdnet.layer;

import org.simdnet.kernel.ActivationKernel;
import org.simdnet.kernel.Kernels;
import org.simdnet.kernel.ScalarGeluKernel;
import org.simdnet.onnx.OnnxForms;

/**
 * The Gaussian error linear unit in PyTorch's tanh form,
 * {@code 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))} ({@code nn.GELU(approximate='tanh')});
 * backward from the input.
 */
public final class GELU extends Activation {

    /** File code 7. */
    public static final LayerKind KIND = new LayerKind("gelu", 7, new float[0], true, (in, out, a) -> new GELU(),
            OnnxForms.geluPrimitives());

    /**
     * The kernel, chosen on first use: every layer kind is registered at start-up, and a vector
     * kernel's class initialisation would start the Vector API for a net that has no such layer.
     */
    private static final class Kernel {
        static final ActivationKernel KERNEL =
                Kernels.select(ActivationKernel.class, ScalarGeluKernel::new, "VectorGeluKernel");
    }

    public GELU() {
        super(KIND, "GELU", true, false);
    }

    @Override
    public double apply(double x) {
        return 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));
    }

    @Override
    public void forward(int n, float[] x, int xOff, float[] y, int yOff) {
        Kernel.KERNEL.forward(n, x, xOff, y, yOff, 0f);
    }

    @Override
    public void backward(int n, float[] x, int xOff, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        Kernel.KERNEL.backward(n, x, xOff, y, yOff, dy, dyOff, dx, dxOff, 0f);
    }
}
