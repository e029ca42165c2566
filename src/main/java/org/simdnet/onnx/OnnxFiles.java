package org.simdnet.onnx;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Telling an ONNX file by its first byte, and reading one whole, within a size bound. */
public final class OnnxFiles {

    /** Larger files are refused before they are read: an MLP's weights are far below this. */
    static final long MAX_BYTES = 1L << 30;

    private OnnxFiles() {
    }

    /** Whether the file starts as an ONNX model does (and so not with simdnet's magic). */
    public static boolean isOnnx(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            int first = in.read();
            return first >= 0 && OnnxImport.looksLikeOnnx(new byte[] {(byte) first});
        }
    }

    /** The file's bytes. */
    public static byte[] readAll(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_BYTES) {
            throw new OnnxFormatException(file + ": " + size + " bytes is larger than the " + MAX_BYTES
                    + " bytes simdnet reads as an ONNX model");
        }
        return Files.readAllBytes(file);
    }
}
