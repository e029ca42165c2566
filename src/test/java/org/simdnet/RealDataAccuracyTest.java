package org.simdnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.IntFunction;

import org.junit.jupiter.api.Test;
import org.simdnet.optim.OptimizerSpec;

/**
 * Accuracy on real data (issue #10): the four scikit-learn tables of
 * {@code src/test/resources/datasets} (see its README), each trained on the public API exactly
 * as {@code train --data FILE --label label --seed 12345} does it: a seeded, stratified 20 % test
 * split, standardization fitted on the training rows, the model and training seeded alike. The
 * settings are those of docs/tabular.md, which lists the commands and what they printed; the
 * thresholds are the issue's. Seed 12345 is the command line's default; docs/tabular.md says how
 * the settings fare on other seeds (the test splits are small: one row of wine's 36 is 2.8 %).
 */
class RealDataAccuracyTest {

    private static final Path DATASETS = Path.of("src/test/resources/datasets");
    private static final long SEED = 12345L;

    /** The test split's metrics after training as the command line does with these settings. */
    private static Metrics trainAndTest(String file, IntFunction<Model.Builder> hiddenLayers, int classes,
                                        OptimizerSpec optimizer, int epochs, int batch) throws IOException {
        Table all = Table.readCsv(DATASETS.resolve(file), CsvOptions.label("label"));
        assertEquals(classes, all.classes(), file + " classes " + all.classNames());
        Table.Split split = all.split(0.2, SEED);
        Model model = hiddenLayers.apply(all.features()).dense(classes).softmaxCrossEntropy().build(SEED);
        model.standardizeInputs(split.train());
        TrainingConfig config = TrainingConfig.defaults().withEpochs(epochs).withBatchSize(batch).withThreads(2)
                .withSeed(SEED).withOptimizer(optimizer);
        model.train(split.train(), config, TrainingListener.NONE);
        Metrics test = Metrics.of(model, split.test());
        System.out.println("RealDataAccuracyTest " + file + ": test " + test);
        return test;
    }

    private static void assertAtLeast(double threshold, Metrics test, String what) {
        assertTrue(test.accuracy() >= threshold, what + ": test accuracy " + test.accuracy() + " < " + threshold
                + " (" + test + ")");
    }

    /** The net: 64 → 128 → 10, ReLU, Adam. Command line: 0.9861 on the 359 test rows. */
    @Test
    void digitsReach97Percent() throws IOException {
        Metrics test = trainAndTest("digits.csv", inputs -> Model.builder(inputs).dense(128).relu(), 10,
                OptimizerSpec.adam(2e-3f, 0f), 20, 64);
        assertEquals(359, test.rows());
        assertAtLeast(0.97, test, "digits");
    }

    /** 13 → 16 tanh → 3, Adam. Command line: 1.0000 on 36 test rows. */
    @Test
    void wineReaches95Percent() throws IOException {
        Metrics test = trainAndTest("wine.csv", inputs -> Model.builder(inputs).dense(16).tanh(), 3,
                OptimizerSpec.adam(1e-3f, 0f), 50, 16);
        assertEquals(36, test.rows());
        assertAtLeast(0.95, test, "wine");
    }

    /** 30 → 16 ReLU → 2, AdamW (weight decay 0.1). Command line: 0.9646 on 113 test rows. */
    @Test
    void breastCancerReaches95Percent() throws IOException {
        Metrics test = trainAndTest("breast_cancer.csv", inputs -> Model.builder(inputs).dense(16).relu(), 2,
                OptimizerSpec.adamW(3e-3f, 0.1f), 20, 32);
        assertEquals(113, test.rows());
        assertAtLeast(0.95, test, "breast cancer");
    }

    /** 4 → 16 ReLU → 3, Adam. Command line: 0.9667 on 30 test rows. */
    @Test
    void irisReaches93Percent() throws IOException {
        Metrics test = trainAndTest("iris.csv", inputs -> Model.builder(inputs).dense(16).relu(), 3,
                OptimizerSpec.adam(1e-2f, 0f), 100, 16);
        assertEquals(30, test.rows());
        assertAtLeast(0.93, test, "iris");
    }
}
