package org.simdnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * simdnet as a named module, as a modular application sees it: the descriptor names
 * {@code org.simdnet} and exports only the API packages; a consumer module compiles against it,
 * cannot reach an internal package, and runs with the Vector API module and without it (scalar).
 * Runs on whichever JDK runs the tests (CI: 17 and 25).
 */
class ModularConsumerTest {

    private static final Path MODULE = Path.of("target/classes");

    @TempDir
    Path dir;

    @Test
    void theDescriptorExportsOnlyTheApi() {
        ModuleReference ref = ModuleFinder.of(MODULE).find("org.simdnet").orElseThrow();
        ModuleDescriptor d = ref.descriptor();
        Set<String> exports = d.exports().stream().map(ModuleDescriptor.Exports::source)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(Set.of("org.simdnet", "org.simdnet.optim"), exports);
        assertTrue(d.requires().stream().anyMatch(r -> r.name().equals("jdk.incubator.vector")
                && r.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC)), "vector module optional: " + d);
    }

    @Test
    void aConsumerModuleCompilesRunsAndCannotReachInternals() throws Exception {
        Path src = dir.resolve("src/consumer");
        Files.createDirectories(src.resolve("consumer"));
        Files.writeString(src.resolve("module-info.java"), "module consumer { requires org.simdnet; }\n");
        Files.writeString(src.resolve("consumer/Main.java"), String.join("\n",
                "package consumer;",
                "import org.simdnet.Engine;",
                "import org.simdnet.Model;",
                "import org.simdnet.Predictor;",
                "import org.simdnet.TrainingConfig;",
                "import org.simdnet.TrainingListener;",
                "import org.simdnet.optim.OptimizerSpec;",
                "public class Main {",
                "    public static void main(String[] args) throws Exception {",
                "        float[] x = {0, 0, 0, 1, 1, 0, 1, 1};",
                "        int[] labels = {0, 1, 1, 0};",
                "        Model m = Model.builder(2).dense(16).tanh().dense(2).build(7);",
                "        m.train(x, labels, 4, TrainingConfig.defaults().withEpochs(400).withThreads(1)",
                "                .withOptimizer(OptimizerSpec.adam(0.05f)), TrainingListener.NONE);",
                "        Predictor p = Model.fromBytes(m.toBytes()).predictor();",
                "        float[] out = new float[2];",
                "        StringBuilder s = new StringBuilder();",
                "        for (int i = 0; i < 4; i++) s.append(p.predict(new float[] {x[2 * i], x[2 * i + 1]}, out));",
                "        System.out.println(\"xor \" + s + \" on \" + Engine.current().vectorized());",
                "    }",
                "}", ""));
        Path out = dir.resolve("out");
        String errors = compile(out, src, "consumer/Main.java");
        assertEquals("", errors);

        for (boolean vector : new boolean[] {true, false}) {
            List<String> command = new ArrayList<>(List.of(java(), "--module-path", MODULE + java.io.File.pathSeparator + out));
            if (vector) {
                command.add("--add-modules=jdk.incubator.vector");
            }
            command.addAll(List.of("-m", "consumer/consumer.Main"));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), output);
            assertTrue(output.contains("xor 0110 on " + vector), output);
        }

        // An internal package is not exported: using it does not compile.
        Files.writeString(src.resolve("consumer/Sneaky.java"), "package consumer;\n"
                + "public class Sneaky { org.simdnet.nn.Mlp m; }\n");
        String refused = compile(dir.resolve("out2"), src, "consumer/Sneaky.java");
        assertTrue(refused.contains("org.simdnet.nn") && refused.contains("not visible")
                || refused.contains("does not export"), refused);
    }

    /** Compiles {@code file} of the consumer module; returns the compiler's diagnostics. */
    private String compile(Path out, Path src, String file) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int rc = javac.run(null, null, diagnostics, "--release", "17", "--module-path", MODULE.toString(),
                "-d", out.toString(), src.resolve("module-info.java").toString(), src.resolve(file).toString());
        String text = diagnostics.toString(StandardCharsets.UTF_8);
        return rc == 0 ? "" : text.isEmpty() ? "javac failed" : text;
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

}
