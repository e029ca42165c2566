package org.simdnet.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;

/**
 * Writes whole files so that a crash leaves the old file or the complete new one, never a mix.
 *
 * <p>The bytes go to a hidden temporary file beside the target, {@code .NAME.DIGITS.tmp}, which
 * is forced to disk and then moved over the target (a large one is pushed to disk in steps while
 * it is written, by {@link BackgroundFlush}, so that the final force has little left to do). The
 * temporary file is deleted when the write fails. A process killed in the middle (where no code runs) leaves it behind: every later write
 * of the same target deletes such leftovers once they are older than {@link #STALE_AFTER} (a
 * write that old is not in progress), so at most the last few minutes' worth remain.
 */
public final class AtomicFiles {

    /** Age beyond which a temporary file of the same target is a leftover of a killed write. */
    public static final Duration STALE_AFTER = Duration.ofMinutes(15);

    private AtomicFiles() {
    }

    /**
     * Writes {@code bytes} to a temporary file beside {@code file}, forces it to disk and moves it
     * over {@code file} (atomically where the file system can).
     *
     * @throws IOException naming {@code file} (never the temporary file) when it cannot be written
     */
    public static void write(Path file, byte[] bytes) throws IOException {
        try (Output out = open(file)) {
            out.stream().write(bytes);
            out.commit();
        }
    }

    /**
     * Opens a streamed write of {@code file}: the bytes written to {@link Output#stream()} go to
     * a temporary file beside it, which {@link Output#commit()} forces to disk and moves over
     * {@code file}; closing an output that was not committed deletes the temporary file and
     * leaves {@code file} as it was (a run that fails half-way writes nothing).
     *
     * @throws IOException naming {@code file} when the temporary file cannot be made
     */
    public static Output open(Path file) throws IOException {
        if (file == null) {
            throw new IllegalArgumentException("file must not be null");
        }
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        if (dir == null || Files.isDirectory(target)) {
            throw new IOException("cannot write " + file + ": it is a directory");
        }
        String prefix = "." + target.getFileName() + ".";
        deleteStale(dir, prefix);
        try {
            return new Output(file, target, Files.createTempFile(dir, prefix, ".tmp"));
        } catch (IOException e) {
            throw failure(file, e);
        }
    }

    /** A streamed write of one file, made by {@link #open(Path)}. */
    public static final class Output implements AutoCloseable {
        private final Path file;
        private final Path target;
        private final Path temp;
        private final FileChannel channel;
        private final java.io.OutputStream stream;
        private final BackgroundFlush flush;
        private boolean committed;

        private Output(Path file, Path target, Path temp) throws IOException {
            this.file = file;
            this.target = target;
            this.temp = temp;
            FileChannel opened;
            try {
                opened = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
            } catch (IOException e) {
                Files.deleteIfExists(temp);
                throw e;
            }
            this.channel = opened;
            this.flush = new BackgroundFlush(opened);
            this.stream = new java.io.OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
                    try {
                        while (buffer.hasRemaining()) {
                            channel.write(buffer);
                        }
                    } catch (IOException e) {
                        throw failure(Output.this.file, e);
                    }
                    flush.written(len);
                }
            };
        }

        /** Where to write the file's bytes (unbuffered: write large blocks). */
        public java.io.OutputStream stream() {
            return stream;
        }

        /**
         * Forces the bytes to disk and moves the file into place.
         *
         * @throws IOException naming the file when that fails
         */
        public void commit() throws IOException {
            try {
                flush.finish();
                channel.force(true);
                channel.close();
                try {
                    Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
                } catch (UnsupportedOperationException notPosix) {
                    // keep the default permissions
                }
                try {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
                }
                committed = true;
            } catch (IOException e) {
                throw failure(file, e);
            }
        }

        /** Deletes the temporary file unless committed. */
        @Override
        public void close() {
            try {
                flush.finish();
            } catch (IOException ignored) {
                // the write's own failure, if any, is the one to report
            }
            try {
                channel.close();
            } catch (IOException ignored) {
                // the write's own failure, if any, is the one to report
            }
            if (!committed) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // best effort, as for write()
                }
            }
        }
    }

    /** An IOException that names the target, with the file system's reason. */
    private static IOException failure(Path file, IOException e) {
        String reason = e instanceof FileSystemException && ((FileSystemException) e).getReason() != null
                ? ((FileSystemException) e).getReason()
                : e instanceof FileSystemException ? e.getClass().getSimpleName() : e.getMessage();
        return new IOException("cannot write " + file + ": " + reason, e);
    }

    /**
     * Deletes temporary files of this target ({@code PREFIX DIGITS .tmp}) older than
     * {@link #STALE_AFTER}: leftovers of writes killed before they could clean up. Best effort.
     */
    static void deleteStale(Path dir, String prefix) {
        Instant cutoff = Instant.now().minus(STALE_AFTER);
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(dir, entry -> isTemp(entry, prefix))) {
            for (Path leftover : leftovers) {
                try {
                    FileTime modified = Files.getLastModifiedTime(leftover);
                    if (modified.toInstant().isBefore(cutoff)) {
                        Files.deleteIfExists(leftover);
                    }
                } catch (IOException ignored) {
                    // another process may be cleaning up too; the write itself does not depend on it
                }
            }
        } catch (IOException | SecurityException ignored) {
            // an unreadable directory: the write will report its own error
        }
    }

    private static boolean isTemp(Path entry, String prefix) {
        String name = entry.getFileName().toString();
        if (!name.startsWith(prefix) || !name.endsWith(".tmp") || name.length() <= prefix.length() + 4) {
            return false;
        }
        for (int i = prefix.length(); i < name.length() - 4; i++) {
            if (!Character.isDigit(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
