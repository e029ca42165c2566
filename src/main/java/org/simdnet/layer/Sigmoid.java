package org.simdnet.layer;

import org.simdnet.kernel.ActivationKernel;
import org.simdnet.kernel.Kernels;
import org.simdnet.kernel.ScalarSigmoidKernel;
import org.simdnet.onnx.OnnxForms;

/** The logistic {@code 1 / (1 + e^−x)}, PyTorch's {@code nn.Sigmoid}; backward from the output. */
public final class Sigmoid extends Activation {

    /** File code 5. */
    public static final LayerKind KIND = new LayerKind("sigmoid", 5, new float[0], true, (in, out, a) -> new Sigmoid(),
            OnnxForms.op("Sigmoid"));

    /**
     * The kernel, chosen on first use: every layer kind is registered at start-up, and a vector
     * kernel's class initialisation would start the Vector API for a net that has no such layer.
     */
    private static final class Kernel {
        static final ActivationKernel KERNEL =
                Kernels.select(ActivationKernel.class, ScalarSigmoidKernel::new, "VectorSigmoidKernel");
    }

    public Sigmoid() {
        super(KIND, "Sigmoid", false, true);
    }

    @Override
    public double apply(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
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
