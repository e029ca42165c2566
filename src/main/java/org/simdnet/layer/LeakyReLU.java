package org.simdnet.layer;

import org.simdnet.kernel.ActivationKernel;
import org.simdnet.kernel.Kernels;
import org.simdnet.kernel.ScalarLeakyReluKernel;
import org.simdnet.onnx.OnnxForms;

/**
 * {@code x > 0 ? x : slope·x}, PyTorch's {@code nn.LeakyReLU(negative_slope)} (default 0.01);
 * backward from the input, which is right for any slope, negative ones included.
 */
public final class LeakyReLU extends Activation {

    /** File code 6; one attribute, the negative slope. */
    public static final LayerKind KIND = new LayerKind("leaky_relu", 6, new float[] {0.01f}, true,
            (in, out, a) -> new LeakyReLU(a[0]), OnnxForms.op("LeakyRelu", "alpha"));

    /**
     * The kernel, chosen on first use: every layer kind is registered at start-up, and a vector
     * kernel's class initialisation would start the Vector API for a net that has no such layer.
     */
    private static final class Kernel {
        static final ActivationKernel KERNEL =
                Kernels.select(ActivationKernel.class, ScalarLeakyReluKernel::new, "VectorLeakyReluKernel");
    }

    private final float slope;

    /** @throws IllegalArgumentException when the slope is not finite */
    public LeakyReLU(float slope) {
        super(KIND, "LeakyReLU", true, false);
        if (!Float.isFinite(slope)) {
            throw new IllegalArgumentException("LeakyReLU slope must be finite, got " + slope);
        }
        this.slope = slope;
    }

    /** PyTorch's default slope, 0.01. */
    public LeakyReLU() {
        this(0.01f);
    }

    public float slope() {
        return slope;
    }

    @Override
    public float[] attributes() {
        return new float[] {slope};
    }

    @Override
    public double apply(double x) {
        return x > 0 ? x : slope * x;
    }

    @Override
    public void forward(int n, float[] x, int xOff, float[] y, int yOff) {
        Kernel.KERNEL.forward(n, x, xOff, y, yOff, slope);
    }

    @Override
    public void backward(int n, float[] x, int xOff, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        Kernel.KERNEL.backward(n, x, xOff, y, yOff, dy, dyOff, dx, dxOff, slope);
    }

    @Override
    public String toString() {
        return "LeakyReLU(" + slope + ")";
    }
}
