package org.simdnet.train;

/** Training produced a NaN or infinite loss: the run is stopped rather than continued with garbage. */
public final class DivergenceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DivergenceException(String message) {
        super(message);
    }
}
