package org.simdnet.io;

import java.io.IOException;
import java.nio.channels.FileChannel;

/**
 * Pushes a file's written bytes to disk on a helper thread while the writer goes on, so that the
 * fsync that ends an atomic write finds little left to do. Without it, Linux with a lot of memory
 * keeps a large output's pages dirty until that fsync, which then writes them all while nothing
 * else runs: 0.5–0.7 s of a 400 MB {@code predict --input} run on a 2-core VM, after the last row.
 *
 * <p>At most one flush is in flight ({@code fdatasync}, through {@link FileChannel#force(boolean)}
 * with {@code false}); the writer asks for one every {@link #EVERY_BYTES} bytes and never waits
 * for it, except in {@link #finish()}. A file smaller than that never starts a thread. A flush's
 * failure is reported by {@link #finish()}.
 */
final class BackgroundFlush {

    /** Bytes written between two flushes. */
    static final long EVERY_BYTES = 32L << 20;

    private final FileChannel channel;
    private long unflushed;
    private Thread inFlight;
    private int started;
    private volatile IOException failure;

    BackgroundFlush(FileChannel channel) {
        this.channel = channel;
    }

    /** Counts {@code bytes} just written; starts a flush when enough have come since the last one and none is running. */
    void written(int bytes) {
        unflushed += bytes;
        if (unflushed < EVERY_BYTES || (inFlight != null && inFlight.isAlive())) {
            return;
        }
        unflushed = 0;
        started++;
        Thread t = new Thread(this::flush, "simdnet-flush");
        t.setDaemon(true);
        inFlight = t;
        t.start();
    }

    /** Flushes started so far (for tests). */
    int started() {
        return started;
    }

    private void flush() {
        try {
            channel.force(false);
        } catch (IOException e) {
            failure = e;
        }
    }

    /**
     * Waits for the flush in flight, if any.
     *
     * @throws IOException the failure of any flush so far
     */
    void finish() throws IOException {
        Thread t = inFlight;
        if (t != null) {
            Joins.uninterruptibly(t);
        }
        if (failure != null) {
            throw failure;
        }
    }
}
