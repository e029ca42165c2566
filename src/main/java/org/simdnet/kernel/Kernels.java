package org.simdnet.kernel;

import java.lang.reflect.InvocationTargetException;
import java.util.Locale;

/**
 * Chooses, once at class-load, which kernel implementations the whole engine uses (Lucene's
 * provider pattern): the Vector API ones when the {@code jdk.incubator.vector} module is in the
 * boot layer and {@code -Dsimdnet.scalar=true} is not set, otherwise the scalar references. The
 * vector classes are only loaded by name, so a JVM started without the module never links them
 * and simply runs scalar. The choice, and why when it is scalar, is logged once through
 * {@link System.Logger} {@code org.simdnet}: at DEBUG for the vector kernels or a scalar engine
 * that was asked for (from a daemon thread, off the first call's path), at WARNING when the
 * Vector API is missing or unusable.
 *
 * <p>The settings are read here and nowhere else, and a malformed one is an error, never a
 * silent fallback to a slower engine: {@code simdnet.scalar}, {@code simdnet.fused} and
 * {@code simdnet.warmup} must be {@code true} or {@code false}, {@code simdnet.vectorBits} 128, 256 or 512. The kernels are
 * {@code static final} so that C2 sees one implementation at every call site.
 */
public final class Kernels {

    /** The GEMM the engine uses. */
    public static final GemmKernel GEMM;
    /** The row/element-wise kernels the engine uses. */
    public static final RowKernels ROWS;
    /** The optimizer update kernels the engine uses. */
    public static final OptimizerKernels OPTIMIZERS;
    /** The matrix–vector kernels single-sample inference uses. */
    public static final MatVecKernels MATVEC;
    /**
     * The fused kernel for one-hidden-layer nets narrow at both ends, or null when the scalar
     * kernels are in use or {@code -Dsimdnet.fused=false} (the layer path then serves those nets).
     */
    public static final SmallMlpKernel SMALL_MLP;
    /** A one-line description of the choice, for logs and the CLI. */
    public static final String DESCRIPTION;
    /** Whether the fused small-MLP kernel may be used ({@code -Dsimdnet.fused}, default true). */
    public static final boolean FUSED_ENABLED;
    /**
     * Whether kernels with exact scalar twins start on them and switch to their vector versions
     * once compiled ({@code -Dsimdnet.warmup}, default true; see {@link KernelWarmUp}).
     */
    public static final boolean WARMUP_ENABLED;

    static {
        boolean scalar = flag("simdnet.scalar", false);
        FUSED_ENABLED = flag("simdnet.fused", true);
        WARMUP_ENABLED = flag("simdnet.warmup", true);
        KernelSet set;
        if (scalar) {
            set = KernelSet.scalar("scalar (-Dsimdnet.scalar=true)");
        } else if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            set = KernelSet.scalar("scalar (start the JVM with --add-modules jdk.incubator.vector to vectorize)");
        } else {
            set = vectorKernels(WARMUP_ENABLED);
        }
        GEMM = set.gemm;
        ROWS = set.rows;
        OPTIMIZERS = set.optimizers;
        MATVEC = set.matVec;
        SMALL_MLP = FUSED_ENABLED ? set.smallMlp : null;
        DESCRIPTION = set.description + (FUSED_ENABLED || set.smallMlp == null ? "" : ", fused kernel off");
        // Vector kernels, or scalar because asked: DEBUG. Scalar because the Vector API is missing
        // or unusable costs 20-30x: WARNING, which default logging configurations show, at once.
        if (vectorized() || scalar) {
            logLater(DESCRIPTION);
        } else {
            System.getLogger("org.simdnet").log(System.Logger.Level.WARNING, "simdnet kernels: {0}", DESCRIPTION);
        }
    }

    /**
     * The DEBUG line about the choice, from a daemon thread: the first {@code System.getLogger}
     * of a JVM starts the logging framework (27-33 ms of a fresh JVM on a Zen 3), which a
     * program that never reads simdnet's DEBUG output should not wait for on its first call. A
     * process that ends within those milliseconds may end before the line is logged.
     */
    private static void logLater(String description) {
        Thread log = new Thread(() -> System.getLogger("org.simdnet")
                .log(System.Logger.Level.DEBUG, "simdnet kernels: {0}", description), "simdnet-log");
        log.setDaemon(true);
        log.start();
    }

    /**
     * The vector set, or the scalar one with the reason when the Vector API cannot be used. An
     * invalid {@code simdnet.vectorBits} is rethrown: a typo must not cost a 20× slowdown silently.
     */
    private static KernelSet vectorKernels(boolean warmUp) {
        try {
            return (KernelSet) Class.forName("org.simdnet.kernel.VectorKernels").getDeclaredMethod("create", boolean.class)
                    .invoke(null, warmUp);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ExceptionInInitializerError && cause.getCause() instanceof IllegalArgumentException) {
                cause = cause.getCause();
            }
            if (cause instanceof IllegalArgumentException) {
                throw (IllegalArgumentException) cause;
            }
            return KernelSet.scalar("scalar (Vector API unusable: " + cause + ")");
        } catch (ReflectiveOperationException | LinkageError e) {
            return KernelSet.scalar("scalar (Vector API unusable: " + e + ")");
        }
    }

    /** A boolean system property: absent is {@code absent}, else exactly true or false (any case). */
    private static boolean flag(String name, boolean absent) {
        String v = System.getProperty(name);
        if (v == null) {
            return absent;
        }
        switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true":
                return true;
            case "false":
                return false;
            default:
                throw new IllegalArgumentException(name + " must be true or false, got '" + v + "'");
        }
    }

    /**
     * The vector implementation {@code vectorClass} (a class of this package with a no-argument
     * constructor) when the vector kernels are in use, else {@code scalar}'s. The vector class is
     * loaded by name only then, so a JVM without the incubator module never links it. Kernel
     * families beyond the fixed set above (one per activation, say) select themselves with this,
     * once, into a {@code static final} field.
     */
    public static <T> T select(Class<T> type, java.util.function.Supplier<? extends T> scalar, String vectorClass) {
        if (!vectorized()) {
            return scalar.get();
        }
        try {
            return type.cast(Class.forName("org.simdnet.kernel." + vectorClass).getDeclaredConstructor().newInstance());
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("vector kernel " + vectorClass + " cannot be loaded", e);
        }
    }

    /** True when the vectorized kernels are in use. */
    public static boolean vectorized() {
        return !(GEMM instanceof ScalarGemm);
    }

    /** Bits per vector of the species in use, or 0 for the scalar kernels. */
    public static int vectorBits() {
        return vectorized() ? SpeciesBits.BITS : 0;
    }

    private Kernels() {
    }
}
