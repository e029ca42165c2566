package org.simdnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Engine settings are read once per JVM, so each case starts one: a malformed setting stops the
 * command line at start with a one-line message (exit 2), never a silent fallback to the 20–30×
 * slower scalar kernels; valid ones show in {@code simdnet version}.
 */
class EngineSettingsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "-Dsimdnet.vectorBits=100 | 2 | simdnet.vectorBits must be 128, 256 or 512, got 100",
        "-Dsimdnet.vectorBits=wide | 2 | simdnet.vectorBits must be 128, 256 or 512, got 'wide'",
        "-Dsimdnet.scalar=yes | 2 | simdnet.scalar must be true or false, got 'yes'",
        "-Dsimdnet.fused=off | 2 | simdnet.fused must be true or false, got 'off'",
        "-Dsimdnet.vectorBits=128 | 0 | kernels: vector 128-bit",
        "-Dsimdnet.scalar=TRUE | 0 | kernels: scalar (-Dsimdnet.scalar=true)",
        "-Dsimdnet.fused=false | 0 | fused kernel off"})
    void settingsAreCheckedAtStart(String setting, int exitCode, String expected) throws Exception {
        List<String> command = new ArrayList<>(List.of(ModularConsumerTest.java(), "--add-modules=jdk.incubator.vector",
                setting, "-cp", "target/classes", "org.simdnet.cli.Main", "version"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(exitCode, p.waitFor(), output);
        assertTrue(output.contains(expected), output);
        if (exitCode != 0) {
            assertTrue(!output.contains("Exception") && !output.contains("\tat "), "one line, no stack trace: " + output);
        }
    }
}
