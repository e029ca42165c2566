package org.simdnet.cli;

import org.simdnet.io.ModelData;
import org.simdnet.nn.Activation;
import org.simdnet.nn.Mlp;

/**
 * Converts between the trainer's {@link Mlp} and the file format's {@link ModelData}. It lives
 * here because io knows no layers and nn knows no files; both use the same parameter layout
 * (per layer W then b), so the parameters copy across unchanged.
 */
final class ModelCodec {

    private ModelCodec() {
    }

    static ModelData toData(Mlp mlp) {
        return new ModelData(mlp.widths(), mlp.activation().cliName(), mlp.params().clone());
    }

    static Mlp toMlp(ModelData data) {
        return new Mlp(data.widths(), Activation.parse(data.activation()), data.params());
    }
}
