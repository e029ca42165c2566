package org.simdnet.spark;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Spark ML's metadata file, {@code <path>/metadata}: one line of JSON with the class, uid, Spark
 * version, the params that are set ({@code paramMap}) and the defaults ({@code defaultParamMap}),
 * each as its {@link Param#jsonEncode} gives it, exactly as Spark's own DefaultParamsWriter
 * writes it and DefaultParamsReader reads it. Written here rather than through those classes
 * because they are internal to Spark and encode every param, while a model's bytes must not go
 * into JSON: params named in {@code skip} are left out, and extra top-level fields say where
 * their data is.
 */
final class ParamsMetadata {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String path;
    private final JsonNode root;

    private ParamsMetadata(String path, JsonNode root) {
        this.path = path;
        this.root = root;
    }

    private static String metadataPath(String path) {
        return new Path(path, "metadata").toString();
    }

    /**
     * Writes {@code <path>/metadata} through Spark (so any file system Spark writes to works).
     *
     * @param instance the stage
     * @param path     its directory
     * @param spark    the session to write with
     * @param skip     names of params whose values are stored elsewhere
     * @param extra    extra top-level string fields
     */
    static void save(Params instance, String path, SparkSession spark, Set<String> skip, Map<String, String> extra) {
        ObjectNode root = JSON.createObjectNode();
        root.put("class", instance.getClass().getName());
        root.put("timestamp", System.currentTimeMillis());
        root.put("sparkVersion", spark.version());
        root.put("uid", instance.uid());
        ObjectNode set = root.putObject("paramMap");
        ObjectNode defaults = root.putObject("defaultParamMap");
        for (Param<?> p : instance.params()) {
            if (skip.contains(p.name())) {
                continue;
            }
            if (instance.isSet(p)) {
                set.set(p.name(), encode(p, instance.get(p).get()));
            }
            if (instance.hasDefault(p)) {
                defaults.set(p.name(), encode(p, instance.getDefault(p).get()));
            }
        }
        extra.forEach(root::put);
        String line;
        try {
            line = JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the metadata of " + instance.uid(), e);
        }
        StructType schema = new StructType().add("value", DataTypes.StringType);
        spark.createDataFrame(List.of(RowFactory.create(line)), schema).write().text(metadataPath(path));
    }

    @SuppressWarnings("unchecked")
    private static JsonNode encode(Param<?> p, Object value) {
        String json = ((Param<Object>) p).jsonEncode(value);
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("param " + p.name() + " encodes as invalid JSON: " + json, e);
        }
    }

    /**
     * Reads {@code <path>/metadata}.
     *
     * @param path     the stage's directory
     * @param spark    the session to read with
     * @param expected the class the directory must hold
     * @return the metadata
     * @throws IllegalArgumentException when it is not JSON or holds another class
     */
    static ParamsMetadata load(String path, SparkSession spark, Class<?> expected) {
        String file = metadataPath(path);
        String line = spark.read().text(file).first().getString(0);
        JsonNode root;
        try {
            root = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + " is not Spark ML metadata JSON: " + e.getOriginalMessage(), e);
        }
        String cls = root.path("class").asText("");
        if (!cls.equals(expected.getName())) {
            throw new IllegalArgumentException(path + " holds a " + (cls.isEmpty() ? "stage of no class" : cls)
                    + ", not a " + expected.getName());
        }
        return new ParamsMetadata(path, root);
    }

    /** @return the saved stage's uid */
    String uid() {
        return root.path("uid").asText();
    }

    /**
     * A top-level string field.
     *
     * @param name the field
     * @return its value
     * @throws IllegalArgumentException naming the metadata file when it is missing
     */
    String field(String name) {
        JsonNode value = root.get(name);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException(metadataPath(path) + " has no \"" + name + "\" field");
        }
        return value.asText();
    }

    /**
     * Sets the saved params and defaults on {@code instance}, as DefaultParamsReader does (saved
     * defaults too, so that a later version's defaults do not change a saved stage).
     *
     * @param instance a new stage with the saved uid
     * @param skip     params whose values are stored elsewhere
     */
    void applyTo(Params instance, Set<String> skip) {
        apply(instance, root.path("paramMap"), skip, false);
        apply(instance, root.path("defaultParamMap"), skip, true);
    }

    @SuppressWarnings("unchecked")
    private void apply(Params instance, JsonNode params, Set<String> skip, boolean defaults) {
        for (Iterator<Map.Entry<String, JsonNode>> it = params.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (skip.contains(e.getKey())) {
                continue;
            }
            Param<Object> p = instance.getParam(e.getKey());
            Object value = p.jsonDecode(e.getValue().toString());
            if (defaults) {
                instance.setDefault(p, value);
            } else {
                instance.set(p, value);
            }
        }
    }
}
