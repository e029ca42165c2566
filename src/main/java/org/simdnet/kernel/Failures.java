package org.simdnet.kernel;

/**
 * How a failure of shared work reaches the thread that waits for it: as itself. An
 * {@code Error} (an {@code OutOfMemoryError} above all) must not turn into an
 * {@code IllegalStateException} that callers catch and carry on after; a
 * {@code RuntimeException} keeps its type so that callers can tell an argument error from a bug.
 */
public final class Failures {

    private Failures() {
    }

    /**
     * Throws {@code t} when it is an {@code Error}; returns it when it is a
     * {@code RuntimeException}, for the caller to throw; wraps anything else (a checked exception
     * thrown sneakily) in an {@link IllegalStateException} naming {@code what}.
     */
    public static RuntimeException rethrow(Throwable t, String what) {
        if (t instanceof Error) {
            throw (Error) t;
        }
        if (t instanceof RuntimeException) {
            return (RuntimeException) t;
        }
        return new IllegalStateException(what + " failed", t);
    }
}
