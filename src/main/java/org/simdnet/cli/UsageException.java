package org.simdnet.cli;

/** A mistake in the command line: reported as one line plus the usage, exit code 2. */
public final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
