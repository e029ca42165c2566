package org.simdnet.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.simdnet.layer.Dense;
import org.simdnet.layer.GELU;
import org.simdnet.layer.Head;
import org.simdnet.layer.Layer;
import org.simdnet.layer.LeakyReLU;
import org.simdnet.layer.MeanSquaredError;
import org.simdnet.layer.ReLU;
import org.simdnet.layer.Sigmoid;
import org.simdnet.layer.SigmoidCrossEntropy;
import org.simdnet.layer.SoftmaxCrossEntropy;
import org.simdnet.layer.Tanh;
import org.simdnet.nn.Mlp;
import org.simdnet.nn.Predictor;
import org.simdnet.optim.LearningRateSchedule;
import org.simdnet.optim.OptimizerSpec;

/**
 * Every buffer is sized once: after warm-up, a training step (forward, head, backward, reduction,
 * clipping, optimizer) and a prediction (single sample and batch) allocate 0 bytes, read from the
 * thread's own allocation counter ({@code com.sun.management.ThreadMXBean}), for the fused net,
 * mixed stacks on the layer path and each head. Until C2 compiles them the Vector API kernels box
 * and allocate, so the test warms up in windows until one window allocates nothing (usually well
 * under a second, up to {@link #MAX_WARM_UP_NANOS} on a loaded machine) and fails with the last
 * window's figure if none does.
 */
class SteadyStateAllocationTest {

    private static final int WINDOW = 400;
    /** C2 compiles a method called once per step late (tens of thousands of calls): allow it time. */
    private static final long MAX_WARM_UP_NANOS = 40_000_000_000L;

    /** The vector kernels from the start (the warm-up would switch them in the background anyway). */
    @org.junit.jupiter.api.BeforeAll
    static void vectorKernels() {
        org.simdnet.kernel.KernelWarmUp.forceVector(true);
    }

    /** The scalar twins that serve before the vector kernels are compiled allocate nothing either. */
    @org.junit.jupiter.api.Test
    void scalarTwinsAllocateNothing() {
        org.simdnet.kernel.KernelWarmUp.forceVector(false);
        try {
            trainingStepsAndPredictionsAllocateNothing("fused 2-32-3 relu on the scalar twins",
                    List.of(new Dense(2, 32), new ReLU(), new Dense(32, 3)), new SoftmaxCrossEntropy());
            trainingStepsAndPredictionsAllocateNothing("fused 2-9-5 tanh on the scalar twins",
                    List.of(new Dense(2, 9), new Tanh(), new Dense(9, 5)), new SoftmaxCrossEntropy());
        } finally {
            org.simdnet.kernel.KernelWarmUp.forceVector(true);
        }
    }

    static Stream<Arguments> models() {
        return Stream.of(
                Arguments.of("fused 2-32-3 relu", List.of(new Dense(2, 32), new ReLU(), new Dense(32, 3)),
                        new SoftmaxCrossEntropy()),
                Arguments.of("layers gelu/leaky/sigmoid mse", List.of(new Dense(3, 24), new GELU(), new Dense(24, 16),
                        new LeakyReLU(0.1f), new Sigmoid(), new Dense(16, 2)), new MeanSquaredError()),
                Arguments.of("layers tanh bce", List.of(new Dense(3, 40), new Tanh(), new Dense(40, 20), new ReLU(),
                        new Dense(20, 4)), new SigmoidCrossEntropy()),
                Arguments.of("layers softmax 12 inputs", List.of(new Dense(12, 20), new ReLU(), new Dense(20, 5)),
                        new SoftmaxCrossEntropy()),
                Arguments.of("layers gelu 3 classes", List.of(new Dense(2, 16), new GELU(), new Dense(16, 3)),
                        new SoftmaxCrossEntropy()),
                // The digits' shape: the unpacked GEMM's row blocks, 16 × 16 transposes and 4 × 4
                // dot blocks, softmax blocks of 10 classes (big vector methods, where C2's
                // inlining budget runs out first).
                Arguments.of("layers digits 64-128-10", List.of(new Dense(64, 128), new ReLU(), new Dense(128, 10)),
                        new SoftmaxCrossEntropy()));
    }

    /**
     * Two threads, shards of 8 rows: blocks claimed by the caller and a pool helper, shard
     * gradients folded along the reduction tree, buffers changing hands. Counts the bytes of the
     * caller and of the trainer's pool threads.
     */
    @ParameterizedTest(name = "{0}, 2 threads")
    @MethodSource("models")
    void sharedTrainingStepsAllocateNothing(String name, List<Layer> layers, Head head) {
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(bean.isThreadAllocatedMemorySupported(), "the JVM counts allocated bytes per thread");
        int inputs = ((Dense) layers.get(0)).in();
        Mlp mlp = Mlp.initialise(inputs, layers, head, 3);
        int rows = 300, outputs = mlp.outputs();
        SplittableRandom random = new SplittableRandom(9);
        float[] x = new float[rows * inputs];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        int[] labels = new int[rows];
        float[] targets = new float[rows * outputs];
        for (int i = 0; i < rows; i++) {
            labels[i] = random.nextInt(outputs);
        }
        for (int i = 0; i < targets.length; i++) {
            targets[i] = random.nextInt(2);
        }
        TrainConfig config = TrainConfig.defaults().withThreads(2).withBatchSize(100).withShardRows(8)
                .withOptimizer(OptimizerSpec.adam(1e-3f, 1e-5f));
        try (Trainer trainer = head.usesLabels() ? new Trainer(mlp, x, labels, rows, config)
                : new Trainer(mlp, x, targets, rows, config)) {
            Runnable step = () -> trainer.step(100, 100);
            for (int i = 0; i < 50; i++) {
                step.run();
            }
            long[] pool = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith("simdnet-train-")).mapToLong(Thread::getId).toArray();
            long[] poolBefore = new long[pool.length];
            long bytes = -1;
            long start = System.nanoTime();
            while (bytes != 0 && System.nanoTime() - start < MAX_WARM_UP_NANOS) {
                long callerBefore = bean.getThreadAllocatedBytes(Thread.currentThread().getId());
                for (int t = 0; t < pool.length; t++) {
                    poolBefore[t] = bean.getThreadAllocatedBytes(pool[t]);
                }
                for (int i = 0; i < WINDOW; i++) {
                    step.run();
                }
                bytes = bean.getThreadAllocatedBytes(Thread.currentThread().getId()) - callerBefore;
                for (int t = 0; t < pool.length; t++) {
                    long now = bean.getThreadAllocatedBytes(pool[t]);
                    bytes += now < 0 || poolBefore[t] < 0 ? 0 : now - poolBefore[t];
                }
            }
            long last = bytes;
            assertEquals(0, last, () -> name + ": bytes allocated by " + WINDOW + " two-thread steps after warm-up "
                    + "(caller and pool threads); " + allocationSites(step));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void trainingStepsAndPredictionsAllocateNothing(String name, List<Layer> layers, Head head) {
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(bean.isThreadAllocatedMemorySupported(), "the JVM counts allocated bytes per thread");
        int inputs = ((Dense) layers.get(0)).in();
        Mlp mlp = Mlp.initialise(inputs, layers, head, 3);
        int rows = 300, outputs = mlp.outputs();
        SplittableRandom random = new SplittableRandom(9);
        float[] x = new float[rows * inputs];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        int[] labels = new int[rows];
        float[] targets = new float[rows * outputs];
        for (int i = 0; i < rows; i++) {
            labels[i] = random.nextInt(outputs);
        }
        for (int i = 0; i < targets.length; i++) {
            targets[i] = random.nextInt(2);
        }
        TrainConfig config = TrainConfig.defaults().withThreads(1).withBatchSize(64)
                .withOptimizer(OptimizerSpec.adamW(1e-3f, 1e-2f)).withClipNorm(1f)
                .withSchedule(LearningRateSchedule.linearWarmup(3));
        Predictor predictor;
        try (Trainer trainer = head.usesLabels() ? new Trainer(mlp, x, labels, rows, config)
                : new Trainer(mlp, x, targets, rows, config)) {
            long bytes = warmUp(bean, () -> trainer.step(0, 64));
            assertEquals(0, bytes, () -> name + ": bytes allocated by " + WINDOW + " training steps after warm-up; "
                    + allocationSites(() -> trainer.step(0, 64)));
        }
        predictor = new Predictor(mlp);
        float[] sample = new float[inputs];
        float[] out = new float[outputs];
        float[] batchOut = new float[rows * outputs];
        int[] classes = new int[rows];
        long bytes = warmUp(bean, () -> predictor.predict(sample, out));
        assertEquals(0, bytes, () -> name + ": bytes allocated by " + WINDOW + " predictions after warm-up; "
                + allocationSites(() -> predictor.predict(sample, out)));
        bytes = warmUp(bean, () -> predictor.predictBatch(x, rows, batchOut, classes));
        assertEquals(0, bytes, () -> name + ": bytes allocated by " + WINDOW + " batch predictions after warm-up; "
                + allocationSites(() -> predictor.predictBatch(x, rows, batchOut, classes)));
    }

    /**
     * Where a failing call allocates: JFR's allocation samples over a few windows, counted by the
     * innermost simdnet frame, so that a failure names the kernel that boxes.
     */
    private static String allocationSites(Runnable call) {
        try {
            java.nio.file.Path file = java.nio.file.Files.createTempFile("simdnet-alloc", ".jfr");
            try (jdk.jfr.Recording recording = new jdk.jfr.Recording()) {
                recording.enable("jdk.ObjectAllocationSample").with("throttle", "1000/ms").withStackTrace();
                recording.start();
                for (int i = 0; i < 20 * WINDOW; i++) {
                    call.run();
                }
                recording.stop();
                recording.dump(file);
            }
            java.util.Map<String, Integer> sites = new java.util.TreeMap<>();
            java.util.Set<String> methods = new java.util.TreeSet<>();
            for (jdk.jfr.consumer.RecordedEvent e : jdk.jfr.consumer.RecordingFile.readAllEvents(file)) {
                if (e.getStackTrace() == null) {
                    continue;
                }
                for (jdk.jfr.consumer.RecordedFrame f : e.getStackTrace().getFrames()) {
                    String type = f.getMethod().getType().getName();
                    if (type.startsWith("org.simdnet.") && !type.contains("Test")) {
                        // The frame's type (interpreted, compiled, inlined) tells a method still
                        // waiting for C2 from a compiled one that boxes.
                        sites.merge(type + "." + f.getMethod().getName() + ":" + f.getLineNumber() + " " + f.getType(),
                                1, Integer::sum);
                        methods.add(type + "::" + f.getMethod().getName());
                        break;
                    }
                }
            }
            java.nio.file.Files.deleteIfExists(file);
            return "allocation samples by innermost simdnet frame: " + sites + jitState(methods);
        } catch (java.io.IOException e) {
            return "(no allocation profile: " + e + ")";
        }
    }

    /**
     * What the JIT was doing when a case failed (a rare CI failure had every kernel boxing after
     * 40 s of warm-up, as if C2 had stopped delivering): the compile queue, and the compiled
     * versions of the allocating methods with their tiers, from the {@code Compiler.queue} and
     * {@code Compiler.codelist} diagnostic commands.
     */
    private static String jitState(java.util.Set<String> methods) {
        try {
            javax.management.ObjectName dcmd = new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand");
            javax.management.MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            String[] signature = {String[].class.getName()};
            String queue = (String) server.invoke(dcmd, "compilerQueue", new Object[] {null}, signature);
            String codes = (String) server.invoke(dcmd, "compilerCodelist", new Object[] {null}, signature);
            StringBuilder out = new StringBuilder("; compile queue: ").append(queue.strip());
            out.append("; compiled versions of the allocating methods:");
            for (String line : codes.split("\n")) {
                for (String method : methods) {
                    if (line.contains(method.replace("::", "."))) {
                        out.append(" [").append(line.strip()).append(']');
                    }
                }
            }
            return out.length() > 6000 ? out.substring(0, 6000) + " ..." : out.toString();
        } catch (javax.management.JMException | RuntimeException e) {
            return "; (no JIT state: " + e + ")";
        }
    }

    /** Runs windows of {@link #WINDOW} calls until one allocates nothing; returns the last window's bytes. */
    private static long warmUp(com.sun.management.ThreadMXBean bean, Runnable call) {
        long thread = Thread.currentThread().getId();
        long bytes = -1;
        long start = System.nanoTime();
        while (bytes != 0 && System.nanoTime() - start < MAX_WARM_UP_NANOS) {
            long before = bean.getThreadAllocatedBytes(thread);
            for (int i = 0; i < WINDOW; i++) {
                call.run();
            }
            bytes = bean.getThreadAllocatedBytes(thread) - before;
        }
        return bytes;
    }
}
