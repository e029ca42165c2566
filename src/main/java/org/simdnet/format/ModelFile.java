package org.simdnet.format;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;

import org.simdnet.io.AtomicFiles;
import org.simdnet.layer.Activation;
import org.simdnet.layer.HeadKind;
import org.simdnet.layer.Layer;
import org.simdnet.layer.LayerKind;
import org.simdnet.layer.LayerKinds;
import org.simdnet.nn.Mlp;

/**
 * The simdnet model file: a small versioned binary format for a model ({@link Mlp}: its layers,
 * head, parameters and metadata). All integers and floats are little-endian.
 *
 * <pre>
 *   version 2 (written)
 *   size     field
 *   8        magic "SIMDNET\0"
 *   4        format version = 2
 *   4        input width                      ≥ 1
 *   4        layer count L                    1 ≤ L ≤ MAX_LAYERS
 *   per layer:
 *     4      layer kind code                  see LayerKinds (dense 1, identity 2, relu 3, …)
 *     4      output width                     ≥ 1, what the layer gives from the width before it
 *     4      attribute count A                the kind's own count (LeakyReLU: 1, its slope)
 *     4·A    attributes, float32
 *   4        head code                        softmax_cross_entropy 1, mse 2, sigmoid_bce 3
 *   4        metadata entries M               0 ≤ M ≤ MAX_METADATA_ENTRIES, keys non-empty, distinct,
 *                                             sorted (String.compareTo); readers reject other orders
 *   per entry: 4 key length, key UTF-8, 4 value length, value UTF-8   (≤ MAX_METADATA_BYTES in all)
 *   4        parameter count P                = what the layers need ≤ MAX_PARAMETERS
 *   4·P      parameters, float32              layer after layer: Dense W [out×in] row-major, b
 *   4        CRC-32 of every byte before it
 *
 *   version 1 (read only: what simdnet 0.1 wrote; a Dense stack, one activation, softmax CE)
 *   8 magic · 4 version = 1 · 4 layer count L · 4·(L+1) widths · 4 activation (0 identity,
 *   1 relu, 2 tanh) · 4 parameter count · 4·P parameters · 4 CRC-32
 * </pre>
 *
 * The same model always gives the same bytes. Readers check, in order, the magic, the version, the
 * header's consistency and size limits (before allocating anything large), the length and the
 * checksum, and either return the whole model or throw a {@link ModelFormatException}: nothing is
 * half-loaded. CRC-32 catches every change of one byte (indeed every burst of up to 32 bits).
 * {@link #write(Mlp, Path)} replaces the target atomically, so a crash leaves either the old file
 * or the new one.
 */
public final class ModelFile {

    /** The eight bytes every simdnet model file starts with. */
    private static final byte[] MAGIC = "SIMDNET\0".getBytes(StandardCharsets.US_ASCII);

    /** The format version this class writes. */
    public static final int FORMAT_VERSION = 2;

    /** The oldest version it reads. */
    public static final int OLDEST_VERSION = 1;

    /** At most this many layers, so a corrupt header cannot make a reader loop for ever. */
    public static final int MAX_LAYERS = 1024;

    /** At most this many parameters (400 MB of floats), so a corrupt size cannot exhaust memory. */
    public static final int MAX_PARAMETERS = 100_000_000;

    /** At most this many attributes per layer. */
    public static final int MAX_ATTRIBUTES = 64;

    /** At most this many metadata entries. */
    public static final int MAX_METADATA_ENTRIES = 4096;

    /** At most this many bytes of metadata keys and values in all. */
    public static final int MAX_METADATA_BYTES = 16 << 20;

    /** The activations of version 1, by their code there (frozen: that format is closed). */
    private static final String[] V1_ACTIVATIONS = {"identity", "relu", "tanh"};

    /** Magic and version. */
    private static final int MIN_SIZE = 8 + 4;

    /** Parameters are read through a buffer of this many bytes, never all at once. */
    private static final int CHUNK_BYTES = 1 << 16;

    private ModelFile() {
    }

    // ---------------------------------------------------------------- writing

    /** The model's file contents (version 2). */
    public static byte[] toBytes(Mlp model) {
        if (model == null) {
            throw new IllegalArgumentException("model must not be null");
        }
        float[] params = model.params();
        if (model.layerCount() > MAX_LAYERS || params.length > MAX_PARAMETERS) {
            throw new IllegalArgumentException(model + " exceeds the file format's limits (" + MAX_LAYERS
                    + " layers, " + MAX_PARAMETERS + " parameters)");
        }
        for (int i = 0; i < params.length; i++) {
            if (!Float.isFinite(params[i])) {
                throw new IllegalArgumentException("parameter " + i + " is " + params[i]
                        + "; a model's parameters must be finite to be saved");
            }
        }
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(header);
        try {
            out.write(MAGIC);
            out.writeInt(Integer.reverseBytes(FORMAT_VERSION));
            out.writeInt(Integer.reverseBytes(model.inputs()));
            out.writeInt(Integer.reverseBytes(model.layerCount()));
            for (int i = 0; i < model.layerCount(); i++) {
                Layer layer = model.layer(i);
                float[] attributes = layer.attributes();
                out.writeInt(Integer.reverseBytes(layer.kind().code()));
                out.writeInt(Integer.reverseBytes(model.widthBefore(i + 1)));
                out.writeInt(Integer.reverseBytes(attributes.length));
                for (float a : attributes) {
                    out.writeInt(Integer.reverseBytes(Float.floatToRawIntBits(a)));
                }
            }
            out.writeInt(Integer.reverseBytes(model.head().kind().code()));
            Map<String, String> metadata = model.metadata();
            out.writeInt(Integer.reverseBytes(metadata.size()));
            long metadataBytes = 0;
            for (Map.Entry<String, String> e : metadata.entrySet()) {
                metadataBytes += writeString(out, e.getKey()) + writeString(out, e.getValue());
            }
            if (metadata.size() > MAX_METADATA_ENTRIES || metadataBytes > MAX_METADATA_BYTES) {
                throw new IllegalArgumentException("metadata of " + metadata.size() + " entries and " + metadataBytes
                        + " bytes exceeds the file format's limits (" + MAX_METADATA_ENTRIES + " entries, "
                        + MAX_METADATA_BYTES + " bytes)");
            }
            out.writeInt(Integer.reverseBytes(params.length));
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
        byte[] head = header.toByteArray();
        long size = head.length + 4L * params.length + 4;
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(model + " does not fit one file buffer (" + size + " bytes)");
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put(head);
        // floatToRawIntBits through putFloat: the exact bits, so output is byte-for-byte stable.
        buffer.asFloatBuffer().put(params);
        buffer.position(buffer.position() + 4 * params.length);
        CRC32 crc = new CRC32();
        crc.update(buffer.array(), 0, buffer.position());
        buffer.putInt((int) crc.getValue());
        return buffer.array();
    }

    private static int writeString(DataOutputStream out, String s) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(Integer.reverseBytes(bytes.length));
        out.write(bytes);
        return bytes.length;
    }

    /** Writes the model to {@code out} (not closed; flushed). */
    public static void write(Mlp model, OutputStream out) throws IOException {
        if (out == null) {
            throw new IllegalArgumentException("output stream must not be null");
        }
        out.write(toBytes(model));
        out.flush();
    }

    /**
     * Writes the model to {@code file}, replacing it atomically: the bytes go to a temporary file
     * in the same directory, are forced to disk, and the temporary file is then moved over the
     * target. A crash at any point leaves the old file or the complete new one, never a mix.
     */
    public static void write(Mlp model, Path file) throws IOException {
        if (file == null) {
            throw new IllegalArgumentException("file must not be null");
        }
        AtomicFiles.write(file, toBytes(model));
    }

    // ---------------------------------------------------------------- reading

    /** Reads a model from its file contents, which must hold exactly one model and nothing more. */
    public static Mlp fromBytes(byte[] bytes) throws ModelFormatException {
        if (bytes == null) {
            throw new IllegalArgumentException("bytes must not be null");
        }
        try {
            return parse(new ByteArrayInputStream(bytes), bytes.length, "model");
        } catch (ModelFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new IllegalStateException("reading a byte array cannot fail", e);
        }
    }

    /**
     * Reads a model file. The file must hold exactly one model: a size that differs from what the
     * header declares is reported before the parameters are read.
     *
     * @throws ModelFormatException when the file is not a valid simdnet model; the message starts
     *         with the file name
     * @throws IOException when the file cannot be read
     */
    public static Mlp read(Path file) throws IOException {
        if (file == null) {
            throw new IllegalArgumentException("file must not be null");
        }
        long size = Files.size(file);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), CHUNK_BYTES)) {
            return parse(in, size, file.toString());
        }
    }

    /**
     * Reads one model from {@code in}, leaving the stream just after its checksum (not closed).
     *
     * @throws ModelFormatException when the bytes are not a valid simdnet model
     */
    public static Mlp read(InputStream in) throws IOException {
        if (in == null) {
            throw new IllegalArgumentException("input stream must not be null");
        }
        return parse(in, -1, "model");
    }

    /**
     * Parses one model. {@code knownSize} is the total length of the input when known (a file),
     * or -1 (a stream); a known size lets a bad header be caught before the parameters are read.
     */
    private static Mlp parse(InputStream in, long knownSize, String source) throws IOException {
        CheckedReader reader = new CheckedReader(in, source);

        byte[] magic = reader.bytes(MAGIC.length);
        if (magic.length < MAGIC.length || !Arrays.equals(magic, MAGIC)) {
            // A short prefix of the magic is a truncated model, anything else a foreign file.
            if (Arrays.equals(magic, Arrays.copyOf(MAGIC, magic.length))) {
                throw reader.truncated();
            }
            throw new ModelFormatException(source + ": not a simdnet model file (bad magic)");
        }
        int version = reader.int32();
        Mlp model;
        if (version == 1) {
            model = parseV1(reader, knownSize, source);
        } else if (version == 2) {
            model = parseV2(reader, knownSize, source);
        } else {
            throw new ModelFormatException(source + ": unsupported model format version " + version
                    + " (this simdnet reads versions " + OLDEST_VERSION + " to " + FORMAT_VERSION + ")");
        }
        return model;
    }

    private static Mlp parseV1(CheckedReader reader, long knownSize, String source) throws IOException {
        int layers = reader.int32();
        if (layers < 1 || layers > MAX_LAYERS) {
            throw inconsistent(source, "layer count " + layers + " is outside [1, " + MAX_LAYERS + "]");
        }
        int header = 8 + 4 + 4 + 4 * (layers + 1) + 4 + 4;
        reader.expect(header + 4, false);
        int[] widths = new int[layers + 1];
        for (int l = 0; l <= layers; l++) {
            widths[l] = reader.int32();
        }
        long expectedParams = 0;
        for (int l = 0; l < layers; l++) {
            if (widths[l] < 1 || widths[l + 1] < 1) {
                throw inconsistent(source, "layer widths must be >= 1, got " + Arrays.toString(widths));
            }
            expectedParams += (long) widths[l + 1] * widths[l] + widths[l + 1];
            if (expectedParams > MAX_PARAMETERS) {
                throw inconsistent(source, "widths " + Arrays.toString(widths) + " need more than " + MAX_PARAMETERS
                        + " parameters");
            }
        }
        int activationCode = reader.int32();
        if (activationCode < 0 || activationCode >= V1_ACTIVATIONS.length) {
            throw inconsistent(source, "unknown activation code " + activationCode);
        }
        int declaredParams = reader.int32();
        if (declaredParams != expectedParams) {
            throw inconsistent(source, "widths " + Arrays.toString(widths) + " need " + expectedParams
                    + " parameters but the file declares " + declaredParams);
        }
        float[] params = readParameters(reader, knownSize, source, header, declaredParams);
        Activation activation = (Activation) LayerKinds.byName(V1_ACTIVATIONS[activationCode])
                .create(1, 1, new float[0]);
        try {
            return new Mlp(widths, activation, params);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(source + ": inconsistent model: " + e.getMessage(), e);
        }
    }

    private static Mlp parseV2(CheckedReader reader, long knownSize, String source) throws IOException {
        int inputs = reader.int32();
        if (inputs < 1) {
            throw inconsistent(source, "input width " + inputs + " is below 1");
        }
        int count = reader.int32();
        if (count < 1 || count > MAX_LAYERS) {
            throw inconsistent(source, "layer count " + count + " is outside [1, " + MAX_LAYERS + "]");
        }
        List<Layer> layers = new ArrayList<>(count);
        int width = inputs;
        long expectedParams = 0;
        for (int i = 0; i < count; i++) {
            int code = reader.int32();
            int outputs = reader.int32();
            int attributeCount = reader.int32();
            LayerKind kind = LayerKinds.byCode(code);
            if (kind == null) {
                throw inconsistent(source, "layer " + i + " has unknown kind code " + code
                        + " (written by a newer simdnet?)");
            }
            if (attributeCount != kind.attributeCount()) {
                throw inconsistent(source, "layer " + i + " (" + kind.name() + ") declares " + attributeCount
                        + " attributes; the kind has " + kind.attributeCount());
            }
            float[] attributes = new float[attributeCount];
            for (int a = 0; a < attributeCount; a++) {
                attributes[a] = Float.intBitsToFloat(reader.int32());
            }
            Layer layer;
            int produced;
            try {
                layer = kind.create(width, outputs, attributes);
                produced = layer.outputWidth(width);
                expectedParams += layer.parameterCount(width);
            } catch (IllegalArgumentException e) {
                throw inconsistent(source, "layer " + i + " (" + kind.name() + "): " + e.getMessage());
            }
            if (produced != outputs) {
                throw inconsistent(source, "layer " + i + " (" + layer + ") gives " + produced
                        + " outputs from " + width + " but the file says " + outputs);
            }
            if (expectedParams > MAX_PARAMETERS) {
                throw inconsistent(source, "the layers need more than " + MAX_PARAMETERS + " parameters");
            }
            layers.add(layer);
            width = outputs;
        }
        int headCode = reader.int32();
        HeadKind headKind = LayerKinds.headByCode(headCode);
        if (headKind == null) {
            throw inconsistent(source, "unknown head code " + headCode + " (written by a newer simdnet?)");
        }
        int entries = reader.int32();
        if (entries < 0 || entries > MAX_METADATA_ENTRIES) {
            throw inconsistent(source, "metadata entry count " + entries + " is outside [0, "
                    + MAX_METADATA_ENTRIES + "]");
        }
        Map<String, String> metadata = new TreeMap<>();
        long[] budget = {MAX_METADATA_BYTES};
        String previous = "";
        for (int e = 0; e < entries; e++) {
            String key = readString(reader, source, budget);
            String value = readString(reader, source, budget);
            // Sorted, as the writer writes them: then a file has one encoding, and the model that
            // loads from it writes it back byte for byte (a key equal to the one before, or empty,
            // fails the same test).
            if (key.compareTo(previous) <= 0) {
                throw inconsistent(source, "metadata key '" + printable(key) + "' is empty, repeated or out of order");
            }
            metadata.put(key, value);
            previous = key;
        }
        int declaredParams = reader.int32();
        if (declaredParams != expectedParams) {
            throw inconsistent(source, "the layers need " + expectedParams + " parameters but the file declares "
                    + declaredParams);
        }
        float[] params = readParameters(reader, knownSize, source, reader.position(), declaredParams);
        try {
            Mlp model = new Mlp(inputs, layers, headKind.create(), params);
            for (Map.Entry<String, String> e : metadata.entrySet()) {
                model.putMetadata(e.getKey(), e.getValue());
            }
            return model;
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(source + ": inconsistent model: " + e.getMessage(), e);
        }
    }

    /** A length-prefixed UTF-8 string, within what is left of the metadata budget. */
    private static String readString(CheckedReader reader, String source, long[] budget) throws IOException {
        int length = reader.int32();
        if (length < 0 || length > budget[0]) {
            throw inconsistent(source, "a metadata string of " + length + " bytes exceeds the "
                    + MAX_METADATA_BYTES + "-byte metadata limit");
        }
        budget[0] -= length;
        reader.expect(reader.position() + length + 4, false);
        byte[] bytes = reader.exactly(length);
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            return decoder.decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw inconsistent(source, "a metadata string is not valid UTF-8");
        }
    }

    /**
     * The parameters and the checksum: checks the known size against what the header implies,
     * reads the floats, compares the CRC, and rejects non-finite values.
     */
    private static float[] readParameters(CheckedReader reader, long knownSize, String source, long header,
                                          int count) throws IOException {
        long total = header + 4L * count + 4;
        if (knownSize >= 0 && knownSize < total) {
            throw new ModelFormatException(source + ": truncated: expected " + total + " bytes, found " + knownSize);
        }
        if (knownSize > total) {
            throw new ModelFormatException(source + ": " + (knownSize - total)
                    + " unexpected bytes after the model (expected " + total + " bytes, found " + knownSize + ")");
        }
        reader.expect(total, true);
        float[] params = reader.floats(count);
        long computed = reader.crc();
        long stored = reader.int32() & 0xFFFF_FFFFL;
        if (stored != computed) {
            throw new ModelFormatException(source + ": checksum mismatch (file says "
                    + String.format("%08x", stored) + ", contents give " + String.format("%08x", computed)
                    + "): the file is corrupted");
        }
        for (int i = 0; i < params.length; i++) {
            if (!Float.isFinite(params[i])) {
                throw new ModelFormatException(source + ": inconsistent model: parameter " + i + " is " + params[i]
                        + "; a model's parameters must be finite");
            }
        }
        return params;
    }

    /**
     * A string from the file, fit for a one-line message: control characters and line separators
     * escaped as {@code \\uXXXX}, cut after 60 characters.
     */
    static String printable(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length() && i < 60; i++) {
            char ch = s.charAt(i);
            if (Character.isISOControl(ch) || ch == '\u2028' || ch == '\u2029') {
                out.append(String.format("\\u%04x", (int) ch));
            } else {
                out.append(ch);
            }
        }
        return s.length() > 60 ? out.append('…').toString() : out.toString();
    }

    private static ModelFormatException inconsistent(String source, String what) {
        return new ModelFormatException(source + ": inconsistent header: " + what);
    }

    /**
     * Reads little-endian values, counting bytes and feeding a CRC-32 as it goes, and turns an
     * early end of input into "truncated: expected N bytes, found M".
     */
    private static final class CheckedReader {
        private final InputStream in;
        private final String source;
        private final CRC32 crc = new CRC32();
        private final byte[] scratch = new byte[CHUNK_BYTES];
        private long position;
        /** What the input must hold, as far as the header read so far tells. */
        private long expectedTotal = MIN_SIZE;
        private boolean expectedIsExact;

        CheckedReader(InputStream in, String source) {
            this.in = in;
            this.source = source;
        }

        /** Records what the header says the total length is (a lower bound until it is exact). */
        void expect(long total, boolean exact) {
            expectedTotal = total;
            expectedIsExact = exact;
        }

        /** Bytes read so far. */
        long position() {
            return position;
        }

        /**
         * Exactly {@code n} bytes, or "truncated". Like {@link #floats}, the array grows as data
         * arrives: a declared length costs memory only once the input really holds that much.
         */
        byte[] exactly(int n) throws IOException {
            byte[] out = new byte[Math.min(n, CHUNK_BYTES)];
            int done = 0;
            while (done < n) {
                int count = Math.min(n - done, CHUNK_BYTES);
                fill(count);
                if (done + count > out.length) {
                    out = Arrays.copyOf(out, (int) Math.min(n, Math.max(2L * out.length, done + count)));
                }
                System.arraycopy(scratch, 0, out, done, count);
                done += count;
            }
            return out;
        }

        /** CRC-32 of every byte read so far. */
        long crc() {
            return crc.getValue();
        }

        ModelFormatException truncated() {
            return new ModelFormatException(source + ": truncated: expected "
                    + (expectedIsExact ? "" : "at least ") + expectedTotal + " bytes, found " + position);
        }

        /** Up to {@code n} bytes; fewer only at the end of input (the caller decides what that means). */
        byte[] bytes(int n) throws IOException {
            int got = in.readNBytes(scratch, 0, n);
            crc.update(scratch, 0, got);
            position += got;
            return Arrays.copyOf(scratch, got);
        }

        int int32() throws IOException {
            fill(4);
            return ByteBuffer.wrap(scratch, 0, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        }

        /**
         * {@code n} floats. The array grows as data arrives, so a stream that declares many
         * parameters but ends early never makes us allocate the declared size up front.
         */
        float[] floats(int n) throws IOException {
            float[] values = new float[Math.min(n, CHUNK_BYTES)];
            int done = 0;
            while (done < n) {
                int count = Math.min(n - done, CHUNK_BYTES / 4);
                fill(4 * count);
                if (done + count > values.length) {
                    values = Arrays.copyOf(values, (int) Math.min(n, Math.max(2L * values.length, done + count)));
                }
                ByteBuffer.wrap(scratch, 0, 4 * count).order(ByteOrder.LITTLE_ENDIAN)
                        .asFloatBuffer().get(values, done, count);
                done += count;
            }
            return values;
        }

        /** Reads exactly {@code n} bytes into {@code scratch}, or reports the input truncated. */
        private void fill(int n) throws IOException {
            int got = in.readNBytes(scratch, 0, n);
            position += got;
            if (got < n) {
                throw truncated();
            }
            crc.update(scratch, 0, n);
        }
    }
}
