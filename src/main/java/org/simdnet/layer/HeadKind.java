package org.simdnet.layer;

import java.util.function.Supplier;

/** A loss head's identity: its name and its stable file code (never reused), and a factory. */
public final class HeadKind {

    private final String name;
    private final int code;
    private final Supplier<Head> factory;
    private final String onnxOutput;

    public HeadKind(String name, int code, Supplier<Head> factory) {
        this(name, code, factory, null);
    }

    /**
     * @param onnxOutput the ONNX operator that turns the last layer's outputs into what a
     *                   prediction reports ({@code Softmax}), or null when they are reported as they are
     */
    public HeadKind(String name, int code, Supplier<Head> factory, String onnxOutput) {
        this.onnxOutput = onnxOutput;
        this.name = name;
        this.code = code;
        this.factory = factory;
    }

    public String name() {
        return name;
    }

    public int code() {
        return code;
    }

    /** The ONNX operator of a prediction's output, or null for none (regression). */
    public String onnxOutput() {
        return onnxOutput;
    }

    public Head create() {
        return factory.get();
    }

    @Override
    public String toString() {
        return name + " (code " + code + ")";
    }
}
