package org.simdnet.bench;

import java.nio.file.Path;

import org.simdnet.Model;

/**
 * Checks that an ONNX file written by {@link OnnxExport} computes what the simdnet model does:
 * class probabilities within {@code 1e-5} of simdnet's {@code Predictor} on random points of
 * {@code [-1, 1]²} (and the same classes where the top two are not within that tolerance).
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp jmh/target/benchmarks.jar org.simdnet.bench.OnnxCheck \
 *     MODEL_FILE MODEL.onnx [points=1000]
 * </pre>
 * Prints one line; exits with 1 when they disagree.
 */
public final class OnnxCheck {

    private static final double TOLERANCE = 1e-5;

    private OnnxCheck() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2 || args.length > 3) {
            System.err.println("usage: OnnxCheck MODEL_FILE MODEL.onnx [points=1000]");
            System.exit(2);
        }
        int n = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        float[][] points = ColdService.randomPoints(n, 42);
        int classes = Model.load(Path.of(args[0])).outputs();
        double maxDiff = 0;
        int classMismatches = 0;
        try (ColdService.Engine simdnet = ColdService.open("simdnet", Path.of(args[0]));
             ColdService.Engine onnx = ColdService.open("onnx", Path.of(args[1]))) {
            float[] ps = new float[256];
            float[] po = new float[256];
            for (float[] p : points) {
                int cs = simdnet.predict(p, ps);
                int co = onnx.predict(p, po);
                double gap = Double.POSITIVE_INFINITY;  // simdnet's top probability over its runner-up
                for (int c = 0; c < classes; c++) {
                    maxDiff = Math.max(maxDiff, Math.abs(ps[c] - po[c]));
                    if (c != cs) {
                        gap = Math.min(gap, ps[cs] - ps[c]);
                    }
                }
                if (cs != co && gap > TOLERANCE) {
                    classMismatches++;
                }
            }
        }
        boolean ok = maxDiff <= TOLERANCE && classMismatches == 0;
        System.out.printf("onnxcheck points=%d max_abs_diff=%.3g class_mismatches=%d %s%n",
                n, maxDiff, classMismatches, ok ? "OK" : "FAILED");
        System.exit(ok ? 0 : 1);
    }
}
