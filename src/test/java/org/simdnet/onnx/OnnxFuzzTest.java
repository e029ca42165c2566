package org.simdnet.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.management.ManagementFactory;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.simdnet.nn.Mlp;

/**
 * Coverage-guided fuzzing of the ONNX importer with Jazzer (docs/fuzzing.md). For any bytes,
 * {@link OnnxImport#read} returns a model or throws {@link OnnxFormatException}: nothing else
 * escapes (an unchecked exception, an {@code OutOfMemoryError} or a {@code StackOverflowError} is a
 * finding); reading allocates in proportion to the input; a model it loads exports and reads back
 * to the same layers and parameters. Plain builds replay the committed corpus
 * ({@code OnnxFuzzTestInputs/importerLoadsOrRejectsCleanly/}: the PyTorch fixtures, simdnet's
 * exports and corrupt variants).
 */
class OnnxFuzzTest {

    private static final long ALLOCATION_SLACK = 4L << 20;
    private static final long ALLOCATION_PER_INPUT_BYTE = 64;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    static {
        // First use initialises the layer registry and every kind's kernels: keep that out of the budget.
        try {
            for (org.simdnet.Model m : new org.simdnet.Model[] {
                    org.simdnet.Model.builder(2).dense(3).relu().dense(3).gelu().dense(3).tanh().dense(3).sigmoid()
                            .dense(3).leakyRelu(0.1f).dense(3).identity().dense(2).build(1),
                    org.simdnet.Model.builder(2).dense(2).meanSquaredError().build(1),
                    org.simdnet.Model.builder(2).dense(2).sigmoidCrossEntropy().build(1)}) {
                byte[] onnx = m.toOnnx();
                OnnxImport.read(onnx, "warm-up").copy();
                OnnxExport.toBytes(OnnxImport.read(onnx, "warm-up"), java.util.Map.of(), "warm-up");
            }
        } catch (OnnxFormatException | RuntimeException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @FuzzTest(maxDuration = "10m")
    void importerLoadsOrRejectsCleanly(byte[] data) {
        if (data == null) {
            return;
        }
        check(data);
    }

    /** The property, for one input (also used by {@link OnnxCorruptionTest}). */
    static Mlp check(byte[] data) {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        Mlp mlp;
        try {
            mlp = OnnxImport.read(data, "fuzz");
        } catch (OnnxFormatException e) {
            if (e.getMessage() == null || e.getMessage().contains("\n")) {
                fail("an unclear message: " + e.getMessage());
            }
            return null;
        }
        long used = THREADS.getCurrentThreadAllocatedBytes() - before;
        long budget = ALLOCATION_SLACK + ALLOCATION_PER_INPUT_BYTE * data.length;
        if (used > budget) {
            fail("reading " + data.length + " bytes allocated " + used + " bytes (budget " + budget + ")");
        }
        byte[] exported = OnnxExport.toBytes(mlp, mlp.metadata(), "fuzz");
        Mlp back;
        try {
            back = OnnxImport.read(exported, "re-export");
        } catch (OnnxFormatException e) {
            throw new AssertionError("simdnet cannot read its own export of a model it loaded: " + e.getMessage(), e);
        }
        assertEquals(mlp.toString(), back.toString());
        assertArrayEquals(mlp.params(), back.params());
        return mlp;
    }
}
