import java.io.File;
import java.lang.management.ManagementFactory;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongUnaryOperator;

/**
 * In-process A/B timing: each version of the library is loaded in its own class loader in one
 * JVM, with a runner (a {@code LongUnaryOperator} that performs its operation n times) compiled
 * against it; rounds alternate the versions (ABBA order), so every version meets the same machine
 * state. Used where the machine itself is bimodal: on the 2-vCPU sessions here, vector code runs
 * in a fast or a ~1.7x slower mode for seconds to minutes at a time, whatever the JVM, while a
 * scalar latency-bound loop keeps its speed, so fork-by-fork JMH comparisons of single-sample
 * predicts mostly measure which mode each fork met. Paired ratios (same round) cancel it.
 *
 * <pre>
 *   java --add-modules jdk.incubator.vector -Drunner=CLASS -cp DIR AB ROUNDS CALLS name=classpath ...
 * </pre>
 *
 * Prints, per version, the median, 10th and 25th percentiles and minimum of ns per operation over
 * the rounds, the bytes the runner allocated per operation in its last round, and each version's
 * median per-round ratio to the first version.
 */
public class AB {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    public static void main(String[] args) throws Exception {
        int rounds = Integer.parseInt(args[0]);
        long calls = Long.parseLong(args[1]);
        String runner = System.getProperty("runner", "Runner");
        List<String> names = new ArrayList<>();
        List<LongUnaryOperator> ops = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            String[] nameAndPath = args[i].split("=", 2);
            List<URL> urls = new ArrayList<>();
            for (String p : nameAndPath[1].split(File.pathSeparator)) {
                urls.add(new File(p).toURI().toURL());
            }
            ClassLoader loader = new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
            names.add(nameAndPath[0]);
            ops.add((LongUnaryOperator) loader.loadClass(runner).getConstructor().newInstance());
        }
        int k = ops.size();
        double[][] nanos = new double[k][rounds];
        double[] allocated = new double[k];
        long sink = 0;
        for (int w = 0; w < 5; w++) {
            for (LongUnaryOperator op : ops) {
                sink += op.applyAsLong(calls);
            }
        }
        for (int r = 0; r < rounds; r++) {
            for (int step = 0; step < k; step++) {
                int j = r % 2 == 0 ? step : k - 1 - step;
                long bytes = THREADS.getCurrentThreadAllocatedBytes();
                long t0 = System.nanoTime();
                sink += ops.get(j).applyAsLong(calls);
                nanos[j][r] = (System.nanoTime() - t0) / (double) calls;
                allocated[j] = (THREADS.getCurrentThreadAllocatedBytes() - bytes) / (double) calls;
            }
        }
        for (int j = 0; j < k; j++) {
            double[] s = nanos[j].clone();
            Arrays.sort(s);
            System.out.printf("%-10s median %.1f  p10 %.1f  p25 %.1f  min %.1f ns/op  %.2f B/op%n", names.get(j),
                    s[rounds / 2], s[rounds / 10], s[rounds / 4], s[0], allocated[j]);
        }
        for (int j = 1; j < k; j++) {
            double[] ratio = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                ratio[r] = nanos[j][r] / nanos[0][r];
            }
            Arrays.sort(ratio);
            System.out.printf("%s / %s: median paired ratio %.3f (quartiles %.3f, %.3f)%n", names.get(j), names.get(0),
                    ratio[rounds / 2], ratio[rounds / 4], ratio[3 * rounds / 4]);
        }
        System.out.println("(sink " + sink + ")");
    }
}
