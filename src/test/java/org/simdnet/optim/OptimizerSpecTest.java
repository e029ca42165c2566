package org.simdnet.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The configurations: PyTorch's defaults and names, and argument checks that name the argument. */
class OptimizerSpecTest {

    @Test
    void pyTorchDefaults() {
        assertEquals(new Sgd(0.1f, 0f, 0f, 0f, false), OptimizerSpec.sgd(0.1f));
        assertEquals(new Adam(1e-3f, 0.9f, 0.999f, 1e-8f, 0f), OptimizerSpec.adam(1e-3f));
        assertEquals(new AdamW(1e-3f, 0.9f, 0.999f, 1e-8f, 1e-2f), OptimizerSpec.adamW(1e-3f));
        assertEquals(0f, OptimizerSpec.sgd(0.1f, 0.9f, 0f).dampening());
        assertEquals(0.25f, OptimizerSpec.adamW(1e-3f, 0.25f).weightDecay());
        assertEquals(0.5f, OptimizerSpec.adam(0.5f, 0f).lr());
    }

    @Test
    void pyTorchStyleNames() {
        assertEquals("sgd(lr=0.1, momentum=0.9, dampening=0.0, weight_decay=1.0E-4, nesterov=true)",
                OptimizerSpec.sgd(0.1f, 0.9f, 0f, 1e-4f, true).toString());
        assertEquals("adam(lr=0.001, betas=(0.9, 0.999), eps=1.0E-8, weight_decay=0.0)",
                OptimizerSpec.adam(1e-3f).toString());
        assertEquals("adamw(lr=0.001, betas=(0.9, 0.999), eps=1.0E-8, weight_decay=0.01)",
                OptimizerSpec.adamW(1e-3f).toString());
    }

    @Test
    void badConfigurationsNameTheArgument() {
        rejects(() -> OptimizerSpec.sgd(-0.1f), "lr", "-0.1");
        rejects(() -> OptimizerSpec.sgd(Float.NaN), "lr", "NaN");
        rejects(() -> OptimizerSpec.sgd(Float.POSITIVE_INFINITY), "lr", "Infinity");
        rejects(() -> OptimizerSpec.sgd(0.1f, -0.5f, 0f), "momentum", "-0.5");
        rejects(() -> OptimizerSpec.sgd(0.1f, 1f, 0f), "momentum", "[0, 1)");
        rejects(() -> OptimizerSpec.sgd(0.1f, 0.9f, -1e-4f), "weightDecay", "-1.0E-4");
        rejects(() -> OptimizerSpec.sgd(0.1f, 0.9f, 1.5f, 0f, false), "dampening", "1.5");
        rejects(() -> OptimizerSpec.sgd(0.1f, 0f, 0f, 0f, true), "nesterov requires momentum > 0");
        rejects(() -> OptimizerSpec.sgd(0.1f, 0.9f, 0.1f, 0f, true), "nesterov", "dampening 0.1");
        rejects(() -> OptimizerSpec.adam(-1e-3f), "lr");
        rejects(() -> OptimizerSpec.adam(1e-3f, 1f, 0.999f, 1e-8f, 0f), "beta1", "1.0");
        rejects(() -> OptimizerSpec.adam(1e-3f, 0.9f, -0.1f, 1e-8f, 0f), "beta2", "-0.1");
        rejects(() -> OptimizerSpec.adam(1e-3f, 0.9f, 0.999f, 0f, 0f), "eps", "> 0");
        rejects(() -> OptimizerSpec.adam(1e-3f, -1f), "weightDecay");
        rejects(() -> OptimizerSpec.adamW(1e-3f, 0.9f, 1.5f, 1e-8f, 0f), "beta2");
        rejects(() -> OptimizerSpec.adamW(1e-3f, Float.NaN), "weightDecay", "NaN");
        rejects(() -> OptimizerSpec.adamW(1e-3f).create(-1), "parameters", "-1");
        rejects(() -> OptimizerSpec.sgd(0.1f).create(-3), "parameters", "-3");
    }

    @Test
    void badStepsAreRefused() {
        for (OptimizerSpec spec : new OptimizerSpec[] {
                OptimizerSpec.sgd(0.1f), OptimizerSpec.sgd(0.1f, 0.9f, 0f), OptimizerSpec.adam(1e-3f),
                OptimizerSpec.adamW(1e-3f)}) {
            Optimizer opt = spec.create(4);
            float[] w = new float[4];
            rejects(() -> opt.step(w, new float[4], -1f), "lr", "-1.0");
            rejects(() -> opt.step(w, new float[4], Float.NaN), "lr", "NaN");
            rejects(() -> opt.step(w, new float[3], 0.1f), "made for 4 parameters", "gradient of 3");
            rejects(() -> opt.step(new float[5], new float[4], 0.1f), "params of 5");
            rejects(() -> opt.step(w, w, 0.1f), "same array");
            rejects(() -> opt.step(null, w, 0.1f), "params is null");
            assertEquals(0, opt.steps(), spec + ": a refused step is not counted");
            assertEquals(4, opt.size());
            assertEquals(spec, opt.spec());
        }
    }

    static void rejects(Executable call, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "message '" + e.getMessage() + "' lacks '" + f + "'");
        }
    }
}
