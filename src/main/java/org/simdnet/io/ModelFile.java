package org.simdnet.io;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * The simdnet model file: a small versioned binary format for a {@link ModelData}.
 *
 * <pre>
 *   offset  size     field                        (all integers and floats little-endian)
 *   0       8        magic "SIMDNET\0"
 *   8       4        format version = 1
 *   12      4        layer count L                 1 ≤ L ≤ ModelData.MAX_LAYERS
 *   16      4·(L+1)  widths w0 … wL                each ≥ 1, input first
 *   …       4        hidden activation code        0 identity, 1 relu, 2 tanh
 *   …       4        parameter count P             = Σ w(l+1)·w(l) + w(l+1) ≤ ModelData.MAX_PARAMETERS
 *   …       4·P      parameters, float32           order of ModelData: W_l [out×in] row-major, b_l
 *   …       4        CRC-32 of every byte before it
 * </pre>
 *
 * The same {@link ModelData} always gives the same bytes. Readers check, in this order, the magic,
 * the version, the header's consistency and size limits (before allocating anything large), the
 * length and the checksum, and either return the whole model or throw a
 * {@link ModelFormatException}: nothing is half-loaded. CRC-32 catches every change of one byte
 * (indeed every burst of up to 32 bits). {@link #write(ModelData, Path)} replaces the target
 * atomically, so a crash leaves either the old file or the new one.
 */
public final class ModelFile {

    /** The eight bytes every simdnet model file starts with. */
    private static final byte[] MAGIC = "SIMDNET\0".getBytes(StandardCharsets.US_ASCII);

    /** The format version this class writes and the only one it reads. */
    public static final int FORMAT_VERSION = 1;

    /** Magic, version, layer count, one width, activation, parameter count, checksum. */
    private static final int MIN_SIZE = 8 + 4 + 4 + 4 + 4 + 4 + 4;

    /** Parameters are read through a buffer of this many bytes, never all at once. */
    private static final int CHUNK_BYTES = 1 << 16;

    private ModelFile() {
    }

    /** The file size of a model with these widths: header, parameters and checksum. */
    public static long fileSize(int[] widths) {
        return headerSize(widths.length - 1) + 4L * ModelData.parameterCount(widths) + 4;
    }

    private static int headerSize(int layers) {
        return 8 + 4 + 4 + 4 * (layers + 1) + 4 + 4;
    }

    // ---------------------------------------------------------------- writing

    /** The model's file contents. */
    public static byte[] toBytes(ModelData model) {
        if (model == null) {
            throw new IllegalArgumentException("model must not be null");
        }
        int[] widths = model.widths();
        float[] params = model.params();
        long size = fileSize(widths);
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(model + " does not fit one file buffer (" + size + " bytes)");
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put(MAGIC);
        buffer.putInt(FORMAT_VERSION);
        buffer.putInt(widths.length - 1);
        for (int w : widths) {
            buffer.putInt(w);
        }
        buffer.putInt(ModelData.ACTIVATIONS.indexOf(model.activation()));
        buffer.putInt(params.length);
        // floatToRawIntBits through putFloat: the exact bits, so output is byte-for-byte stable.
        buffer.asFloatBuffer().put(params);
        buffer.position(buffer.position() + 4 * params.length);
        CRC32 crc = new CRC32();
        crc.update(buffer.array(), 0, buffer.position());
        buffer.putInt((int) crc.getValue());
        return buffer.array();
    }

    /** Writes the model to {@code out} (not closed; flushed). */
    public static void write(ModelData model, OutputStream out) throws IOException {
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
    public static void write(ModelData model, Path file) throws IOException {
        if (file == null) {
            throw new IllegalArgumentException("file must not be null");
        }
        AtomicFiles.write(file, toBytes(model));
    }

    // ---------------------------------------------------------------- reading

    /** Reads a model from its file contents, which must hold exactly one model and nothing more. */
    public static ModelData fromBytes(byte[] bytes) throws ModelFormatException {
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
    public static ModelData read(Path file) throws IOException {
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
    public static ModelData read(InputStream in) throws IOException {
        if (in == null) {
            throw new IllegalArgumentException("input stream must not be null");
        }
        return parse(in, -1, "model");
    }

    /**
     * Parses one model. {@code knownSize} is the total length of the input when known (a file),
     * or -1 (a stream); a known size lets a bad header be caught before the parameters are read.
     */
    private static ModelData parse(InputStream in, long knownSize, String source) throws IOException {
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
        if (version != FORMAT_VERSION) {
            throw new ModelFormatException(source + ": unsupported model format version " + version
                    + " (this simdnet reads version " + FORMAT_VERSION + ")");
        }
        int layers = reader.int32();
        if (layers < 1 || layers > ModelData.MAX_LAYERS) {
            throw new ModelFormatException(source + ": inconsistent header: layer count " + layers
                    + " is outside [1, " + ModelData.MAX_LAYERS + "]");
        }
        int header = headerSize(layers);
        reader.expect(header + 4, false);
        int[] widths = new int[layers + 1];
        for (int l = 0; l <= layers; l++) {
            widths[l] = reader.int32();
        }
        int expectedParams;
        try {
            expectedParams = ModelData.parameterCount(widths);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(source + ": inconsistent header: " + e.getMessage(), e);
        }
        int activationCode = reader.int32();
        if (activationCode < 0 || activationCode >= ModelData.ACTIVATIONS.size()) {
            throw new ModelFormatException(source + ": inconsistent header: unknown activation code "
                    + activationCode);
        }
        int declaredParams = reader.int32();
        if (declaredParams != expectedParams) {
            throw new ModelFormatException(source + ": inconsistent header: widths "
                    + Arrays.toString(widths) + " need " + expectedParams
                    + " parameters but the file declares " + declaredParams);
        }
        long total = header + 4L * expectedParams + 4;
        if (knownSize >= 0 && knownSize < total) {
            throw new ModelFormatException(source + ": truncated: expected " + total + " bytes, found "
                    + knownSize);
        }
        if (knownSize > total) {
            throw new ModelFormatException(source + ": " + (knownSize - total)
                    + " unexpected bytes after the model (expected " + total + " bytes, found "
                    + knownSize + ")");
        }
        reader.expect(total, true);
        float[] params = reader.floats(expectedParams);
        long computed = reader.crc();
        long stored = reader.int32() & 0xFFFF_FFFFL;
        if (stored != computed) {
            throw new ModelFormatException(source + ": checksum mismatch (file says "
                    + String.format("%08x", stored) + ", contents give " + String.format("%08x", computed)
                    + "): the file is corrupted");
        }
        try {
            return new ModelData(widths, ModelData.ACTIVATIONS.get(activationCode), params);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(source + ": inconsistent model: " + e.getMessage(), e);
        }
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
