package org.simdnet.layer;

import org.simdnet.kernel.Kernels;
import org.simdnet.kernel.SmallMlpKernel;
import org.simdnet.onnx.OnnxForms;

/** {@code tanh(x)}, PyTorch's {@code nn.Tanh}; backward from the output, {@code dy·(1 − y²)}. */
public final class Tanh extends Activation {

    /** File code 4. */
    public static final LayerKind KIND = new LayerKind("tanh", 4, new float[0], true, (in, out, a) -> new Tanh(),
            OnnxForms.op("Tanh"));

    public Tanh() {
        super(KIND, "Tanh", false, true);
    }

    @Override
    public double apply(double x) {
        return Math.tanh(x);
    }

    @Override
    public void forward(int n, float[] x, int xOff, float[] y, int yOff) {
        Kernels.ROWS.tanh(n, x, xOff, y, yOff);
    }

    @Override
    public void backward(int n, float[] x, int xOff, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        Kernels.ROWS.tanhBackward(n, y, yOff, dy, dyOff, dx, dxOff);
    }

    @Override
    public int fusedCode() {
        return SmallMlpKernel.TANH;
    }
}
