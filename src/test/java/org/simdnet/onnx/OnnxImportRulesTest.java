package org.simdnet.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.simdnet.nn.Mlp;

/** Graphs written by hand: what the importer must accept, and what it must refuse, and how it says so. */
class OnnxImportRulesTest {

    /** input [batch, 2] → Gemm(2 → 3) → (extra nodes) → Softmax → probabilities. */
    private static byte[] model(java.util.function.BiFunction<OnnxGraphWriter, String, String> middle) {
        OnnxGraphWriter g = new OnnxGraphWriter();
        String w = g.initializer("w", new long[] {3, 2}, new float[] {1, 2, 3, 4, 5, 6}, 0, 6);
        String b = g.initializer("b", new long[] {3}, new float[] {0.1f, 0.2f, 0.3f}, 0, 3);
        g.node("Gemm", "gemm", new String[] {"input", w, b}, "z", "transB", 1L);
        String last = middle.apply(g, "z");
        g.node("Softmax", "softmax", new String[] {last}, "probabilities");
        ProtoWriter graph = new ProtoWriter();
        g.writeInto(graph);
        graph.message(11, valueInfo("input", 2)).message(12, valueInfo("probabilities", 3));
        return new ProtoWriter().int64(1, 7).message(7, graph)
                .message(8, new ProtoWriter().string(1, "").int64(2, 13)).toByteArray();
    }

    private static ProtoWriter valueInfo(String name, int width) {
        ProtoWriter shape = new ProtoWriter().message(1, new ProtoWriter().string(2, "batch"))
                .message(1, new ProtoWriter().int64(1, width));
        ProtoWriter tensor = new ProtoWriter().int64(1, OnnxTensor.FLOAT).message(2, shape);
        return new ProtoWriter().string(1, name).message(2, new ProtoWriter().message(1, tensor));
    }

    @Test
    void aPlainChainIsRead() throws OnnxFormatException {
        Mlp mlp = OnnxImport.read(model((g, x) -> x), "m.onnx");
        assertEquals("[Dense(2, 3)]", mlp.layers().toString());
        assertEquals("softmax_cross_entropy", mlp.head().kind().name());
    }

    @Test
    void dropoutIsTheIdentityOnlyOutsideTraining() throws OnnxFormatException {
        Mlp mlp = OnnxImport.read(model((g, x) -> {
            g.node("Dropout", "dropout", new String[] {x}, "d");
            return "d";
        }), "m.onnx");
        assertEquals("[Dense(2, 3)]", mlp.layers().toString());

        OnnxFormatException e = assertThrows(OnnxFormatException.class, () -> OnnxImport.read(model((g, x) -> {
            String ratio = g.scalar("ratio", 0.5f);
            String training = g.scalar("training", 1f);
            g.node("Dropout", "dropout", new String[] {x, ratio, training}, "d");
            return "d";
        }), "m.onnx"));
        assertTrue(e.getMessage().contains("unsupported operator 'Dropout'"), e.getMessage());
    }

    @Test
    void aBranchIsNotAChain() {
        // z feeds Relu and Tanh, whose sum goes on: two paths, not a layer.
        OnnxFormatException e = assertThrows(OnnxFormatException.class, () -> OnnxImport.read(model((g, x) -> {
            g.node("Relu", "relu", new String[] {x}, "r");
            g.node("Tanh", "tanh", new String[] {x}, "t");
            g.node("Add", "add", new String[] {"r", "t"}, "s");
            return "s";
        }), "m.onnx"));
        assertTrue(e.getMessage().startsWith("m.onnx: unsupported operator 'Relu' at 'Relu' node 'relu' (node 1)"),
                e.getMessage());
        assertTrue(e.getMessage().contains("feeds 2 nodes"), e.getMessage());
    }

    @Test
    void anActivationWrittenAsPrimitivesIsRecognizedByWhatItComputes() throws OnnxFormatException {
        // sigmoid(x) = 1 / (1 + exp(-x)), written out.
        Mlp mlp = OnnxImport.read(model((g, x) -> {
            String one = g.scalar("one", 1f);
            g.node("Neg", "neg", new String[] {x}, "n");
            g.node("Exp", "exp", new String[] {"n"}, "e");
            g.node("Add", "add", new String[] {"e", one}, "d");
            g.node("Div", "div", new String[] {one, "d"}, "s");
            return "s";
        }), "m.onnx");
        assertEquals("[Dense(2, 3), Sigmoid]", mlp.layers().toString());

        // 2·x is no activation simdnet has: refused, not approximated.
        OnnxFormatException e = assertThrows(OnnxFormatException.class, () -> OnnxImport.read(model((g, x) -> {
            String two = g.scalar("two", 2f);
            g.node("Mul", "double", new String[] {x, two}, "y");
            return "y";
        }), "m.onnx"));
        assertTrue(e.getMessage().contains("unsupported operator 'Mul' at 'Mul' node 'double'"), e.getMessage());
    }

    @Test
    void primitivesThatComputeTheirInputAreAPassThroughLikeIdentity() throws OnnxFormatException {
        // x · 1 is the identity: no layer, as an Identity node is none, so a re-export reads back the same
        // model (Jazzer found an Identity layer here that the export then wrote as an Identity node).
        byte[] bytes = model((g, x) -> {
            String one = g.scalar("one", 1f);
            g.node("Mul", "times_one", new String[] {x, one}, "y");
            return "y";
        });
        Mlp mlp = OnnxImport.read(bytes, "m.onnx");
        assertEquals("[Dense(2, 3)]", mlp.layers().toString());
        OnnxFuzzTest.check(bytes);
    }

    @Test
    void aWeightThatIsNotAConstantIsNamed() {
        byte[] bytes = model((g, x) -> {
            g.node("MatMul", "mm", new String[] {x, x}, "y");
            return "y";
        });
        OnnxFormatException e = assertThrows(OnnxFormatException.class, () -> OnnxImport.read(bytes, "m.onnx"));
        assertTrue(e.getMessage().contains("'MatMul' node 'mm' (node 1): input 'z' is not a constant"), e.getMessage());
    }
}
