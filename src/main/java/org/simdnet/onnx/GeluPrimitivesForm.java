package org.simdnet.onnx;

import org.simdnet.layer.Layer;

/**
 * {@code 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))} as ONNX primitive operators (the opsets
 * before 20 have no GELU). Import does not look for this exact node sequence: the importer
 * recognizes any run of element-wise primitives by evaluating it ({@link ElementwiseRegion}).
 */
final class GeluPrimitivesForm extends OnnxForm {

    @Override
    String export(Layer layer, int inputWidth, float[] params, int pOff, OnnxGraphWriter graph, String prefix,
                  String x) {
        String kappa = graph.scalar(prefix + ".kappa", 0.044715f);
        String beta = graph.scalar(prefix + ".beta", (float) Math.sqrt(2 / Math.PI));
        String one = graph.scalar(prefix + ".one", 1f);
        String half = graph.scalar(prefix + ".half", 0.5f);
        String x2 = mul(graph, prefix, x, x);
        String x3 = mul(graph, prefix, x2, x);
        String inner = add(graph, prefix, x, mul(graph, prefix, x3, kappa));
        String t = graph.tensor(prefix);
        graph.node("Tanh", t, new String[] {mul(graph, prefix, inner, beta)}, t);
        String halfX = mul(graph, prefix, x, half);
        return mul(graph, prefix, halfX, add(graph, prefix, t, one));
    }

    private static String mul(OnnxGraphWriter graph, String prefix, String a, String b) {
        String y = graph.tensor(prefix);
        graph.node("Mul", y, new String[] {a, b}, y);
        return y;
    }

    private static String add(OnnxGraphWriter graph, String prefix, String a, String b) {
        String y = graph.tensor(prefix);
        graph.node("Add", y, new String[] {a, b}, y);
        return y;
    }

    @Override
    Imported match(OnnxNode node, OnnxChain chain, int width, float[] defaults) {
        return null;
    }
}
