package org.simdnet.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link BackgroundFlush}: when it starts a flush, that its failure is reported, that the bytes arrive whole. */
class BackgroundFlushTest {

    @TempDir
    Path dir;

    @Test
    void aFlushStartsEveryEveryBytesAndNoneForSmallFiles() throws IOException {
        try (FileChannel channel = FileChannel.open(dir.resolve("f"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            BackgroundFlush flush = new BackgroundFlush(channel);
            flush.written((int) BackgroundFlush.EVERY_BYTES - 1);
            assertEquals(0, flush.started(), "below the threshold");
            flush.written(1);
            assertEquals(1, flush.started());
            flush.finish();
            flush.written(1000);
            assertEquals(1, flush.started(), "the count starts again after a flush");
            flush.finish();
        }
    }

    @Test
    void aFailedFlushIsReportedByFinish() throws IOException {
        FileChannel channel = FileChannel.open(dir.resolve("f"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        channel.close();
        BackgroundFlush flush = new BackgroundFlush(channel);
        flush.written((int) BackgroundFlush.EVERY_BYTES);
        assertEquals(1, flush.started());
        assertThrows(ClosedChannelException.class, flush::finish);
    }

    /** A file several flushes long, written in odd-sized blocks, arrives byte for byte. */
    @Test
    void aLargeAtomicWriteArrivesWhole() throws Exception {
        Path target = dir.resolve("big.bin");
        byte[] block = new byte[1_000_003];
        SplittableRandom random = new SplittableRandom(3);
        MessageDigest written = MessageDigest.getInstance("SHA-256");
        long total = 0;
        try (AtomicFiles.Output out = AtomicFiles.open(target)) {
            OutputStream stream = out.stream();
            while (total < 2 * BackgroundFlush.EVERY_BYTES + 12345) {
                for (int i = 0; i < block.length; i++) {
                    block[i] = (byte) random.nextInt();
                }
                stream.write(block);
                written.update(block);
                total += block.length;
            }
            out.commit();
        }
        assertEquals(total, Files.size(target));
        MessageDigest read = MessageDigest.getInstance("SHA-256");
        read.update(Files.readAllBytes(target));
        assertArrayEquals(written.digest(), read.digest());
    }
}
