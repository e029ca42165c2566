package org.simdnet.layer;

import java.util.function.Supplier;

/** A loss head's identity: its name and its stable file code (never reused), and a factory. */
public final class HeadKind {

    private final String name;
    private final int code;
    private final Supplier<Head> factory;

    public HeadKind(String name, int code, Supplier<Head> factory) {
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

    public Head create() {
        return factory.get();
    }

    @Override
    public String toString() {
        return name + " (code " + code + ")";
    }
}
