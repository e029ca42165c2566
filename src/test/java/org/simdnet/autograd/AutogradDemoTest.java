package org.simdnet.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** The lecture's example: values and the exact lines the CLI prints. */
class AutogradDemoTest {

    @Test
    void lectureValues() {
        Tensor x = Tensor.of(new float[][] {{1, 2}, {3, 4}}).requireGrad();
        Tensor y = x.sub(2f);
        Tensor z = y.mul(y).mul(3f);
        Tensor out = z.mean();
        out.backward();
        assertArrayEquals(new float[] {-1, 0, 1, 2}, y.data());
        assertArrayEquals(new float[] {3, 0, 3, 12}, z.data());
        assertEquals(4.5f, out.item());
        assertArrayEquals(new int[0], out.shape());
        // x.grad = 6y/4: all of these are exact in float.
        assertArrayEquals(new float[] {-1.5f, 0f, 1.5f, 3f}, x.grad().data());
        assertArrayEquals(new int[] {2, 2}, x.grad().shape());
    }

    @Test
    void printedLines() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream ps = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            AutogradDemo.run(ps);
        }
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\\R");
        assertArrayEquals(new String[] {
            "x = [[1.0, 2.0], [3.0, 4.0]]",
            "y = [[-1.0, 0.0], [1.0, 2.0]]",
            "z = [[3.0, 0.0], [3.0, 12.0]]",
            "out = 4.5",
            "x.grad = [[-1.5, 0.0], [1.5, 3.0]]",
        }, lines);
    }
}
