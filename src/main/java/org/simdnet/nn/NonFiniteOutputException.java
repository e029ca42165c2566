package org.simdnet.nn;

/**
 * A prediction whose outputs are not finite even in double precision: the features are too large
 * for the model (see {@link Predictor}). The message names the sample.
 */
public final class NonFiniteOutputException extends ArithmeticException {
    private static final long serialVersionUID = 1L;

    public NonFiniteOutputException(String message) {
        super(message);
    }
}
