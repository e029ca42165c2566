package org.simdnet;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import org.simdnet.kernel.Kernels;

/**
 * The engine simdnet runs on in this JVM: which kernels (the Vector API ones, at which vector
 * width, or the plain-Java references, and why), and whether the fused small-MLP kernel is on.
 * Chosen once, when simdnet first runs, from the JVM's modules and three settings, and logged
 * once through {@link System.Logger} {@code org.simdnet} (DEBUG, or WARNING when the Vector API
 * is missing):
 * <ul>
 *   <li>{@code -Dsimdnet.scalar=true}: the scalar kernels even when the Vector API is there;</li>
 *   <li>{@code -Dsimdnet.vectorBits=128|256|512}: a narrower vector species than the CPU's;</li>
 *   <li>{@code -Dsimdnet.fused=false}: layer-by-layer GEMMs instead of the fused kernel.</li>
 * </ul>
 * A malformed setting is an error, not a silent fallback. Start the JVM with
 * {@code --add-modules jdk.incubator.vector} for the vector kernels; without it simdnet runs, on
 * the scalar kernels (20–30× slower).
 */
public final class Engine {

    /** Made on first use, so that a malformed setting surfaces as an exception of {@link #current()}. */
    private static final class Holder {
        static final Engine CURRENT = new Engine();
    }

    private final boolean vectorized;
    private final int vectorBits;
    private final boolean fused;
    private final String description;

    private Engine() {
        this.vectorized = Kernels.vectorized();
        this.vectorBits = Kernels.vectorBits();
        this.fused = Kernels.SMALL_MLP != null;
        this.description = Kernels.DESCRIPTION;
    }

    /**
     * The engine of this JVM.
     *
     * @return the engine, chosen on first use
     * @throws IllegalArgumentException when a {@code simdnet.*} system property is malformed
     */
    public static Engine current() {
        try {
            return Holder.CURRENT;
        } catch (ExceptionInInitializerError e) {
            throw unwrap(e);
        } catch (NoClassDefFoundError e) {
            throw new IllegalStateException("simdnet's engine failed to start earlier in this JVM: " + e.getMessage(), e);
        }
    }

    private static RuntimeException unwrap(ExceptionInInitializerError e) {
        return e.getCause() instanceof IllegalArgumentException ? (IllegalArgumentException) e.getCause()
                : new IllegalStateException("simdnet's engine failed to start", e);
    }

    /**
     * Whether the Vector API kernels are in use.
     *
     * @return true for the vector kernels, false for the scalar ones
     */
    public boolean vectorized() {
        return vectorized;
    }

    /**
     * The vector width of the kernels in use.
     *
     * @return 128, 256 or 512 bits, or 0 for the scalar kernels
     */
    public int vectorBits() {
        return vectorBits;
    }

    /**
     * Whether models that match it run on the fused small-MLP kernel.
     *
     * @return true when the fused kernel is in use
     */
    public boolean fusedKernel() {
        return fused;
    }

    /**
     * One line: the kernels in use, or why they are the scalar ones.
     *
     * @return the description
     */
    @Override
    public String toString() {
        return description;
    }

    /**
     * simdnet's version: the pom's, through the filtered resource
     * {@code org/simdnet/version.properties}, else the jar manifest's Implementation-Version, else
     * {@code "unknown"}.
     *
     * @return the version, e.g. {@code 0.1.0-SNAPSHOT}
     */
    public static String version() {
        try (InputStream in = Engine.class.getResourceAsStream("/org/simdnet/version.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version", "").trim();
                if (!v.isEmpty() && !v.startsWith("${")) {
                    return v;
                }
            }
        } catch (IOException e) {
            // fall through to the manifest
        }
        String manifest = Engine.class.getPackage().getImplementationVersion();
        return manifest != null ? manifest : "unknown";
    }
}
