package org.simdnet.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The learning-rate schedules against numbers worked out by hand (and PyTorch's closed forms). */
class ScheduleTest {

    private static final double TOL = 1e-12;

    @Test
    void constant() {
        for (int e = 0; e < 5; e++) {
            assertEquals(1.0, LearningRateSchedule.constant().factor(e));
        }
        assertEquals(0.1f, LearningRateSchedule.constant().learningRate(0.1f, 3));
    }

    @Test
    void stepHalvesEveryTwoEpochs() {
        // StepLR(step_size=2, gamma=0.5)
        double[] expected = {1, 1, 0.5, 0.5, 0.25, 0.25};
        LearningRateSchedule s = LearningRateSchedule.step(2, 0.5);
        for (int e = 0; e < expected.length; e++) {
            assertEquals(expected[e], s.factor(e), TOL, "epoch " + e);
        }
        assertEquals(0.1 * 0.1 * 0.1, LearningRateSchedule.step(3, 0.1).factor(9), TOL);
        assertEquals((float) (0.1f * 0.25), s.learningRate(0.1f, 5));
    }

    @Test
    void cosineOverTenEpochs() {
        // (1 + cos(π·e/10))/2: e = 0 → 1, 2 → (1 + cos 36°)/2 = 0.9045084971874737, 5 → 0.5,
        // 8 → (1 + cos 144°)/2 = 0.09549150281252633, 10 → 0; held at 0 afterwards
        LearningRateSchedule s = LearningRateSchedule.cosine(10, 0);
        assertEquals(1.0, s.factor(0), TOL);
        assertEquals(0.9045084971874737, s.factor(2), TOL);
        assertEquals(0.5, s.factor(5), TOL);
        assertEquals(0.09549150281252633, s.factor(8), TOL);
        assertEquals(0.0, s.factor(10), TOL);
        assertEquals(0.0, s.factor(17), TOL);
        // eta_min = 0.1·base: 0.1 + 0.9·(1 + cos(π·e/10))/2
        LearningRateSchedule floor = LearningRateSchedule.cosine(10, 0.1);
        assertEquals(0.55, floor.factor(5), TOL);
        assertEquals(0.1 + 0.9 * 0.9045084971874737, floor.factor(2), TOL);
        assertEquals(0.1, floor.factor(10), TOL);
        assertEquals(0.1, floor.factor(11), TOL);
    }

    @Test
    void linearWarmup() {
        double[] expected = {0.25, 0.5, 0.75, 1, 1, 1};
        LearningRateSchedule s = LearningRateSchedule.linearWarmup(4);
        for (int e = 0; e < expected.length; e++) {
            assertEquals(expected[e], s.factor(e), TOL, "epoch " + e);
        }
        assertEquals(1.0, LearningRateSchedule.linearWarmup(1).factor(0));
    }

    @Test
    void warmupTimesCosine() {
        // warm-up over 3 epochs × cosine over 10: e = 0 → (1/3)·1, 1 → (2/3)·(1 + cos 18°)/2
        // = (2/3)·0.9755282581475768, 2 → 1·0.9045084971874737, 5 → 0.5
        LearningRateSchedule s = LearningRateSchedule.linearWarmup(3).times(LearningRateSchedule.cosine(10, 0));
        assertEquals(1.0 / 3, s.factor(0), TOL);
        assertEquals(2.0 / 3 * 0.9755282581475768, s.factor(1), TOL);
        assertEquals(0.9045084971874737, s.factor(2), TOL);
        assertEquals(0.5, s.factor(5), TOL);
        // with a step decay: warm-up 2 × StepLR(2, 0.1)
        LearningRateSchedule t = LearningRateSchedule.linearWarmup(2).times(LearningRateSchedule.step(2, 0.1));
        assertEquals(0.5, t.factor(0), TOL);
        assertEquals(1.0, t.factor(1), TOL);
        assertEquals(0.1, t.factor(2), TOL);
        assertEquals((float) (1e-3f * (2.0 / 3 * 0.9755282581475768)), s.learningRate(1e-3f, 1));
    }

    @Test
    void argumentsAreChecked() {
        rejects(() -> LearningRateSchedule.step(0, 0.5), "stepEpochs");
        rejects(() -> LearningRateSchedule.step(2, -0.5), "gamma");
        rejects(() -> LearningRateSchedule.step(2, Double.NaN), "gamma");
        rejects(() -> LearningRateSchedule.cosine(0, 0), "totalEpochs");
        rejects(() -> LearningRateSchedule.cosine(10, 1.5), "minFactor");
        rejects(() -> LearningRateSchedule.cosine(10, -0.1), "minFactor");
        rejects(() -> LearningRateSchedule.linearWarmup(0), "warmupEpochs");
        rejects(() -> LearningRateSchedule.constant().factor(-1), "epoch");
        rejects(() -> LearningRateSchedule.step(2, 0.5).factor(-1), "epoch");
        rejects(() -> LearningRateSchedule.cosine(3, 0).factor(-1), "epoch");
        rejects(() -> LearningRateSchedule.linearWarmup(3).times(LearningRateSchedule.constant()).factor(-2), "epoch");
        rejects(() -> LearningRateSchedule.constant().times(null), "other");
    }

    @Test
    void namesSayWhatTheyAre() {
        assertEquals("linear_warmup(warmup_epochs=3).times(cosine(T_max=10, min_factor=0.0))",
                LearningRateSchedule.linearWarmup(3).times(LearningRateSchedule.cosine(10, 0)).toString());
        assertEquals("step(step_size=2, gamma=0.5)", LearningRateSchedule.step(2, 0.5).toString());
    }

    static void rejects(org.junit.jupiter.api.function.Executable call, String argument) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().startsWith(argument + " ") || e.getMessage().contains(argument),
                "message '" + e.getMessage() + "' does not name " + argument);
    }
}
