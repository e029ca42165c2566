package org.simdnet.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** The design's arrows: data imports no other simdnet package; io imports only data. */
class DataIoLayeringTest {

    private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?org\\.simdnet\\.(\\w+)",
            Pattern.MULTILINE);

    private static List<String> violations(String pkg, List<String> allowed) throws IOException {
        Path root = Paths.get("src/main/java/org/simdnet").resolve(pkg);
        assertTrue(Files.isDirectory(root), "tests run from the project root; missing " + root);
        List<String> bad = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".java"))::iterator) {
                Matcher m = IMPORT.matcher(Files.readString(file));
                while (m.find()) {
                    if (!m.group(1).equals(pkg) && !allowed.contains(m.group(1))) {
                        bad.add(file.getFileName() + " imports org.simdnet." + m.group(1));
                    }
                }
            }
        }
        return bad;
    }

    @Test
    void dataDependsOnNothingElse() throws IOException {
        assertEquals(List.of(), violations("data", List.of()));
    }

    @Test
    void ioDependsOnlyOnData() throws IOException {
        assertEquals(List.of(), violations("io", List.of("data")));
    }
}
