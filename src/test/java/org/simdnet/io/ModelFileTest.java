package org.simdnet.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import java.util.zip.CRC32;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileTest {

    @TempDir
    Path dir;

    private static ModelData model(int[] widths, String activation, long seed) {
        float[] params = new float[ModelData.parameterCount(widths)];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < params.length; i++) {
            params[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return new ModelData(widths, activation, params);
    }

    /** A small model: 2 → 3 → 2, 17 parameters, 108 bytes. */
    private static final ModelData SMALL = model(new int[] {2, 3, 2}, "relu", 1);

    @Test
    void layoutIsTheDocumentedOne() {
        byte[] bytes = ModelFile.toBytes(SMALL);
        assertEquals(8 + 4 + 4 + 3 * 4 + 4 + 4 + 17 * 4 + 4, bytes.length);
        assertEquals(bytes.length, ModelFile.fileSize(new int[] {2, 3, 2}));
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[8];
        b.get(magic);
        assertArrayEquals("SIMDNET\0".getBytes(StandardCharsets.US_ASCII), magic);
        assertEquals(1, b.getInt(), "version");
        assertEquals(2, b.getInt(), "layer count");
        assertEquals(2, b.getInt());
        assertEquals(3, b.getInt());
        assertEquals(2, b.getInt());
        assertEquals(1, b.getInt(), "relu is code 1");
        assertEquals(17, b.getInt(), "parameter count");
        float[] params = SMALL.params();
        for (float p : params) {
            assertEquals(Float.floatToRawIntBits(p), Float.floatToRawIntBits(b.getFloat()));
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 4);
        assertEquals((int) crc.getValue(), b.getInt());
        assertFalse(b.hasRemaining());
    }

    @Test
    void roundTripsThroughBytesStreamsAndFiles() throws IOException {
        for (String activation : ModelData.ACTIVATIONS) {
            ModelData m = model(new int[] {2, 100, 3}, activation, 7);
            assertEquals(m, ModelFile.fromBytes(ModelFile.toBytes(m)));

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ModelFile.write(m, out);
            out.write(new byte[] {42, 43}); // a stream may go on after the model
            InputStream in = new ByteArrayInputStream(out.toByteArray());
            assertEquals(m, ModelFile.read(in));
            assertEquals(42, in.read(), "reading stops right after the checksum");

            Path file = dir.resolve(activation + ".simdnet");
            ModelFile.write(m, file);
            assertEquals(m, ModelFile.read(file));
        }
        // Deeper nets, odd widths, special float values keep every bit.
        float[] special = new float[ModelData.parameterCount(new int[] {1, 1, 1, 1})];
        float[] values = {-0.0f, Float.MIN_VALUE, Float.MAX_VALUE, -Float.MIN_NORMAL, 1e-30f, 3};
        System.arraycopy(values, 0, special, 0, values.length);
        ModelData odd = new ModelData(new int[] {1, 1, 1, 1}, "TANH", special);
        assertEquals("tanh", odd.activation());
        ModelData back = ModelFile.fromBytes(ModelFile.toBytes(odd));
        assertEquals(odd, back);
        assertEquals(Float.floatToRawIntBits(-0.0f), Float.floatToRawIntBits(back.params()[0]));
    }

    @Test
    void outputIsByteForByteDeterministic() throws IOException {
        ModelData a = model(new int[] {2, 5, 3}, "tanh", 3);
        ModelData b = new ModelData(a.widths(), a.activation(), a.params());
        assertArrayEquals(ModelFile.toBytes(a), ModelFile.toBytes(b));
        Path f1 = dir.resolve("one");
        Path f2 = dir.resolve("two");
        ModelFile.write(a, f1);
        ModelFile.write(b, f2);
        assertArrayEquals(Files.readAllBytes(f1), Files.readAllBytes(f2));
        assertArrayEquals(ModelFile.toBytes(a), Files.readAllBytes(f1));
    }

    @Test
    void writeReplacesAtomicallyAndLeavesNoTemporaryFiles() throws IOException {
        Path file = dir.resolve("model.simdnet");
        ModelFile.write(SMALL, file);
        ModelData bigger = model(new int[] {2, 50, 3}, "identity", 9);
        ModelFile.write(bigger, file);
        assertEquals(bigger, ModelFile.read(file));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count(), "only the model file is left");
        }
        // A missing directory fails cleanly and creates nothing.
        Path missing = dir.resolve("no/such/dir/model.simdnet");
        assertThrows(IOException.class, () -> ModelFile.write(SMALL, missing));
        assertFalse(Files.exists(missing));
    }

    @Test
    void everySingleByteChangeIsRejected() {
        byte[] good = ModelFile.toBytes(SMALL);
        int rejected = 0;
        for (int pos = 0; pos < good.length; pos++) {
            for (int flip = 1; flip < 256; flip++) {
                byte[] bad = good.clone();
                bad[pos] ^= (byte) flip;
                try {
                    ModelData loaded = ModelFile.fromBytes(bad);
                    fail("byte " + pos + " ^ " + flip + " was accepted as " + loaded);
                } catch (ModelFormatException e) {
                    assertTrue(e.getMessage().startsWith("model: "), e.getMessage());
                    rejected++;
                }
            }
        }
        assertEquals(good.length * 255, rejected);
    }

    @Test
    void corruptionInTheParametersIsACheckMismatch() {
        byte[] bad = ModelFile.toBytes(SMALL);
        bad[50] ^= 1;
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.fromBytes(bad));
        assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
        byte[] badCrc = ModelFile.toBytes(SMALL);
        badCrc[badCrc.length - 1] ^= 0x10;
        e = assertThrows(ModelFormatException.class, () -> ModelFile.fromBytes(badCrc));
        assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
    }

    @Test
    void truncationAtEveryLengthIsRejected() throws IOException {
        byte[] good = ModelFile.toBytes(SMALL);
        for (int len = 0; len < good.length; len++) {
            byte[] cut = Arrays.copyOf(good, len);
            ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.fromBytes(cut),
                    "length " + len);
            assertTrue(e.getMessage().contains("truncated: expected "), len + ": " + e.getMessage());
            assertTrue(e.getMessage().endsWith("found " + len), len + ": " + e.getMessage());
            // The stream reader sees the same, without knowing the size in advance.
            e = assertThrows(ModelFormatException.class, () -> ModelFile.read(new ByteArrayInputStream(cut)));
            assertTrue(e.getMessage().contains("truncated: expected "), len + ": " + e.getMessage());
        }
        Path file = dir.resolve("cut.simdnet");
        Files.write(file, Arrays.copyOf(good, good.length - 1));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.read(file));
        assertEquals(file + ": truncated: expected " + good.length + " bytes, found " + (good.length - 1),
                e.getMessage());
    }

    @Test
    void trailingBytesInAFileAreRejected() throws IOException {
        byte[] good = ModelFile.toBytes(SMALL);
        byte[] longer = Arrays.copyOf(good, good.length + 3);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.fromBytes(longer));
        assertTrue(e.getMessage().contains("3 unexpected bytes after the model"), e.getMessage());
    }

    @Test
    void foreignFilesAreNotModels() throws IOException {
        Path png = dir.resolve("picture.png");
        Files.write(png, new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13, 'I', 'H', 'D', 'R',
                0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0, (byte) 0x90, 0x77, 0x53, (byte) 0xde});
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.read(png));
        assertEquals(png + ": not a simdnet model file (bad magic)", e.getMessage());
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "hello");
        e = assertThrows(ModelFormatException.class, () -> ModelFile.read(text));
        assertTrue(e.getMessage().endsWith("not a simdnet model file (bad magic)"), e.getMessage());
        Path empty = dir.resolve("empty");
        Files.write(empty, new byte[0]);
        e = assertThrows(ModelFormatException.class, () -> ModelFile.read(empty));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    /** A header with a correct checksum but the given fields, to reach each consistency check. */
    private static byte[] forged(int version, int layers, int[] widths, int activation, int count, int paramBytes) {
        ByteBuffer b = ByteBuffer.allocate(8 + 4 * 4 + 4 * widths.length + paramBytes + 4)
                .order(ByteOrder.LITTLE_ENDIAN);
        b.put("SIMDNET\0".getBytes(StandardCharsets.US_ASCII)).putInt(version).putInt(layers);
        for (int w : widths) {
            b.putInt(w);
        }
        b.putInt(activation).putInt(count);
        b.position(b.position() + paramBytes);
        CRC32 crc = new CRC32();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue());
        return b.array();
    }

    private static String rejection(byte[] bytes) {
        return assertThrows(ModelFormatException.class, () -> ModelFile.fromBytes(bytes)).getMessage();
    }

    @Test
    void inconsistentOrAbsurdHeadersAreRejectedBeforeAllocating() throws ModelFormatException {
        // The forged file itself is valid: the checks below are what reject the others.
        assertEquals(new ModelData(new int[] {1, 1}, "identity", new float[2]),
                ModelFile.fromBytes(forged(1, 1, new int[] {1, 1}, 0, 2, 8)));

        assertTrue(rejection(forged(2, 1, new int[] {1, 1}, 0, 2, 8))
                .contains("unsupported model format version 2 (this simdnet reads version 1)"));
        assertTrue(rejection(forged(0, 1, new int[] {1, 1}, 0, 2, 8)).contains("unsupported model format version 0"));
        assertTrue(rejection(forged(1, 0, new int[] {1}, 0, 0, 0)).contains("layer count 0 is outside"));
        assertTrue(rejection(forged(1, -5, new int[] {}, 0, 0, 0)).contains("layer count -5 is outside"));
        assertTrue(rejection(forged(1, 1, new int[] {1, -1}, 0, 0, 0)).contains("layer widths must be >= 1"));
        assertTrue(rejection(forged(1, 1, new int[] {1, 1}, 3, 2, 8)).contains("unknown activation code 3"));
        assertTrue(rejection(forged(1, 1, new int[] {1, 1}, -1, 2, 8)).contains("unknown activation code -1"));
        assertTrue(rejection(forged(1, 1, new int[] {1, 1}, 0, 3, 12))
                .contains("widths [1, 1] need 2 parameters but the file declares 3"));
        // Absurd sizes: 100000 × 100000 weights would be 40 GB; rejected from the header alone.
        String absurd = rejection(forged(1, 1, new int[] {100_000, 100_000}, 0, 1_410_165_408, 0));
        assertTrue(absurd.contains("need more than 100000000 parameters"), absurd);
        // A consistent header declaring 10^8 parameters in a tiny input is truncated, not allocated.
        int[] big = {9999, 10000};
        int count = ModelData.parameterCount(big);
        String cut = rejection(forged(1, 1, big, 1, count, 0));
        assertTrue(cut.contains("truncated: expected " + (8 + 16 + 8 + 4L * count + 4) + " bytes"), cut);
    }

    @Test
    void hugeDeclaredStreamsFailWithoutHugeAllocations() {
        int[] big = {9999, 10000};
        int count = ModelData.parameterCount(big);
        byte[] header = forged(1, 1, big, 1, count, 1000);
        ModelFormatException e = assertThrows(ModelFormatException.class,
                () -> ModelFile.read(new ByteArrayInputStream(header)));
        assertTrue(e.getMessage().contains("truncated: expected"), e.getMessage());
    }

    @Test
    void modelDataValidatesItsShape() {
        assertEquals(2 * 100 + 100 + 100 * 3 + 3, ModelData.parameterCount(new int[] {2, 100, 3}));
        ModelData m = model(new int[] {2, 100, 3}, "relu", 1);
        assertEquals(2, m.layerCount());
        assertEquals(0, m.weightOffset(0));
        assertEquals(200, m.biasOffset(0));
        assertEquals(300, m.weightOffset(1));
        assertEquals(600, m.biasOffset(1));
        assertEquals(603, m.parameterCount());
        assertThrows(IllegalArgumentException.class, () -> m.weightOffset(2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ModelData(new int[] {2, 100, 3}, "relu", new float[602]));
        assertEquals("widths [2, 100, 3] need 603 parameters but params has 602", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ModelData(new int[] {2, 3}, "sigmoid", new float[9]));
        assertTrue(e.getMessage().contains("unknown activation 'sigmoid'"), e.getMessage());
        float[] nan = new float[9];
        nan[4] = Float.NaN;
        e = assertThrows(IllegalArgumentException.class, () -> new ModelData(new int[] {2, 3}, "relu", nan));
        assertTrue(e.getMessage().contains("parameter 4 is NaN"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ModelData(new int[] {2}, "relu", new float[0]));
        assertThrows(IllegalArgumentException.class, () -> new ModelData(new int[] {2, 0}, "relu", new float[0]));
        assertThrows(IllegalArgumentException.class, () -> new ModelData(null, "relu", new float[0]));
        // Immutable: changing what went in or came out changes nothing.
        int[] widths = {1, 2};
        float[] params = new float[4];
        ModelData d = new ModelData(widths, "relu", params);
        widths[1] = 5;
        params[0] = 9;
        d.params()[1] = 9;
        d.widths()[0] = 9;
        assertArrayEquals(new int[] {1, 2}, d.widths());
        assertArrayEquals(new float[4], d.params());
    }
}
