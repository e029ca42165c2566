package org.simdnet.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.simdnet.nn.Mlp;
import org.simdnet.optim.LearningRateSchedule;
import org.simdnet.optim.OptimizerSpec;
import org.simdnet.testing.MiniJson;

/**
 * Five full-batch training steps of PyTorch-made reference cases through the {@link Trainer}
 * itself (optimizer, schedule, warm-up, clipping wired as a user configures them): the loss
 * before each step and every parameter after each step agree with PyTorch's to 1e-5 (relative,
 * or absolute below 1e-2 in magnitude, where float rounding of the update dominates).
 */
class TorchTrajectoryTest {

    /** Every fixture that has a trajectory. */
    static Stream<String> trajectories() throws IOException {
        return TorchGradientTest.fixtures().filter(n -> new TorchFixture(n).json.get("trajectory") != null);
    }

    @ParameterizedTest
    @MethodSource("trajectories")
    void trajectoryMatchesPyTorch(String name) {
        TorchFixture f = new TorchFixture(name);
        Mlp mlp = f.model();
        int steps = ((Double) f.json.get("steps")).intValue();
        TrainConfig config = TrainConfig.defaults().withEpochs(steps).withBatchSize(0).withThreads(1)
                .withOptimizer(optimizer(f.object("optimizer"))).withSchedule(schedule(f))
                .withClipNorm(f.json.get("clip") == null ? 0f : ((Double) f.json.get("clip")).floatValue());
        List<float[]> after = new ArrayList<>();
        TrainResult result;
        Trainer trainer = f.labels != null ? new Trainer(mlp, f.x, f.labels, f.rows, config)
                : new Trainer(mlp, f.x, f.targets, f.rows, config);
        try (trainer) {
            result = trainer.train((epoch, epochs, loss, accuracy, stepsPerSecond) -> after.add(mlp.params().clone()));
        }
        Map<String, Object> trajectory = f.object("trajectory");
        float[] losses = MiniJson.floats(trajectory.get("loss"));
        List<?> params = (List<?>) trajectory.get("params");
        assertEquals(steps, after.size());
        for (int s = 0; s < steps; s++) {
            assertTrue(close(losses[s], result.epochLoss()[s], 1e-5),
                    name + " step " + s + ": loss " + result.epochLoss()[s] + ", PyTorch " + losses[s]);
            float[] expected = MiniJson.floats(params.get(s));
            for (int i = 0; i < expected.length; i++) {
                assertTrue(close(expected[i], after.get(s)[i], 1e-5), name + " step " + (s + 1) + ": parameter "
                        + i + " is " + after.get(s)[i] + ", PyTorch " + expected[i]);
            }
        }
    }

    /** 1e-5 of the value, or of 1e-2 for values smaller than that. */
    static boolean close(double expected, double actual, double tolerance) {
        return Math.abs(expected - actual) <= tolerance * Math.max(Math.abs(expected), 1e-2);
    }

    static OptimizerSpec optimizer(Map<String, Object> o) {
        float lr = (float) TorchFixture.number(o, "lr");
        float wd = (float) TorchFixture.number(o, "weight_decay");
        switch ((String) o.get("kind")) {
            case "sgd":
                return OptimizerSpec.sgd(lr, (float) TorchFixture.number(o, "momentum"),
                        (float) TorchFixture.number(o, "dampening"), wd, (Boolean) o.get("nesterov"));
            case "adam":
                return OptimizerSpec.adam(lr, (float) TorchFixture.number(o, "beta1"),
                        (float) TorchFixture.number(o, "beta2"), (float) TorchFixture.number(o, "eps"), wd);
            case "adamw":
                return OptimizerSpec.adamW(lr, (float) TorchFixture.number(o, "beta1"),
                        (float) TorchFixture.number(o, "beta2"), (float) TorchFixture.number(o, "eps"), wd);
            default:
                throw new AssertionError(o);
        }
    }

    static LearningRateSchedule schedule(TorchFixture f) {
        Map<String, Object> s = f.object("schedule");
        LearningRateSchedule schedule = LearningRateSchedule.constant();
        if (s != null) {
            switch ((String) s.get("kind")) {
                case "step":
                    schedule = LearningRateSchedule.step((int) TorchFixture.number(s, "step_epochs"),
                            TorchFixture.number(s, "gamma"));
                    break;
                case "cosine":
                    schedule = LearningRateSchedule.cosine((int) TorchFixture.number(s, "total_epochs"),
                            TorchFixture.number(s, "min_factor"));
                    break;
                default:
                    throw new AssertionError(s);
            }
        }
        int warmup = ((Double) f.json.get("warmup")).intValue();
        return warmup > 0 ? LearningRateSchedule.linearWarmup(warmup).times(schedule) : schedule;
    }
}
