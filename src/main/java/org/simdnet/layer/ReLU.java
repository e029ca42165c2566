package org.simdnet.layer;

import org.simdnet.kernel.Kernels;
import org.simdnet.kernel.SmallMlpKernel;
import org.simdnet.onnx.OnnxForms;

/** {@code max(x, 0)}, PyTorch's {@code nn.ReLU}; backward from the output. */
public final class ReLU extends Activation {

    /** File code 3. */
    public static final LayerKind KIND = new LayerKind("relu", 3, new float[0], true, (in, out, a) -> new ReLU(),
            OnnxForms.op("Relu"));

    public ReLU() {
        super(KIND, "ReLU", false, true);
    }

    @Override
    public void forward(int n, float[] x, int xOff, float[] y, int yOff) {
        Kernels.ROWS.relu(n, x, xOff, y, yOff);
    }

    @Override
    public void backward(int n, float[] x, int xOff, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        Kernels.ROWS.reluBackward(n, y, yOff, dy, dyOff, dx, dxOff);
    }

    @Override
    public double apply(double x) {
        return x > 0 ? x : 0;
    }

    @Override
    public int fusedCode() {
        return SmallMlpKernel.RELU;
    }
}
