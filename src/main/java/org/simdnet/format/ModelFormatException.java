package org.simdnet.format;

import java.io.IOException;

/**
 * A model file that cannot be loaded: not a simdnet model, an unsupported format version,
 * truncated, corrupted (checksum mismatch) or inconsistent. The message says which, in one line.
 * It is an {@link IOException} so that code handling "could not read the file" handles it too;
 * a reader that throws it has loaded nothing.
 */
public class ModelFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    public ModelFormatException(String message) {
        super(message);
    }

    public ModelFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
