package org.simdnet.spark;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.simdnet.Model;

/**
 * The model file a saved stage keeps under {@code <path>/data/}: the core's bytes as they are (a
 * simdnet model file, or ONNX), never re-encoded, written and read through Hadoop's FileSystem so
 * that HDFS, S3 and the local disk all work. Errors name the file.
 */
final class ModelDataFile {

    private static final byte[] SIMDNET_MAGIC = "SIMDNET\0".getBytes(StandardCharsets.US_ASCII);

    private ModelDataFile() {
    }

    /**
     * The file's path relative to the stage's directory, by what the bytes hold.
     *
     * @param bytes the model's bytes
     * @return {@code data/simdnet.model} or {@code data/model.onnx}
     */
    static String relativePath(byte[] bytes) {
        boolean simdnet = bytes.length >= SIMDNET_MAGIC.length
                && Arrays.equals(bytes, 0, SIMDNET_MAGIC.length, SIMDNET_MAGIC, 0, SIMDNET_MAGIC.length);
        return simdnet ? "data/simdnet.model" : "data/model.onnx";
    }

    static void write(byte[] bytes, Path file, Configuration conf) throws IOException {
        FileSystem fs = file.getFileSystem(conf);
        try (OutputStream out = fs.create(file, false)) {
            out.write(bytes);
        } catch (IOException e) {
            throw new IOException("cannot write the model file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads and parses the model file.
     *
     * @return the bytes and the model they hold
     * @throws IOException naming the file when it is missing, unreadable or not a valid model
     */
    static Loaded read(Path file, Configuration conf) throws IOException {
        byte[] bytes;
        try (InputStream in = file.getFileSystem(conf).open(file)) {
            bytes = in.readAllBytes();
        } catch (FileNotFoundException e) {
            throw new IOException("the model file " + file + " is missing", e);
        } catch (IOException e) {
            throw new IOException("cannot read the model file " + file + ": " + e.getMessage(), e);
        }
        try {
            return new Loaded(bytes, Model.fromBytes(bytes));
        } catch (IOException e) {
            throw new IOException("the model file " + file + " is not a valid simdnet or ONNX model: " + e.getMessage(),
                    e);
        }
    }

    /** A model file's bytes and the model they hold. */
    static final class Loaded {
        final byte[] bytes;
        final Model model;

        Loaded(byte[] bytes, Model model) {
            this.bytes = bytes;
            this.model = model;
        }
    }
}
