package org.simdnet.data;

/** Where the spiral generator adds its Gaussian noise {@code N(0, σ²)}. */
public enum NoisePlacement {
    /**
     * On the angle, as the course notebook does: {@code angle = 2π/C·(2t + c) + σ·randn}
     * (0-indexed {@code c}), then {@code x = t·(sin angle, cos angle)}. Points keep {@code |x| = t}.
     */
    ANGLE,
    /** On each coordinate of the point, as the lecture slide writes it: {@code x = X_c(t) + σ·randn(2)}. */
    POINT
}
