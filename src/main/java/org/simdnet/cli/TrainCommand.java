package org.simdnet.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.simdnet.data.Dataset;
import org.simdnet.data.NoisePlacement;
import org.simdnet.data.Spiral;
import org.simdnet.layer.Activation;
import org.simdnet.layer.LayerKinds;
import org.simdnet.layer.SoftmaxCrossEntropy;
import org.simdnet.nn.Mlp;
import org.simdnet.optim.LearningRateSchedule;
import org.simdnet.optim.OptimizerSpec;
import org.simdnet.train.Evaluation;
import org.simdnet.train.Seeds;
import org.simdnet.train.TrainConfig;
import org.simdnet.train.TrainResult;
import org.simdnet.train.Trainer;

/**
 * {@code simdnet train}: generate the spiral, train the MLP, optionally save the model and draw
 * the plots. The defaults are the lecture's run. The last line is machine-readable:
 * {@code final epochs=E loss=L accuracy=A train_ms=T step_us=S}.
 */
final class TrainCommand {

    static final String USAGE = String.join("\n",
            "  train        train the spiral classifier (defaults: the lecture's run)",
            "      data:      --classes C (3)  --points N per class (1000)  --noise SIGMA (0.2)",
            "                 --noise-on angle|point (angle)  --validation FRACTION (0)",
            "      model:     --hidden WIDTHS, one or a comma list such as 1024,1024 (100)",
            "                 --activation NAME, one or one per hidden layer such as relu,tanh (relu);",
            "                   " + String.join("|", LayerKinds.activationNames()) + "; leaky_relu:SLOPE",
            "      training:  --optimizer adam|adamw|sgd (adam)  --lr (1e-3)  --momentum (0, sgd)  --nesterov (sgd)",
            "                 --weight-decay (1e-5; adamw 1e-2)  --epochs (1000)  --batch ROWS, 0 = full batch (0)",
            "                 --schedule step:EPOCHS:GAMMA|cosine[:MIN_FACTOR] (none)  --warmup EPOCHS (0)",
            "                 --clip NORM, the global gradient norm (none)",
            "                 --threads (all cores, at most 256)  --seed (12345)  --shard-rows (auto)",
            "      output:    --model FILE  --plot FILE.png  --loss-plot FILE.png  --progress EPOCHS");

    private static final Set<String> FLAGS = Set.of("classes", "points", "noise", "noise-on", "validation",
            "hidden", "activation", "optimizer", "lr", "momentum", "weight-decay", "epochs", "batch",
            "threads", "seed", "shard-rows", "model", "plot", "loss-plot", "progress", "schedule", "warmup", "clip");

    private TrainCommand() {
    }

    /** {@code --schedule}: {@code step:EPOCHS:GAMMA} or {@code cosine[:MIN_FACTOR]} over the run's epochs. */
    static LearningRateSchedule schedule(String spec, int epochs) {
        if (spec == null || spec.equalsIgnoreCase("none")) {
            return LearningRateSchedule.constant();
        }
        String[] parts = spec.trim().toLowerCase(Locale.ROOT).split(":");
        try {
            if (parts[0].equals("step") && parts.length == 3) {
                return LearningRateSchedule.step(Integer.parseInt(parts[1]), Double.parseDouble(parts[2]));
            }
            if (parts[0].equals("cosine") && parts.length <= 2) {
                return LearningRateSchedule.cosine(epochs, parts.length == 2 ? Double.parseDouble(parts[1]) : 0);
            }
        } catch (NumberFormatException e) {
            throw new UsageException("--schedule: '" + spec + "' has a value that is not a number");
        } catch (IllegalArgumentException e) {
            throw new UsageException("--schedule: " + e.getMessage());
        }
        throw new UsageException("--schedule must be step:EPOCHS:GAMMA, cosine or cosine:MIN_FACTOR, got '" + spec + "'");
    }

    /** {@code --activation}: one for every hidden layer, or a comma list with one per hidden layer. */
    static List<Activation> activations(String spec, int hiddenLayers) {
        List<Activation> list = new ArrayList<>();
        for (String part : spec.split(",")) {
            try {
                list.add(LayerKinds.activation(part));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--activation: " + e.getMessage());
            }
        }
        if (list.size() != 1 && list.size() != hiddenLayers) {
            throw new UsageException("--activation gives " + list.size() + " activations for " + hiddenLayers
                    + " hidden layers: give one for all, or one per hidden layer");
        }
        return list;
    }

    /**
     * {@code --validation}: the split draws from its own stream ({@link Seeds#split()}), not the
     * shuffle's, so that which rows validate is not correlated with the order they train in.
     */
    static Dataset.Split validationSplit(Dataset all, double fraction, Seeds seeds) {
        if (Math.round(all.size() * fraction) >= all.size()) {
            throw new UsageException("--validation " + fraction + " of " + all.size()
                    + " points leaves none to train on");
        }
        return all.split(fraction, seeds.split());
    }

    /** The Dense layers' parameters, counted in long: one flat float array must hold them. */
    private static void checkParameterCount(int[] widths) {
        long count = 0;
        for (int l = 0; l + 1 < widths.length; l++) {
            count += ((long) widths[l] + 1) * widths[l + 1];
        }
        if (count > Integer.MAX_VALUE - 8) {
            StringBuilder hidden = new StringBuilder();
            for (int l = 1; l + 1 < widths.length; l++) {
                hidden.append(l == 1 ? "" : ",").append(widths[l]);
            }
            throw new UsageException("--hidden " + hidden + " gives a model of " + count
                    + " parameters; one array holds at most " + (Integer.MAX_VALUE - 8));
        }
    }

    static int run(String[] args, PrintStream out) throws IOException {
        Flags f = Flags.parse(args, FLAGS, Set.of("nesterov"));
        if (!f.positional().isEmpty()) {
            throw new UsageException("train takes no positional arguments, got '" + f.positional().get(0) + "'");
        }
        int classes = f.integer("classes", Spiral.DEFAULT_CLASSES, 2, 1000);
        int points = f.integer("points", Spiral.DEFAULT_POINTS_PER_CLASS, 1, 10_000_000);
        double noise = f.number("noise", Spiral.DEFAULT_NOISE, 0, false, 100);
        NoisePlacement placement = "point".equals(f.choice("noise-on", "angle", "angle", "point"))
                ? NoisePlacement.POINT : NoisePlacement.ANGLE;
        double validation = f.number("validation", 0, 0, false, 0.9);
        int[] hidden = f.integerList("hidden", new int[] {100}, 1 << 16);
        List<Activation> activations = activations(f.string("activation", "relu"), hidden.length);
        String optimizerName = f.choice("optimizer", "adam", "adam", "adamw", "sgd");
        double lr = f.number("lr", 1e-3, 0, true, 1e3);
        double momentum = f.number("momentum", 0, 0, false, 0.999999);
        double weightDecay = f.number("weight-decay", "adamw".equals(optimizerName) ? 1e-2 : 1e-5, 0, false, 1e3);
        boolean nesterov = f.has("nesterov");
        int epochs = f.integer("epochs", 1000, 1, 100_000_000);
        int batch = f.integer("batch", 0, 0, Integer.MAX_VALUE);
        int threads = f.threads();
        long seed = f.longValue("seed", Spiral.DEFAULT_SEED);
        int shardRows = f.integer("shard-rows", 0, 0, 1 << 20);
        int progressEvery = f.integer("progress", Math.max(1, epochs / 10), 1, Integer.MAX_VALUE);
        if (momentum != 0 && !"sgd".equals(optimizerName)) {
            throw new UsageException("--momentum applies to --optimizer sgd only");
        }
        if (nesterov && momentum == 0) {
            throw new UsageException("--nesterov needs --optimizer sgd with --momentum above 0");
        }
        LearningRateSchedule schedule = schedule(f.string("schedule", null), epochs);
        int warmup = f.integer("warmup", 0, 0, epochs);
        if (warmup > 0) {
            schedule = LearningRateSchedule.linearWarmup(warmup).times(schedule);
        }
        float clip = f.has("clip") ? (float) f.number("clip", 0, 0, true, 1e30) : 0f;
        Outputs outputs = new Outputs(FileFlags.output(f, "model"), FileFlags.output(f, "plot"),
                FileFlags.output(f, "loss-plot"));
        FileFlags.distinct(f, "model", "plot", "loss-plot");
        if ((long) classes * points > 50_000_000L) {
            throw new UsageException("--classes × --points must be at most 50,000,000, got " + (long) classes * points);
        }

        Seeds seeds = Seeds.of(seed);
        Dataset all = Spiral.builder().classes(classes).pointsPerClass(points).noise(noise)
                .placement(placement).seed(seeds.data()).build();
        Dataset train = all;
        Dataset held = null;
        if (validation > 0) {
            Dataset.Split split = validationSplit(all, validation, seeds);
            train = split.train();
            held = split.validation();
        }
        int[] widths = new int[hidden.length + 2];
        widths[0] = train.features();
        System.arraycopy(hidden, 0, widths, 1, hidden.length);
        widths[widths.length - 1] = classes;
        checkParameterCount(widths);
        Mlp mlp = Mlp.initialise(widths[0], Mlp.stack(widths, activations), new SoftmaxCrossEntropy(), seeds.model());
        int shardCapacity = Math.min(shardRows == 0 ? Trainer.autoShardRows(mlp) : shardRows,
                batch == 0 ? train.size() : Math.min(batch, train.size()));
        if (shardCapacity > Trainer.maxShardRows(mlp)) {
            throw new UsageException("--shard-rows " + shardRows + " is too large for --hidden " + f.string("hidden", "100")
                    + ": a shard's buffers hold rows × " + mlp.maxWidth() + " floats, which must stay below 2^31,"
                    + " so at most " + Trainer.maxShardRows(mlp) + " rows per shard");
        }
        OptimizerSpec optimizer;
        if ("sgd".equals(optimizerName)) {
            optimizer = OptimizerSpec.sgd((float) lr, (float) momentum, 0f, (float) weightDecay, nesterov);
        } else if ("adamw".equals(optimizerName)) {
            optimizer = OptimizerSpec.adamW((float) lr, (float) weightDecay);
        } else {
            optimizer = OptimizerSpec.adam((float) lr, (float) weightDecay);
        }
        TrainConfig config = TrainConfig.defaults().withEpochs(epochs).withBatchSize(batch)
                .withThreads(threads).withSeed(seeds.shuffle()).withOptimizer(optimizer).withShardRows(shardRows)
                .withSchedule(schedule).withClipNorm(clip);

        out.printf(Locale.ROOT, "data: %d-class spiral, %d points (%d train, %d validation), noise %.3g on the %s%n",
                classes, all.size(), train.size(), held == null ? 0 : held.size(), noise,
                placement == NoisePlacement.POINT ? "point" : "angle");
        out.printf(Locale.ROOT, "model: %s; %s; %d threads%n", mlp, optimizer, threads);
        TrainResult result;
        try (Trainer trainer = new Trainer(mlp, train.x(), train.labels(), train.size(), config)) {
            out.printf(Locale.ROOT, "batch %d rows in shards of %d rows%n", trainer.batchRows(), trainer.shardRows());
            result = trainer.train((epoch, total, loss, accuracy, stepsPerSecond) -> {
                if (epoch % progressEvery == 0 || epoch == total) {
                    out.printf(Locale.ROOT, "epoch %d/%d loss %.4f accuracy %.4f steps/s %.0f%n",
                            epoch, total, loss, accuracy, stepsPerSecond);
                }
            });
        }
        if (held != null) {
            Evaluation v = Evaluation.of(mlp, held.x(), held.labels(), held.size());
            out.printf(Locale.ROOT, "validation loss %.4f accuracy %.4f%n", v.loss(), v.accuracy());
        }
        outputs.write(mlp, train, result, out);
        out.printf(Locale.ROOT, "final epochs=%d loss=%.4f accuracy=%.4f train_ms=%.0f step_us=%.1f%n",
                result.epochs(), result.finalLoss(), result.finalAccuracy(), result.trainMillis(),
                result.medianStepMicros());
        return 0;
    }
}
