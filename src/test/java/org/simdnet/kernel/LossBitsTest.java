package org.simdnet.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The reported loss has the same bits whether its kernel runs compiled by C2 or not. The narrow
 * softmax blocks keep Σ −log p as a product of mantissas per lane; the lanes' product was
 * {@code reduceLanes(MUL)}, whose order C2's intrinsic and the Java fallback choose differently.
 * This test warms the kernel up here (C2) and runs it in a JVM that never leaves C1 (the Java
 * fallback of every Vector API operation), and compares the bits. (JDK 17's C2 happens to
 * multiply the lanes in the fallback's sequential order; JDK 25's does not, and there the test
 * failed with {@code reduceLanes(MUL)}.)
 */
class LossBitsTest {

    /** The losses of the 3-class and the 5-class block paths, as raw bits, one per line. */
    static List<Long> losses() {
        List<Long> bits = new ArrayList<>();
        for (int cols : new int[] {3, 5}) {
            int rows = 256;
            SplittableRandom random = new SplittableRandom(cols);
            float[] logits = new float[rows * cols];
            int[] labels = new int[rows];
            for (int i = 0; i < logits.length; i++) {
                logits[i] = (float) (random.nextDouble() * 16 - 8);
            }
            for (int r = 0; r < rows; r++) {
                labels[r] = random.nextInt(cols);
            }
            float[] d = new float[logits.length];
            bits.add(Double.doubleToRawLongBits(Kernels.ROWS.softmaxCrossEntropy(rows, cols, logits, 0, cols, labels, 0,
                    rows, d, 0, cols)));
        }
        return bits;
    }

    public static void main(String[] args) {
        for (long b : losses()) {
            System.out.println(b);
        }
    }

    @Test
    void compiledAndInterpretedKernelsReportTheSameLossBits() throws IOException, InterruptedException {
        List<Long> warm = null;
        for (int i = 0; i < 30_000; i++) {          // enough calls for C2
            warm = losses();
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "--add-modules", "jdk.incubator.vector",
                "-cp", System.getProperty("java.class.path")));
        for (String property : new String[] {"simdnet.vectorBits", "simdnet.scalar"}) {
            if (System.getProperty(property) != null) {
                command.add("-D" + property + "=" + System.getProperty(property));
            }
        }
        command.add(LossBitsTest.class.getName());
        Process child = new ProcessBuilder(command).redirectErrorStream(false).start();
        child.getOutputStream().close();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(true, child.waitFor(60, TimeUnit.SECONDS), "the C1-only JVM finished");
        assertEquals(0, child.exitValue(), new String(child.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        List<Long> cold = new ArrayList<>();
        for (String line : out.strip().split("\n")) {
            cold.add(Long.parseLong(line.strip()));
        }
        assertEquals(warm, cold, "loss bits: C2 here, C1 (Java fallbacks) in the child; as doubles "
                + toDoubles(warm) + " and " + toDoubles(cold));
    }

    private static List<Double> toDoubles(List<Long> bits) {
        List<Double> d = new ArrayList<>();
        for (long b : bits) {
            d.add(Double.longBitsToDouble(b));
        }
        return d;
    }
}
