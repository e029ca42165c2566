package org.simdnet.cli;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The file flags of a command, checked before any work starts: an output must be a file name in
 * an existing, writable directory and not a directory itself (a training run of an hour must not
 * end in "no such directory"); an input must be an existing, readable file. Messages name the
 * flag and the path as the user typed it.
 */
final class FileFlags {

    private FileFlags() {
    }

    /** The output file of {@code --flag}, or null when the flag is absent. */
    static Path output(Flags f, String flag) {
        if (!f.has(flag)) {
            return null;
        }
        String name = f.string(flag, "");
        Path file = path(flag, name);
        if (Files.isDirectory(file)) {
            throw new UsageException("--" + flag + " " + name + " is a directory");
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new UsageException("--" + flag + " " + name + ": no such directory " + parent);
        }
        if (!Files.isWritable(parent) || (Files.exists(file) && !Files.isWritable(file))) {
            throw new UsageException("--" + flag + " " + name + ": permission denied (cannot write "
                    + (Files.isWritable(parent) ? "the file" : "in " + parent) + ")");
        }
        return file;
    }

    /** The input file of {@code --flag} (which must be given). */
    static Path input(Flags f, String flag) {
        String name = f.string(flag, "");
        Path file = path(flag, name);
        if (Files.isDirectory(file)) {
            throw new UsageException("--" + flag + " " + name + " is a directory");
        }
        if (!Files.exists(file)) {
            throw new UsageException("--" + flag + " " + name + ": no such file");
        }
        if (!Files.isReadable(file)) {
            throw new UsageException("--" + flag + " " + name + ": permission denied");
        }
        return file;
    }

    /** Fails when two of the given output flags name the same file (the later would overwrite the earlier). */
    static void distinct(Flags f, String... flags) {
        Map<Path, String> seen = new HashMap<>();
        for (String flag : flags) {
            if (f.has(flag)) {
                Path file = path(flag, f.string(flag, "")).toAbsolutePath().normalize();
                String other = seen.put(file, flag);
                if (other != null) {
                    throw new UsageException("--" + other + " and --" + flag + " name the same file " + file);
                }
            }
        }
    }

    private static Path path(String flag, String name) {
        if (name.isEmpty()) {
            throw new UsageException("--" + flag + " needs a file name");
        }
        try {
            return Path.of(name);
        } catch (InvalidPathException e) {
            throw new UsageException("--" + flag + ": not a file name: '" + name + "'");
        }
    }
}
