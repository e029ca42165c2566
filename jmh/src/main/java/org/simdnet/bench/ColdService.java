package org.simdnet.bench;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;

import org.simdnet.Model;
import org.simdnet.Predictor;

/**
 * A small prediction service started cold (a {@code main}, not a JMH benchmark): load a model,
 * then answer {@code calls} single predictions of random points in {@code [-1, 1]²}, each timed on
 * its own. {@code jmh/scripts/cold_start.sh} runs it in fresh JVMs.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp jmh/target/benchmarks.jar org.simdnet.bench.ColdService \
 *     simdnet|onnx MODEL_FILE [calls=10000] [seed=1]
 * </pre>
 *
 * {@code simdnet}: {@link Model#load} and {@link Model#predictor()}, then
 * {@link Predictor#predict(float[], float[])}. {@code onnx}: ONNX Runtime's Java API on the same
 * weights ({@link OnnxExport}): environment and session with default options, then per call one
 * {@code OnnxTensor} from a {@code float[1][2]}, {@code session.run}, the {@code float[1][C]}
 * result read back, tensor and result closed.
 *
 * <p>It prints one line:
 * {@code coldservice engine=… jdk=… calls=… startup_ms=… load_ms=… first_us=… to_first_ms=…
 * total_ms=… p50_us=… p99_us=… max_us=… checksum=…}
 * <ul>
 * <li>{@code startup_ms}: process start to the first line of {@code main}. The start is
 * {@code -Dcoldservice.launch=SECONDS.MICROS} when given (the script passes bash's
 * {@code $EPOCHREALTIME}, read just before it starts {@code java}), else the process's start time
 * from {@code ProcessHandle} (cheap, but in clock ticks: 10 ms resolution);</li>
 * <li>{@code load_ms}: reading the model and making the predictor (the ONNX environment and
 * session);</li>
 * <li>{@code first_us}: the first call alone; {@code to_first_ms}: startup + load + first call,
 * the time a fresh process takes to its first answer (the random points are drawn before the load
 * and not counted anywhere);</li>
 * <li>{@code total_ms}: all calls, the first included; {@code p50_us}, {@code p99_us},
 * {@code max_us}: over all calls (nearest rank);</li>
 * <li>{@code checksum}: the sum of the predicted classes, so that no call can be dropped.</li>
 * </ul>
 */
public final class ColdService {

    /** One engine behind the same per-call interface. */
    interface Engine extends AutoCloseable {
        /** Predicts one point, writes its class probabilities, returns its class. */
        int predict(float[] point, float[] probabilitiesOut) throws Exception;

        @Override
        void close() throws Exception;
    }

    private ColdService() {
    }

    public static void main(String[] args) throws Exception {
        long t0 = System.nanoTime();
        Instant atMain = Instant.now();
        if (args.length < 2 || args.length > 4 || !(args[0].equals("simdnet") || args[0].equals("onnx"))) {
            System.err.println("usage: ColdService simdnet|onnx MODEL_FILE [calls=10000] [seed=1]");
            System.exit(2);
        }
        int calls = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
        long seed = args.length > 3 ? Long.parseLong(args[3]) : 1;
        float[][] points = randomPoints(calls, seed);

        long loadStart = System.nanoTime();
        Engine engine = open(args[0], Path.of(args[1]));
        long loaded = System.nanoTime();

        float[] probabilities = new float[256]; // more than any classifier here has classes
        long[] times = new long[calls];
        long checksum = 0;
        for (int i = 0; i < calls; i++) {
            long s = System.nanoTime();
            int c = engine.predict(points[i], probabilities);
            times[i] = System.nanoTime() - s;
            checksum += c;
        }
        engine.close();

        double startupMs = (epochMicros(atMain) - launchMicros()) / 1e3;
        double loadMs = (loaded - loadStart) / 1e6;
        long total = 0;
        for (long t : times) {
            total += t;
        }
        long[] sorted = times.clone();
        Arrays.sort(sorted);
        System.out.printf("coldservice engine=%s jdk=%d calls=%d startup_ms=%.1f load_ms=%.3f first_us=%.1f"
                        + " to_first_ms=%.3f total_ms=%.3f p50_us=%.3f p99_us=%.3f max_us=%.1f checksum=%d"
                        + " main_to_exit_ms=%.1f%n",
                args[0], Runtime.version().feature(), calls, startupMs, loadMs, times[0] / 1e3,
                startupMs + loadMs + times[0] / 1e6, total / 1e6, rank(sorted, 0.50) / 1e3,
                rank(sorted, 0.99) / 1e3, sorted[calls - 1] / 1e3, checksum, (System.nanoTime() - t0) / 1e6);
    }

    /** {@code calls} points uniform in {@code [-1, 1]²}. */
    static float[][] randomPoints(int calls, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] points = new float[calls][2];
        for (float[] p : points) {
            p[0] = (float) (random.nextDouble() * 2 - 1);
            p[1] = (float) (random.nextDouble() * 2 - 1);
        }
        return points;
    }

    static Engine open(String engine, Path file) throws Exception {
        return engine.equals("onnx") ? new Onnx(file) : new Simdnet(file);
    }

    /** The nearest-rank quantile of sorted values. */
    private static long rank(long[] sorted, double q) {
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, i)];
    }

    private static long epochMicros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
    }

    /** When the process was started, in microseconds since the epoch. */
    private static long launchMicros() {
        String launch = System.getProperty("coldservice.launch");
        if (launch == null) {
            return ProcessHandle.current().info().startInstant().map(ColdService::epochMicros).orElse(0L);
        }
        String[] parts = launch.split("[.,]");  // bash writes the locale's decimal point
        long micros = parts.length > 1 ? Long.parseLong((parts[1] + "000000").substring(0, 6)) : 0;
        return Long.parseLong(parts[0]) * 1_000_000L + micros;
    }

    /** simdnet's public serving API. */
    static final class Simdnet implements Engine {
        private final Predictor predictor;

        Simdnet(Path file) throws Exception {
            predictor = Model.load(file).predictor();
        }

        @Override
        public int predict(float[] point, float[] probabilitiesOut) {
            return predictor.predict(point, probabilitiesOut);
        }

        @Override
        public void close() {
        }
    }

    /** ONNX Runtime's Java API, used the plain way a service would: a tensor and a result per call. */
    static final class Onnx implements Engine {
        private final OrtEnvironment env;
        private final OrtSession session;
        private final String input;

        Onnx(Path file) throws Exception {
            env = OrtEnvironment.getEnvironment();
            session = env.createSession(file.toString(), new OrtSession.SessionOptions());
            input = session.getInputNames().iterator().next();
        }

        @Override
        public int predict(float[] point, float[] probabilitiesOut) throws Exception {
            try (OnnxTensor x = OnnxTensor.createTensor(env, new float[][] {point});
                 OrtSession.Result result = session.run(Map.of(input, x))) {
                float[] p = ((float[][]) result.get(0).getValue())[0];
                int best = 0;
                for (int i = 0; i < p.length; i++) {
                    probabilitiesOut[i] = p[i];
                    if (p[i] > p[best]) {
                        best = i;
                    }
                }
                return best;
            }
        }

        @Override
        public void close() throws Exception {
            session.close();
        }
    }
}
