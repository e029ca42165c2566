package org.simdnet.onnx;

import java.io.IOException;

/**
 * An ONNX file simdnet cannot read: corrupt or truncated protobuf, or a graph that is not a
 * multilayer perceptron simdnet serves (the message names the operator and node).
 */
public final class OnnxFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    public OnnxFormatException(String message) {
        super(message);
    }
}
