package org.simdnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simdnet.data.Spiral;
import org.simdnet.io.Plots;
import org.simdnet.optim.OptimizerSpec;

/** The front door: building, training (and stopping), files, description, and no JVM-wide side effects. */
class ModelTest {

    @TempDir
    Path dir;

    private static final org.simdnet.data.Dataset SPIRAL = Spiral.generate(3, 100, 0.2, 5);

    @Test
    void buildTrainSaveLoadAndDescribe() throws IOException {
        Model model = Model.builder(2).dense(32).activation("leaky_relu:0.1").dense(3).build(1);
        assertEquals(List.of("Dense(2, 32)", "LeakyReLU(0.1)", "Dense(32, 3)"), model.layers());
        assertEquals("softmax_cross_entropy", model.head());
        assertEquals(2 * 32 + 32 + 32 * 3 + 3, model.parameterCount());
        TrainingResult r = model.train(SPIRAL.x(), SPIRAL.labels(), SPIRAL.size(),
                TrainingConfig.defaults().withEpochs(50).withOptimizer(OptimizerSpec.adam(1e-2f)), TrainingListener.NONE);
        assertEquals(50, r.epochs());
        assertFalse(r.stopped());
        assertTrue(r.finalAccuracy() > 0.5, r.toString());
        model.putMetadata("classes", "a,b,c");
        Path file = dir.resolve("m.model");
        model.save(file);
        Model back = Model.load(file);
        assertArrayEquals(model.toBytes(), back.toBytes());
        assertEquals(Map.of("classes", "a,b,c"), back.metadata());
        Predictor p = back.predictor();
        float[] out = new float[3];
        int c = p.predict(new float[] {0.1f, 0.2f}, out);
        assertTrue(c >= 0 && c < 3);
        assertEquals(1.0, out[0] + out[1] + out[2], 1e-5);
    }

    @Test
    void regressionAndMultiLabelHeads() {
        SplittableRandom random = new SplittableRandom(3);
        int rows = 64;
        float[] x = new float[rows * 3];
        float[] y = new float[rows * 2];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < 3; j++) {
                x[i * 3 + j] = (float) random.nextGaussian();
            }
            y[2 * i] = x[i * 3] + 2 * x[i * 3 + 1];
            y[2 * i + 1] = x[i * 3 + 2] > 0 ? 1 : 0;
        }
        Model regression = Model.builder(3).dense(16).gelu().dense(2).meanSquaredError().build(2);
        TrainingResult r = regression.train(x, y, rows, TrainingConfig.defaults().withEpochs(300)
                .withOptimizer(OptimizerSpec.adam(1e-2f)), TrainingListener.NONE);
        assertTrue(r.finalLoss() < r.epochLoss()[0] / 5, r.toString());
        assertEquals(-1, regression.predictor().predict(new float[3], new float[2]));
        assertFalse(regression.classifies());
        Model multiLabel = Model.builder(3).dense(8).sigmoid().dense(2).sigmoidCrossEntropy().build(2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> multiLabel.train(x, y, rows,
                TrainingConfig.defaults().withEpochs(1), TrainingListener.NONE));
        assertTrue(e.getMessage().contains("row 0, column 0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> regression.train(x, new int[rows], rows,
                TrainingConfig.defaults().withEpochs(1), TrainingListener.NONE));
    }

    @Test
    void aListenerOrAnInterruptStopsTheRunAtTheLastCompletedEpoch() {
        Model stopped = Model.builder(2).dense(16).relu().dense(3).build(4);
        Model three = stopped.copy();
        TrainingConfig config = TrainingConfig.defaults().withEpochs(20).withThreads(1);
        TrainingResult r = stopped.train(SPIRAL.x(), SPIRAL.labels(), SPIRAL.size(), config,
                (epoch, epochs, loss, accuracy) -> epoch < 3);
        assertTrue(r.stopped());
        assertEquals(3, r.epochs());
        three.train(SPIRAL.x(), SPIRAL.labels(), SPIRAL.size(), config.withEpochs(3), TrainingListener.NONE);
        assertArrayEquals(three.parameters(), stopped.parameters(), "the model is the one after 3 epochs");

        Model interrupted = Model.builder(2).dense(16).relu().dense(3).build(4);
        Thread.currentThread().interrupt();
        try {
            TrainingResult i = interrupted.train(SPIRAL.x(), SPIRAL.labels(), SPIRAL.size(), config, TrainingListener.NONE);
            assertTrue(i.stopped());
            assertTrue(i.epochs() < 20, i.toString());
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt status is kept for the caller");
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void badBuildsNameTheProblem() {
        assertThrows(IllegalArgumentException.class, () -> Model.builder(0));
        assertThrows(IllegalArgumentException.class, () -> Model.builder(2).build(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Model.builder(2).dense(4).activation("swish"));
        assertTrue(e.getMessage().contains("unknown activation 'swish'"), e.getMessage());
        assertThrows(IOException.class, () -> Model.fromBytes(new byte[] {1, 2, 3}));
    }

    @Test
    void trainingAndPlottingLeaveTheJvmsPropertiesAlone() throws IOException {
        Properties before = (Properties) System.getProperties().clone();
        Model model = Model.builder(2).dense(8).tanh().dense(3).build(9);
        model.train(SPIRAL.x(), SPIRAL.labels(), SPIRAL.size(), TrainingConfig.defaults().withEpochs(3),
                TrainingListener.NONE);
        Predictor p = model.predictor();
        Plots.decisionBoundary((xy, n, classes) -> p.predictBatch(xy, n, new float[n * 3], classes), SPIRAL,
                dir.resolve("b.png"));
        Plots.lossCurves(new double[] {1, 0.5}, new double[] {0.3, 0.6}, dir.resolve("l.png"));
        assertTrue(Files.size(dir.resolve("b.png")) > 1000);
        // The JDK's font system records its font manager (sun.font.*) the first time any code draws
        // text, and on a machine where it has never run it writes a font-config cache
        // (~/.java/fonts) stamped with the date, which sets user.timezone; that is the JDK's own
        // bookkeeping, not a setting of simdnet's.
        Properties after = (Properties) System.getProperties().clone();
        after.keySet().removeIf(ModelTest::jdkBookkeeping);
        before.keySet().removeIf(ModelTest::jdkBookkeeping);
        assertEquals(before, after);
        assertEquals(before.getProperty("java.awt.headless"), System.getProperty("java.awt.headless"));
    }

    private static boolean jdkBookkeeping(Object key) {
        return key.toString().startsWith("sun.font.") || key.equals("user.timezone");
    }

    @Test
    void theEngineSaysWhichKernelsRun() {
        Engine e = Engine.current();
        assertTrue(e.vectorized() ? e.vectorBits() >= 128 : e.vectorBits() == 0, e.toString());
        assertFalse(e.toString().isEmpty());
    }
}
