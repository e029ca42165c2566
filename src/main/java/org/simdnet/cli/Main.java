package org.simdnet.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import java.util.SplittableRandom;

import org.simdnet.Engine;
import org.simdnet.autograd.AutogradDemo;
import org.simdnet.kernel.Gemm;
import org.simdnet.kernel.Kernels;
import org.simdnet.kernel.ScalarGemm;
import org.simdnet.nn.NonFiniteOutputException;
import org.simdnet.train.DivergenceException;

/**
 * The {@code simdnet} command line. The only place in the engine that prints or exits.
 *
 * <p>Exit codes and what reaches stderr:
 * <ul>
 *   <li>2, a mistake of the user's, one line and never a stack trace: a flag
 *       ({@link UsageException}, followed by the usage, as is a missing file), or data that cannot
 *       be used (a corrupt model file, a bad CSV line, a file that cannot be written, features
 *       too large for the model), each naming the file, line or sample;</li>
 *   <li>1, a failure of the run: training diverged, or the JVM ran out of memory (one line each);</li>
 *   <li>1, an internal error: any other exception, an {@code IllegalArgumentException} from
 *       inside the engine included (the commands check what the user gave before the engine
 *       sees it, so one that gets through is a bug): one line,
 *       {@code simdnet: internal error: <exception>}, saying that
 *       {@code -Dsimdnet.debug=true} prints the stack trace after it.</li>
 * </ul>
 */
public final class Main {

    /**
     * simdnet's version, printed by {@code simdnet version}: the pom's, through the filtered
     * resource {@code org/simdnet/version.properties}, else the jar manifest's
     * Implementation-Version, else {@code "unknown"}.
     */
    public static final String VERSION = org.simdnet.Engine.version();

    /** Built on demand: the commands' usage lists the layer kinds, which start the engine. */
    static String usage() {
        return String.join("\n",
                "usage: java --add-modules jdk.incubator.vector -jar target/simdnet.jar <command> [flags]",
                "commands:",
                "  version      print the version and the kernels in use",
                "  selfcheck    run a GEMM against the scalar reference and report the error",
                TrainCommand.USAGE,
                TabularCommands.TRAIN_USAGE,
                TabularCommands.EVALUATE_USAGE,
                PredictCommand.USAGE,
                ExportCommand.USAGE,
                RegressCommand.USAGE,
                "  autograd-demo  the lecture's gradient example on the autograd tape");
    }

    private Main() {
    }

    public static void main(String[] args) {
        // The application, not the library, decides that AWT never looks for a display.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command; returns the process exit code (0 ok, 1 failure, 2 usage error). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            Engine.current();       // a malformed -Dsimdnet.* setting fails here, before any work
        } catch (IllegalArgumentException e) {
            err.println("simdnet: " + e.getMessage());
            return 2;
        }
        if (args.length == 0) {
            err.println(usage());
            return 2;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        try {
            switch (args[0]) {
                case "version":
                    return version(out);
                case "selfcheck":
                    return selfcheck(out);
                case "train":
                    return TabularCommands.wantsTable(rest) ? TabularCommands.train(rest, out) : TrainCommand.run(rest, out);
                case "evaluate":
                    return TabularCommands.evaluate(rest, out);
                case "predict":
                    return PredictCommand.run(rest, out, err);
                case "export":
                    return ExportCommand.run(rest, out);
                case "regress":
                    return RegressCommand.run(rest, out);
                case "autograd-demo":
                    if (rest.length > 0) {
                        throw new UsageException("autograd-demo takes no arguments");
                    }
                    AutogradDemo.run(out);
                    return 0;
                case "-h":
                case "--help":
                case "help":
                    out.println(usage());
                    return 0;
                default:
                    throw new UsageException("unknown command '" + args[0] + "'");
            }
        } catch (UsageException e) {
            err.println("simdnet: " + e.getMessage());
            err.println(usage());
            return 2;
        } catch (NoSuchFileException e) {
            err.println("simdnet: no such file: " + e.getFile());
            err.println(usage());
            return 2;
        } catch (AccessDeniedException e) {
            err.println("simdnet: permission denied: " + e.getFile());
            return 2;
        } catch (IOException e) {
            err.println("simdnet: " + e.getMessage());
            return 2;
        } catch (NonFiniteOutputException e) {
            err.println("simdnet: " + e.getMessage());
            return 2;
        } catch (DivergenceException e) {
            err.println("simdnet: " + e.getMessage());
            return 1;
        } catch (OutOfMemoryError e) {
            err.println("simdnet: out of memory (the JVM's heap is limited to "
                    + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB): give java a larger -Xmx, or use smaller"
                    + " --hidden, --points or --shard-rows");
            return 1;
        } catch (RuntimeException | Error e) {
            return internalError(e, err);
        }
    }

    /**
     * Anything the commands did not expect: a bug, reported as one, on one line; the stack trace
     * follows only under {@code -Dsimdnet.debug=true}.
     */
    static int internalError(Throwable e, PrintStream err) {
        boolean debug = Boolean.getBoolean("simdnet.debug");
        err.println("simdnet: internal error: " + e
                + (debug ? "" : " (run java with -Dsimdnet.debug=true for the stack trace)"));
        if (debug) {
            e.printStackTrace(err);
        }
        return 1;
    }

    static int version(PrintStream out) {
        out.println("simdnet " + VERSION);
        out.println("java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")");
        out.println("kernels: " + Kernels.DESCRIPTION);
        return 0;
    }

    /** Multiplies random 97×61·61×83 matrices with the engine and the scalar reference. */
    static int selfcheck(PrintStream out) {
        version(out);
        int m = 97, k = 61, n = 83;
        SplittableRandom random = new SplittableRandom(42);
        float[] a = new float[m * k];
        float[] b = new float[k * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) (random.nextDouble() * 2 - 1);
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) (random.nextDouble() * 2 - 1);
        }
        float[] c = new float[m * n];
        float[] ref = new float[m * n];
        Gemm.sgemm(Gemm.NO_TRANS, Gemm.NO_TRANS, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c, 0, n);
        new ScalarGemm().gemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, ref, 0, n, null);
        double maxErr = 0;
        for (int i = 0; i < c.length; i++) {
            maxErr = Math.max(maxErr, Math.abs(c[i] - ref[i]));
        }
        boolean ok = maxErr <= 1e-4;
        out.printf("gemm selfcheck %dx%dx%d: max |engine - scalar| = %.3g -> %s%n", m, n, k, maxErr, ok ? "ok" : "FAILED");
        return ok ? 0 : 1;
    }
}
