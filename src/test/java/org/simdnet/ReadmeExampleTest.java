package org.simdnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's embedding example, taken from the README itself, compiled against the module and
 * run in a fresh JVM as a user would: it must print XOR's truth table.
 */
class ReadmeExampleTest {

    @TempDir
    Path dir;

    @Test
    void theReadmeExampleCompilesAndRuns() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        int section = readme.indexOf("## Embedding simdnet");
        assertTrue(section >= 0, "the README's embedding section");
        int start = readme.indexOf("```java\n", section) + "```java\n".length();
        int end = readme.indexOf("```", start);
        String source = readme.substring(start, end);
        assertTrue(source.contains("public class EmbedExample"), source);
        Path src = dir.resolve("EmbedExample.java");
        Files.writeString(src, source);
        Path out = dir.resolve("out");
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, diagnostics, "--release", "17",
                "--module-path", "target/classes", "--add-modules", "org.simdnet", "-d", out.toString(), src.toString());
        assertEquals(0, rc, diagnostics.toString(StandardCharsets.UTF_8));

        Process p = new ProcessBuilder(List.of(ModularConsumerTest.java(), "--module-path", "target/classes",
                "--add-modules", "org.simdnet,jdk.incubator.vector", "-cp", out.toString(), "EmbedExample"))
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), output);
        assertTrue(output.contains("0.0 xor 0.0 -> 0") && output.contains("0.0 xor 1.0 -> 1")
                && output.contains("1.0 xor 0.0 -> 1") && output.contains("1.0 xor 1.0 -> 0"), output);
        assertTrue(output.contains("[Dense(2, 16), Tanh, Dense(16, 16), ReLU, Dense(16, 2)] softmax_cross_entropy {task=xor}"),
                output);
    }
}
