package org.simdnet.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.simdnet.CsvOptions;
import org.simdnet.Model;
import org.simdnet.Predictor;
import org.simdnet.Table;
import org.simdnet.TrainingConfig;
import org.simdnet.optim.OptimizerSpec;

/**
 * Time to a validation accuracy on the 8×8 digits (issue #10's race with PyTorch): 64 → 128 → 10
 * ReLU, Adam, the same split, batch size and learning rate as {@code jmh/scripts/digits_torch.py}.
 * Validation accuracy is measured after every epoch (its cost counts); the run stops at the first
 * epoch that reaches the target.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp jmh/target/benchmarks.jar org.simdnet.bench.DigitsRace \
 *     DIGITS.csv [threads=1] [batch=32] [lr=0.001] [seed=1] [target=0.97] [splitDir] [races=1]
 * </pre>
 * With {@code splitDir} (or {@code -}), writes the split there ({@code train.csv}, {@code val.csv})
 * for PyTorch. Runs {@code races} races in this JVM, a new model each: the first is the cold
 * loop, the later ones the loop in a warm JVM. Prints one line per race:
 * {@code simdnet race=R epochs=E loop_ms=T val_accuracy=A threads=N call_ms=C}. {@code loop_ms}
 * ends, as PyTorch's loop does, when the epoch that reached the target has been validated;
 * {@code call_ms} is the whole {@code Model.train} call, which after the listener stops it also
 * evaluates the final loss and accuracy over all training rows (its {@code TrainingResult}).
 */
public final class DigitsRace {

    private DigitsRace() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: DigitsRace DIGITS.csv [threads] [batch] [lr] [seed] [target] [splitDir]");
            System.exit(2);
        }
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 32;
        float lr = args.length > 3 ? Float.parseFloat(args[3]) : 1e-3f;
        long seed = args.length > 4 ? Long.parseLong(args[4]) : 1;
        double target = args.length > 5 ? Double.parseDouble(args[5]) : 0.97;

        Table table = Table.readCsv(Path.of(args[0]), CsvOptions.label("label"));
        Table.Split split = table.split(0.2, 12345);
        Table train = split.train();
        Table val = split.test();
        if (args.length > 6 && !args[6].equals("-")) {
            write(train, Path.of(args[6], "train.csv"));
            write(val, Path.of(args[6], "val.csv"));
        }
        int races = args.length > 7 ? Integer.parseInt(args[7]) : 1;
        for (int race = 1; race <= races; race++) {
            race(race, train, val, threads, batch, lr, seed, target);
        }
    }

    private static void race(int race, Table train, Table val, int threads, int batch, float lr, long seed,
                             double target) {
        Model model = Model.builder(64).dense(128).relu().dense(10).build(seed);
        model.standardizeInputs(train);
        float[] valOut = new float[val.rows() * 10];
        int[] valClass = new int[val.rows()];
        double[] reached = {Double.NaN};
        int[] epochs = {0};
        long[] targetAt = {0};
        long start = System.nanoTime();
        model.train(train, TrainingConfig.defaults().withEpochs(1000).withBatchSize(batch).withThreads(threads)
                        .withSeed(seed).withOptimizer(OptimizerSpec.adam(lr)),
                (epoch, total, loss, accuracy) -> {
                    Predictor p = model.predictor();
                    p.predictBatch(val.x(), val.rows(), valOut, valClass);
                    int hits = 0;
                    for (int r = 0; r < val.rows(); r++) {
                        hits += valClass[r] == val.labels()[r] ? 1 : 0;
                    }
                    epochs[0] = epoch;
                    reached[0] = (double) hits / val.rows();
                    if (Boolean.getBoolean("race.verbose")) {
                        System.err.printf(Locale.ROOT, "epoch %d at %.1f ms: val %.4f%n", epoch,
                                (System.nanoTime() - start) / 1e6, reached[0]);
                    }
                    targetAt[0] = System.nanoTime();
                    return reached[0] < target;
                });
        long call = System.nanoTime() - start;
        long loop = targetAt[0] - start;
        System.out.printf(Locale.ROOT, "simdnet race=%d epochs=%d loop_ms=%.1f val_accuracy=%.4f threads=%d call_ms=%.1f%n",
                race, epochs[0], loop / 1e6, reached[0], threads, call / 1e6);
    }

    private static void write(Table t, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(file))) {
            for (int r = 0; r < t.rows(); r++) {
                StringBuilder line = new StringBuilder();
                for (int f = 0; f < t.features(); f++) {
                    line.append(t.x()[r * t.features() + f]).append(',');
                }
                w.println(line.append(t.labels()[r]));
            }
        }
    }
}
