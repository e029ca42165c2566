package org.simdnet.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.simdnet.layer.Dense;
import org.simdnet.layer.Layer;
import org.simdnet.layer.LayerKind;
import org.simdnet.layer.LayerKinds;
import org.simdnet.nn.Mlp;
import org.simdnet.testing.MiniJson;

/**
 * One reference case made by {@code src/test/python/make_torch_fixtures.py} with PyTorch: a model,
 * data, the loss and gradient at the initial parameters, and (optionally) a short training
 * trajectory. See that script's README for the format.
 */
final class TorchFixture {

    static final Path DIR = Path.of("src/test/resources/fixtures/torch");

    final String name;
    final Map<String, Object> json;
    final int rows;
    final int inputs;
    final float[] x;
    final int[] labels;
    final float[] targets;
    final float[] params;
    final float loss;
    final float[] gradient;

    @SuppressWarnings("unchecked")
    TorchFixture(String name) {
        this.name = name;
        try {
            json = (Map<String, Object>) MiniJson.parse(Files.readString(DIR.resolve(name + ".json")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        rows = ((Double) json.get("rows")).intValue();
        inputs = ((Double) json.get("inputs")).intValue();
        x = MiniJson.floats(json.get("x"));
        labels = json.containsKey("labels") ? MiniJson.ints(json.get("labels")) : null;
        targets = json.containsKey("targets") ? MiniJson.floats(json.get("targets")) : null;
        params = MiniJson.floats(json.get("params"));
        loss = ((Double) json.get("loss")).floatValue();
        gradient = MiniJson.floats(json.get("gradient"));
    }

    /** A fresh model with the fixture's initial parameters. */
    @SuppressWarnings("unchecked")
    Mlp model() {
        List<Layer> layers = new ArrayList<>();
        for (Object o : (List<Object>) json.get("layers")) {
            Map<String, Object> l = (Map<String, Object>) o;
            String kind = (String) l.get("kind");
            if (kind.equals("dense")) {
                layers.add(new Dense(((Double) l.get("in")).intValue(), ((Double) l.get("out")).intValue()));
            } else {
                LayerKind k = LayerKinds.byName(kind);
                if (k == null) {
                    throw new AssertionError(name + ": no layer kind '" + kind + "'");
                }
                float[] attributes = l.containsKey("slope") ? new float[] {((Double) l.get("slope")).floatValue()}
                        : k.defaultAttributes();
                layers.add(k.create(1, 1, attributes));
            }
        }
        return new Mlp(inputs, layers, LayerKinds.head((String) json.get("head")), params.clone());
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> object(String key) {
        return (Map<String, Object>) json.get(key);
    }

    static double number(Map<String, Object> m, String key) {
        return ((Double) m.get(key)).doubleValue();
    }
}
