/**
 * simdnet: a neural-network engine in pure Java with SIMD kernels on the JDK Vector API.
 *
 * <p>The API is the front door, {@link org.simdnet.Model} with {@link org.simdnet.Predictor},
 * {@link org.simdnet.TrainingConfig} and {@link org.simdnet.Engine}, and the optimizer and
 * learning-rate schedule specifications of {@code org.simdnet.optim}. Every other package is an
 * implementation detail that may change in any release.
 *
 * <p>The Vector API module is optional at run time: start the JVM with
 * {@code --add-modules jdk.incubator.vector} for the vector kernels, or simdnet runs on its scalar
 * kernels.
 */
module org.simdnet {
    requires static jdk.incubator.vector;
    requires java.desktop;

    exports org.simdnet;
    exports org.simdnet.optim;
}
