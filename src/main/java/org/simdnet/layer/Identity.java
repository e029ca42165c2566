package org.simdnet.layer;

import org.simdnet.kernel.SmallMlpKernel;
import org.simdnet.onnx.OnnxForms;

/** {@code y = x}: no non-linearity (the lecture's linear model), PyTorch's {@code nn.Identity}. */
public final class Identity extends Activation {

    /** File code 2. */
    public static final LayerKind KIND = new LayerKind("identity", 2, new float[0], true, (in, out, a) -> new Identity(),
            OnnxForms.op("Identity"));

    public Identity() {
        super(KIND, "Identity", false, false);
    }

    @Override
    public void forward(int n, float[] x, int xOff, float[] y, int yOff) {
        if (x != y || xOff != yOff) {
            System.arraycopy(x, xOff, y, yOff, n);
        }
    }

    @Override
    public void backward(int n, float[] x, int xOff, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        if (dx != dy || dxOff != dyOff) {
            System.arraycopy(dy, dyOff, dx, dxOff, n);
        }
    }

    @Override
    public double apply(double x) {
        return x;
    }

    @Override
    public int fusedCode() {
        return SmallMlpKernel.IDENTITY;
    }
}
