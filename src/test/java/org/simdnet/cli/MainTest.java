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
