package org.simdnet.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.simdnet.data.Dataset;
import org.simdnet.data.Spiral;
import org.simdnet.layer.ReLU;
import org.simdnet.nn.Mlp;

/** Training stops between steps when cancelled or interrupted, and the model holds the last completed step. */
class CancellationTest {

    private static final Dataset DATA = Spiral.generate(3, 100, 0.2, 3);

    private static Mlp model() {
        return Mlp.initialise(new int[] {2, 32, 3}, new ReLU(), 5);
    }

    /** 60-row batches: 5 steps per epoch. */
    private static TrainConfig config(int epochs, int threads) {
        return TrainConfig.defaults().withEpochs(epochs).withBatchSize(60).withShardRows(16).withThreads(threads);
    }

    /** The parameters after exactly {@code epochs} full epochs. */
    private static float[] after(int epochs, int threads) {
        Mlp mlp = model();
        try (Trainer trainer = new Trainer(mlp, DATA.x(), DATA.labels(), DATA.size(), config(epochs, threads))) {
            trainer.train(ProgressListener.NONE);
        }
        return mlp.params();
    }

    @Test
    void aCancellationFlagStopsBetweenStepsAtTheLastCompletedOne() {
        for (int threads : new int[] {1, 2}) {
            Mlp mlp = model();
            AtomicInteger checks = new AtomicInteger();
            // checked before each step: true on the 11th check, after 10 steps (two whole epochs)
            TrainingCancelledException e;
            try (Trainer trainer = new Trainer(mlp, DATA.x(), DATA.labels(), DATA.size(), config(50, threads))) {
                e = assertThrows(TrainingCancelledException.class,
                        () -> trainer.train(ProgressListener.NONE, () -> checks.incrementAndGet() > 10));
            }
            assertEquals(10, e.completedSteps());
            assertEquals(2, e.completedEpochs());
            assertFalse(e.interrupted());
            assertTrue(e.getMessage().startsWith("training cancelled after 10 steps (2 of 50 epochs complete)"),
                    e.getMessage());
            assertArrayEquals(after(2, threads), mlp.params(), "the model after 2 epochs, threads " + threads);
        }
        // An AtomicBoolean raised from another thread, as a service would.
        AtomicBoolean stop = new AtomicBoolean();
        try (Trainer trainer = new Trainer(model(), DATA.x(), DATA.labels(), DATA.size(), config(1_000_000, 2))) {
            CancellationException e = assertThrows(CancellationException.class, () -> trainer.train(
                    (epoch, epochs, loss, accuracy, steps) -> stop.set(epoch == 3), stop::get));
            assertEquals(3, ((TrainingCancelledException) e).completedEpochs());
        }
    }

    @Test
    void anInterruptStopsBetweenStepsAndStaysSet() {
        Mlp mlp = model();
        TrainingCancelledException e;
        try (Trainer trainer = new Trainer(mlp, DATA.x(), DATA.labels(), DATA.size(), config(50, 2))) {
            e = assertThrows(TrainingCancelledException.class, () -> trainer.train(
                    (epoch, epochs, loss, accuracy, steps) -> {
                        if (epoch == 3) {
                            Thread.currentThread().interrupt();
                        }
                    }));
        } finally {
            assertTrue(Thread.interrupted(), "the interrupt status is still set (and cleared here)");
        }
        assertTrue(e.interrupted());
        assertEquals(15, e.completedSteps());
        assertArrayEquals(after(3, 2), mlp.params());
    }

    /** An interrupt from another thread while a long run is under way, on two threads. */
    @Test
    void aLongRunStopsSoonAfterAnInterruptFromAnotherThread() throws InterruptedException {
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        AtomicInteger epochsSeen = new AtomicInteger();
        Thread runner = new Thread(() -> {
            try (Trainer trainer = new Trainer(model(), DATA.x(), DATA.labels(), DATA.size(), config(10_000_000, 2))) {
                trainer.train((epoch, epochs, loss, accuracy, steps) -> epochsSeen.set(epoch));
            } catch (Throwable t) {
                outcome.set(t);
            }
        }, "training");
        runner.start();
        while (epochsSeen.get() < 2 && runner.isAlive()) {
            Thread.sleep(1);
        }
        runner.interrupt();
        runner.join(60_000);
        assertFalse(runner.isAlive(), "training stopped");
        assertNotNull(outcome.get());
        assertTrue(outcome.get() instanceof TrainingCancelledException, String.valueOf(outcome.get()));
        assertTrue(((TrainingCancelledException) outcome.get()).interrupted());
    }
}
