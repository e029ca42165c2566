package org.simdnet.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path dir;

    private List<String> names() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    /**
     * A killed write leaves its hidden temporary file behind (no code runs to delete it); the
     * next write of the same target deletes those older than {@link AtomicFiles#STALE_AFTER}
     * and leaves younger ones (a write that may be in progress) and other files alone.
     */
    @Test
    void leftoversOfKilledWritesAreDeletedByTheNextWrite() throws IOException {
        Path target = dir.resolve("m.bin");
        Path stale = Files.write(dir.resolve(".m.bin.8471923847.tmp"), new byte[1000]);
        Path young = Files.write(dir.resolve(".m.bin.1234.tmp"), new byte[10]);
        Path otherTarget = Files.write(dir.resolve(".n.bin.5555.tmp"), new byte[10]);
        Path notOurs = Files.write(dir.resolve(".m.bin.backup.tmp"), new byte[10]);
        FileTime old = FileTime.from(Instant.now().minus(AtomicFiles.STALE_AFTER).minusSeconds(60));
        for (Path p : List.of(stale, otherTarget, notOurs)) {
            Files.setLastModifiedTime(p, old);
        }
        AtomicFiles.write(target, new byte[] {1, 2, 3});
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(target));
        assertEquals(List.of(".m.bin.1234.tmp", ".m.bin.backup.tmp", ".n.bin.5555.tmp", "m.bin"), names());
        assertTrue(Files.exists(young));
    }

    @Test
    void aFailedWriteLeavesNoTemporaryFile() throws IOException {
        Path target = dir.resolve("m.bin");
        assertThrows(NullPointerException.class, () -> AtomicFiles.write(target, null));
        assertEquals(List.of(), names());
    }

    /** Errors name the target the caller asked for, never the temporary file. */
    @Test
    void errorsNameTheTarget() {
        Path missing = dir.resolve("nodir").resolve("m.bin");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(missing, new byte[1]));
        assertTrue(e.getMessage().startsWith("cannot write " + missing + ": "), e.getMessage());
        assertFalse(e.getMessage().contains(".tmp"), e.getMessage());
        e = assertThrows(IOException.class, () -> AtomicFiles.write(dir, new byte[1]));
        assertEquals("cannot write " + dir + ": it is a directory", e.getMessage());
    }
}
