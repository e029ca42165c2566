package org.simdnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class MainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void versionNamesTheKernels() {
        assertEquals(0, run("version"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("kernels: "));
    }

    /** The version is the pom's, filled in at build time, never a stale literal. */
    @Test
    void versionIsThePomsVersion() throws java.io.IOException {
        String pom = java.nio.file.Files.readString(java.nio.file.Path.of("pom.xml"));
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("<artifactId>simdnet</artifactId>\\s*<version>([^<]+)</version>").matcher(pom);
        assertTrue(m.find(), "the pom's own version");
        assertEquals(m.group(1), Main.VERSION);
        assertEquals(0, run("version"));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("simdnet " + m.group(1) + System.lineSeparator()));
    }

    @Test
    void selfcheckPasses() {
        assertEquals(0, run("selfcheck"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("-> ok"));
    }

    @Test
    void unknownCommandIsAUsageError() {
        assertEquals(2, run("frobnicate"));
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.startsWith("simdnet: unknown command 'frobnicate'"), e);
        assertTrue(e.contains("usage:"), e);
    }
}
