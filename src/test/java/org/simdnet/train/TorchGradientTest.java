package org.simdnet.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
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

    static final String[] CASES = {"mlp_ce_sgd_momentum", "mlp_ce_sgd_nesterov", "mlp_bce_adamw",
        "mlp_ce_adam_step_warmup_clip", "mlp_mse_sgd_cosine_noclip", "mlp_bce_binary_sgd_dampening",
        "linear_ce_gradient_only"};

    @ParameterizedTest
    @ValueSource(strings = {"mlp_ce_sgd_momentum", "mlp_ce_sgd_nesterov", "mlp_bce_adamw",
        "mlp_ce_adam_step_warmup_clip", "mlp_mse_sgd_cosine_noclip", "mlp_bce_binary_sgd_dampening",
        "linear_ce_gradient_only"})
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
