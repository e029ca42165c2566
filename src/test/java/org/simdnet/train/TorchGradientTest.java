package org.simdnet.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.simdnet.nn.Backprop;
import org.simdnet.nn.Mlp;
import org.simdnet.nn.Workspace;

/**
 * Loss and every gradient entry of PyTorch-made reference cases (mixed activations, all three
 * heads), through the layer-by-layer path and through the trainer's own shard entry point (the
 * fused kernel where the model matches it): 1e-5 relative or 1e-7 absolute. The suite runs this
 * on the vector kernels at each species and on the scalar kernels.
 */
class TorchGradientTest {

    /** Every fixture in the directory: a new one is checked without editing this test. */
    static Stream<String> fixtures() throws IOException {
        try (Stream<Path> files = Files.list(TorchFixture.DIR)) {
            List<String> names = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".json"))
                    .map(n -> n.substring(0, n.length() - 5)).sorted().collect(Collectors.toList());
            assertTrue(names.size() >= 8, "the committed fixtures: " + names);
            return names.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void lossAndGradientMatchPyTorch(String name) {
        TorchFixture f = new TorchFixture(name);
        Mlp mlp = f.model();
        Workspace ws = new Workspace(mlp, f.rows);
        ws.load(f.x, f.inputs, f.labels, f.targets, mlp.outputs(), null, 0, f.rows);
        double loss = Backprop.lossAndGradient(mlp, ws, f.rows, f.rows, null);
        check(name + " layers", f, loss, ws.gradient());

        Workspace shard = new Workspace(mlp, f.rows);
        double shardLoss = Backprop.shard(mlp, shard, f.x, f.labels, f.targets, null, 0, f.rows, f.rows, null,
                new double[1]);
        check(name + " shard path", f, shardLoss, shard.gradient());
    }

    static void check(String what, TorchFixture f, double loss, float[] gradient) {
        assertTrue(close(f.loss, loss), what + ": loss " + loss + " vs PyTorch " + f.loss);
        for (int i = 0; i < f.gradient.length; i++) {
            assertTrue(close(f.gradient[i], gradient[i]),
                    what + ": gradient " + i + " is " + gradient[i] + ", PyTorch " + f.gradient[i]);
        }
    }

    /** 1e-5 relative, or 1e-7 absolute. */
    static boolean close(double expected, double actual) {
        double d = Math.abs(expected - actual);
        return d <= 1e-7 || d <= 1e-5 * Math.abs(expected);
    }
}
