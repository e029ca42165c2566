package org.simdnet.kernel;

/**
 * Chooses, once at class-load, which kernel implementations the whole engine uses (Lucene's
 * provider pattern): the Vector API ones when the {@code jdk.incubator.vector} module is in the
 * boot layer and {@code -Dsimdnet.scalar=true} is not set, otherwise the scalar references.
 * The vector classes are only loaded by name, so a JVM started without the module never links
 * them and simply runs scalar.
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
     * kernels are in use (the generic layer-by-layer path then serves those nets too).
     */
    public static final SmallMlpKernel SMALL_MLP;
    /** A one-line description of the choice, for logs and the CLI. */
    public static final String DESCRIPTION;

    static {
        Object[] vector = null;
        String why;
        if (Boolean.getBoolean("simdnet.scalar")) {
            why = "scalar (-Dsimdnet.scalar=true)";
        } else if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            why = "scalar (start the JVM with --add-modules jdk.incubator.vector to vectorize)";
        } else {
            try {
                Class<?> factory = Class.forName("org.simdnet.kernel.VectorKernels");
                vector = (Object[]) factory.getMethod("create").invoke(null);
                why = (String) vector[3];
            } catch (ReflectiveOperationException | LinkageError e) {
                why = "scalar (Vector API unusable: " + e + ")";
                vector = null;
            }
        }
        if (vector != null) {
            GEMM = (GemmKernel) vector[0];
            ROWS = (RowKernels) vector[1];
            OPTIMIZERS = (OptimizerKernels) vector[2];
            MATVEC = (MatVecKernels) vector[4];
            SMALL_MLP = (SmallMlpKernel) vector[5];
        } else {
            GEMM = new ScalarGemm();
            ROWS = new ScalarRowKernels();
            OPTIMIZERS = new ScalarOptimizerKernels();
            MATVEC = new ScalarMatVecKernels();
            SMALL_MLP = null;
        }
        DESCRIPTION = why;
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

    private Kernels() {
    }
}
