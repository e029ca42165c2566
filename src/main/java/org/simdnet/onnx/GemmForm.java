package org.simdnet.onnx;

import org.simdnet.layer.Layer;

/**
 * A fully connected layer in ONNX. Written as {@code Gemm(x, W, b)} with {@code transB=1}, so W
 * keeps simdnet's (and PyTorch's) {@code [out × in]} layout. Read from {@code Gemm} (any
 * {@code transB}, {@code alpha} and {@code beta} folded into the weights, a bias of shape
 * {@code [out]}, {@code [1, out]} or a scalar) or from {@code MatMul(x, W[in × out])} followed by
 * {@code Add} of a bias, as {@code torch.onnx.export} writes {@code nn.Linear} on inputs of rank 3.
 */
final class GemmForm extends OnnxForm {

    @Override
    String export(Layer layer, int inputWidth, float[] params, int pOff, OnnxGraphWriter graph, String prefix,
                  String input) {
        int out = layer.outputWidth(inputWidth);
        String w = graph.initializer(prefix + ".weight", new long[] {out, inputWidth}, params, pOff, out * inputWidth);
        String b = graph.initializer(prefix + ".bias", new long[] {out}, params, pOff + out * inputWidth, out);
        String y = graph.tensor(prefix);
        graph.node("Gemm", prefix, new String[] {input, w, b}, y, "transB", 1L);
        return y;
    }

    @Override
    Imported match(OnnxNode node, OnnxChain chain, int width, float[] defaults) throws OnnxFormatException {
        if (node.opType.equals("Gemm")) {
            return gemm(node, chain, width);
        }
        if (node.opType.equals("MatMul")) {
            return matMul(node, chain, width);
        }
        return null;
    }

    private static Imported gemm(OnnxNode node, OnnxChain chain, int width) throws OnnxFormatException {
        if (node.inputs.size() < 2 || !node.inputs.get(0).equals(chain.current())) {
            throw new OnnxFormatException(node.describe() + ": simdnet reads Gemm with the data as its first input");
        }
        if (node.intAttribute("transA", 0) != 0) {
            throw new OnnxFormatException(node.describe() + ": transA=1 is not a layer simdnet reads");
        }
        boolean transB = node.intAttribute("transB", 0) != 0;
        float alpha = node.floatAttribute("alpha", 1f);
        float beta = node.floatAttribute("beta", 1f);
        OnnxTensor b = chain.weight(node, node.inputs.get(1));
        if (b.dims.length != 2) {
            throw new OnnxFormatException(node.describe() + ": weight " + b.describe() + " is not a matrix");
        }
        int out = (int) (transB ? b.dims[0] : b.dims[1]);
        int in = (int) (transB ? b.dims[1] : b.dims[0]);
        checkFanIn(node, b, in, width);
        float[] params = new float[out * in + out];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                double w = transB ? b.values[o * in + i] : b.values[i * out + o];
                params[o * in + i] = alpha == 1f ? (float) w : (float) (alpha * (float) w);
            }
        }
        if (node.inputs.size() > 2 && !node.inputs.get(2).isEmpty()) {
            bias(node, chain.weight(node, node.inputs.get(2)), out, beta, params, out * in);
        }
        return new Imported(new float[0], out, finite(node, params), node);
    }

    private static Imported matMul(OnnxNode node, OnnxChain chain, int width) throws OnnxFormatException {
        if (node.inputs.size() != 2 || !node.inputs.get(0).equals(chain.current())) {
            throw new OnnxFormatException(node.describe() + ": simdnet reads MatMul with the data as its first input");
        }
        OnnxTensor b = chain.weight(node, node.inputs.get(1));
        if (b.dims.length != 2) {
            throw new OnnxFormatException(node.describe() + ": weight " + b.describe() + " is not a matrix");
        }
        int in = (int) b.dims[0];
        int out = (int) b.dims[1];
        checkFanIn(node, b, in, width);
        float[] params = new float[out * in + out];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                params[o * in + i] = (float) b.values[i * out + o];
            }
        }
        OnnxNode last = node;
        OnnxNode add = chain.soleConsumer(node.outputs.get(0));
        if (add != null && add.opType.equals("Add") && add.inputs.size() == 2) {
            String other = add.inputs.get(0).equals(node.outputs.get(0)) ? add.inputs.get(1) : add.inputs.get(0);
            if (chain.isConstant(other)) {
                bias(add, chain.weight(add, other), out, 1f, params, out * in);
                last = add;
            }
        }
        return new Imported(new float[0], out, finite(node, params), last);
    }

    /** Weights given in double, or scaled by alpha and beta, may not fit a float. */
    private static float[] finite(OnnxNode node, float[] params) throws OnnxFormatException {
        for (int i = 0; i < params.length; i++) {
            if (!Float.isFinite(params[i])) {
                throw new OnnxFormatException(node.describe() + ": parameter " + i + " is " + params[i]
                        + " as a float (a weight, alpha or beta out of float range)");
            }
        }
        return params;
    }

    private static void checkFanIn(OnnxNode node, OnnxTensor b, int in, int width) throws OnnxFormatException {
        if (width >= 0 && in != width) {
            throw new OnnxFormatException(node.describe() + ": weight " + b.describe() + " takes " + in
                    + " inputs, the tensor before it has " + width);
        }
        if (in < 1 || b.values.length == 0) {
            throw new OnnxFormatException(node.describe() + ": weight " + b.describe() + " is empty");
        }
    }

    private static void bias(OnnxNode node, OnnxTensor c, int out, float beta, float[] params, int offset)
            throws OnnxFormatException {
        long n = c.values.length;
        boolean rowVector = n == out && (c.dims.length == 1 || (c.dims.length == 2 && c.dims[0] == 1));
        if (!rowVector && n != 1) {
            throw new OnnxFormatException(node.describe() + ": bias " + c.describe() + " does not fit " + out
                    + " outputs");
        }
        for (int o = 0; o < out; o++) {
            double v = c.values[rowVector ? o : 0];
            params[offset + o] = beta == 1f ? (float) v : (float) (beta * (float) v);
        }
    }
}
