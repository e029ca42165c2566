package org.simdnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
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

    /**
     * An exception the commands did not expect (an IllegalArgumentException from inside, here
     * thrown by the output stream) is an internal error: exit 1, one line, no usage; the stack
     * trace only under -Dsimdnet.debug=true. It used to be reported as a usage error.
     */
    @Test
    void unexpectedExceptionsAreInternalErrorsNotUsageErrors() {
        PrintStream exploding = new PrintStream(OutputStream.nullOutputStream()) {
            @Override
            public void println(String x) {
                throw new IllegalArgumentException("engine bug");
            }
        };
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(errors, true, StandardCharsets.UTF_8);
        assertEquals(1, Main.run(new String[] {"version"}, exploding, err));
        assertEquals("simdnet: internal error: java.lang.IllegalArgumentException: engine bug"
                + " (run java with -Dsimdnet.debug=true for the stack trace)" + System.lineSeparator(),
                errors.toString(StandardCharsets.UTF_8));
        String before = System.getProperty("simdnet.debug");
        System.setProperty("simdnet.debug", "true");
        try {
            errors.reset();
            assertEquals(1, Main.run(new String[] {"version"}, exploding, err));
            String[] lines = errors.toString(StandardCharsets.UTF_8).split(System.lineSeparator());
            assertEquals("simdnet: internal error: java.lang.IllegalArgumentException: engine bug", lines[0]);
            assertTrue(lines[2].contains("\tat ") || lines[2].startsWith("\tat"), lines[2]);
            assertFalse(errors.toString(StandardCharsets.UTF_8).contains("usage:"));
        } finally {
            if (before == null) {
                System.clearProperty("simdnet.debug");
            } else {
                System.setProperty("simdnet.debug", before);
            }
        }
    }

    /** A heap too small for the model: one line naming the heap and what to change, exit 1. */
    @Test
    void runningOutOfMemoryIsOneLine() {
        // 46000 × 46000 weights: 2.1 billion floats, 8.5 GB, more than this heap
        assumeTrue(Runtime.getRuntime().maxMemory() < 8L << 30, "a heap smaller than the model");
        assertEquals(1, run("train", "--hidden", "46000,46000", "--epochs", "1", "--points", "10"));
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.startsWith("simdnet: out of memory (the JVM's heap is limited to "), e);
        assertEquals(1, e.strip().split("\n").length, e);
    }

    @Test
    void unknownCommandIsAUsageError() {
        assertEquals(2, run("frobnicate"));
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.startsWith("simdnet: unknown command 'frobnicate'"), e);
        assertTrue(e.contains("usage:"), e);
    }
}
