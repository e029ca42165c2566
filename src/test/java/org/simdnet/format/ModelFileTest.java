package org.simdnet.format;

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
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import java.util.zip.CRC32;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simdnet.layer.Dense;
import org.simdnet.layer.Head;
import org.simdnet.layer.Identity;
import org.simdnet.layer.Layer;
import org.simdnet.layer.LayerKind;
import org.simdnet.layer.LayerKinds;
import org.simdnet.layer.LeakyReLU;
import org.simdnet.layer.MeanSquaredError;
import org.simdnet.layer.ReLU;
import org.simdnet.layer.SigmoidCrossEntropy;
import org.simdnet.layer.SoftmaxCrossEntropy;
import org.simdnet.layer.Tanh;
import org.simdnet.nn.Mlp;

class ModelFileTest {

    @TempDir
    Path dir;

    private static Mlp model(int inputs, List<Layer> layers, Head head, long seed) {
        Mlp m = Mlp.initialise(inputs, layers, head, seed);
        return m;
    }

    /** A small model: 2 → Dense(2, 3) → LeakyReLU(0.1) → Dense(3, 2), MSE, one metadata entry. */
    private static Mlp small() {
        Mlp m = model(2, List.of(new Dense(2, 3), new LeakyReLU(0.1f), new Dense(3, 2)), new MeanSquaredError(), 1);
        m.putMetadata("k", "v");
        return m;
    }

    static void assertSameModel(Mlp expected, Mlp actual) {
        assertEquals(expected.inputs(), actual.inputs());
        assertEquals(expected.layers(), actual.layers());
        assertEquals(expected.head(), actual.head());
        assertEquals(expected.metadata(), actual.metadata());
        float[] a = expected.params(), b = actual.params();
        assertEquals(a.length, b.length);
        for (int i = 0; i < a.length; i++) {
            assertEquals(Float.floatToRawIntBits(a[i]), Float.floatToRawIntBits(b[i]), "parameter " + i);
        }
    }

    @Test
    void layoutIsTheDocumentedOne() {
        Mlp m = small();
        byte[] bytes = ModelFile.toBytes(m);
        int header = 8 + 4 + 4 + 4 + 3 * 12 + 4 + 4 + 4 + (4 + 1 + 4 + 1) + 4;
        assertEquals(header + 17 * 4 + 4, bytes.length);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[8];
        b.get(magic);
        assertArrayEquals("SIMDNET\0".getBytes(StandardCharsets.US_ASCII), magic);
        assertEquals(2, b.getInt(), "version");
        assertEquals(2, b.getInt(), "inputs");
        assertEquals(3, b.getInt(), "layer count");
        assertEquals(1, b.getInt(), "dense is code 1");
        assertEquals(3, b.getInt());
        assertEquals(0, b.getInt());
        assertEquals(6, b.getInt(), "leaky_relu is code 6");
        assertEquals(3, b.getInt());
        assertEquals(1, b.getInt(), "one attribute");
        assertEquals(0.1f, b.getFloat());
        assertEquals(1, b.getInt());
        assertEquals(2, b.getInt());
        assertEquals(0, b.getInt());
        assertEquals(2, b.getInt(), "mse is head code 2");
        assertEquals(1, b.getInt(), "one metadata entry");
        assertEquals(1, b.getInt());
        assertEquals('k', b.get());
        assertEquals(1, b.getInt());
        assertEquals('v', b.get());
        assertEquals(17, b.getInt(), "parameter count");
        for (float p : m.params()) {
            assertEquals(Float.floatToRawIntBits(p), Float.floatToRawIntBits(b.getFloat()));
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 4);
        assertEquals((int) crc.getValue(), b.getInt());
        assertFalse(b.hasRemaining());
    }

    @Test
    void fileCodesAreStable() {
        // Never renumber: files written today must mean the same thing forever.
        String[] names = {"dense", "identity", "relu", "tanh", "sigmoid", "leaky_relu", "gelu"};
        for (int i = 0; i < names.length; i++) {
            assertEquals(i + 1, LayerKinds.byName(names[i]).code(), names[i]);
        }
        assertEquals(1, SoftmaxCrossEntropy.KIND.code());
        assertEquals(2, MeanSquaredError.KIND.code());
        assertEquals(3, SigmoidCrossEntropy.KIND.code());
        long distinct = LayerKinds.all().stream().mapToInt(LayerKind::code).distinct().count();
        assertEquals(LayerKinds.all().size(), distinct, "codes are unique");
    }

    @Test
    void roundTripsEveryKindThroughBytesStreamsAndFiles() throws IOException {
        for (LayerKind kind : LayerKinds.all()) {
            if (!kind.isActivation()) {
                continue;
            }
            Layer activation = kind.create(7, 7, kind.defaultAttributes());
            for (Head head : List.of(new SoftmaxCrossEntropy(), new MeanSquaredError(), new SigmoidCrossEntropy())) {
                Mlp m = model(3, List.of(new Dense(3, 7), activation, new Dense(7, 4)), head, 7);
                m.putMetadata("classes", "a,b,c,d");
                m.putMetadata("ünïcode ✓", "line\nbreak");
                assertSameModel(m, ModelFile.fromBytes(ModelFile.toBytes(m)));

                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ModelFile.write(m, out);
                out.write(new byte[] {42, 43}); // a stream may go on after the model
                InputStream in = new ByteArrayInputStream(out.toByteArray());
                assertSameModel(m, ModelFile.read(in));
                assertEquals(42, in.read(), "reading stops right after the checksum");

                Path file = dir.resolve(kind.name() + "-" + head.kind().name() + ".simdnet");
                ModelFile.write(m, file);
                assertSameModel(m, ModelFile.read(file));
            }
        }
        // Deep nets, mixed activations, special float values keep every bit.
        Mlp odd = model(1, List.of(new Dense(1, 1), new Tanh(), new Dense(1, 1), new ReLU(), new Identity(),
                new Dense(1, 1)), new SoftmaxCrossEntropy(), 3);
        float[] values = {-0.0f, Float.MIN_VALUE, Float.MAX_VALUE, -Float.MIN_NORMAL, 1e-30f, 3};
        System.arraycopy(values, 0, odd.params(), 0, values.length);
        Mlp back = ModelFile.fromBytes(ModelFile.toBytes(odd));
        assertSameModel(odd, back);
    }

    @Test
    void outputIsByteForByteDeterministic() throws IOException {
        Mlp a = small();
        Mlp b = a.copy();
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
        ModelFile.write(small(), file);
        Mlp bigger = Mlp.initialise(new int[] {2, 50, 3}, new Identity(), 9);
        ModelFile.write(bigger, file);
        assertSameModel(bigger, ModelFile.read(file));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count(), "only the model file is left");
        }
        Path missing = dir.resolve("no/such/dir/model.simdnet");
        assertThrows(IOException.class, () -> ModelFile.write(small(), missing));
        assertFalse(Files.exists(missing));
    }

    @Test
    void nonFiniteParametersAreNotSaved() {
        Mlp m = small();
        m.params()[4] = Float.NaN;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelFile.toBytes(m));
        assertTrue(e.getMessage().contains("parameter 4 is NaN"), e.getMessage());
    }

    @Test
    void everySingleByteChangeIsRejected() {
        byte[] good = ModelFile.toBytes(small());
        int rejected = 0;
        for (int pos = 0; pos < good.length; pos++) {
            for (int flip = 1; flip < 256; flip++) {
                byte[] bad = good.clone();
                bad[pos] ^= (byte) flip;
                try {
                    Mlp loaded = ModelFile.fromBytes(bad);
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
    void corruptionInTheParametersIsAChecksumMismatch() {
        byte[] bad = ModelFile.toBytes(small());
        bad[bad.length - 10] ^= 1;
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.fromBytes(bad));
        assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
        byte[] badCrc = ModelFile.toBytes(small());
        badCrc[badCrc.length - 1] ^= 0x10;
        e = assertThrows(ModelFormatException.class, () -> ModelFile.fromBytes(badCrc));
        assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
    }

    @Test
    void truncationAtEveryLengthIsRejected() throws IOException {
        byte[] good = ModelFile.toBytes(small());
        for (int len = 0; len < good.length; len++) {
            byte[] cut = Arrays.copyOf(good, len);
            ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.fromBytes(cut),
                    "length " + len);
            assertTrue(e.getMessage().contains("truncated: expected "), len + ": " + e.getMessage());
            assertTrue(e.getMessage().endsWith("found " + len), len + ": " + e.getMessage());
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
    void trailingBytesInAFileAreRejected() {
        byte[] good = ModelFile.toBytes(small());
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
        Path empty = dir.resolve("empty");
        Files.write(empty, new byte[0]);
        e = assertThrows(ModelFormatException.class, () -> ModelFile.read(empty));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    /** A v2 file with a correct checksum around the given header ints and parameter bytes. */
    private static byte[] forged(int[] header, int paramBytes) {
        ByteBuffer b = ByteBuffer.allocate(8 + 4 * header.length + paramBytes + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.put("SIMDNET\0".getBytes(StandardCharsets.US_ASCII));
        for (int v : header) {
            b.putInt(v);
        }
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
        // version, inputs, layers, {code, outputs, attributes}, head, metadata, parameter count
        Mlp ok = ModelFile.fromBytes(forged(new int[] {2, 1, 1, 1, 1, 0, 1, 0, 2}, 8));
        assertEquals(List.of(new Dense(1, 1)), ok.layers());
        assertTrue(rejection(forged(new int[] {3, 1, 1, 1, 1, 0, 1, 0, 2}, 8))
                .contains("unsupported model format version 3 (this simdnet reads versions 1 to 2)"));
        assertTrue(rejection(forged(new int[] {2, 0, 1, 1, 1, 0, 1, 0, 2}, 8)).contains("input width 0"));
        assertTrue(rejection(forged(new int[] {2, 1, 0, 1, 0, 0}, 0)).contains("layer count 0 is outside"));
        assertTrue(rejection(forged(new int[] {2, 1, 1, 99, 1, 0, 1, 0, 2}, 8)).contains("unknown kind code 99"));
        assertTrue(rejection(forged(new int[] {2, 1, 1, 1, 1, 0, 9, 0, 2}, 8)).contains("unknown head code 9"));
        assertTrue(rejection(forged(new int[] {2, 1, 1, 1, 1, 2, 0, 0, 1, 0, 2}, 8)).contains("declares 2 attributes"));
        assertTrue(rejection(forged(new int[] {2, 1, 1, 3, 2, 0, 1, 0, 0}, 0)).contains("gives 1 outputs from 1"));
        assertTrue(rejection(forged(new int[] {2, 1, 1, 1, 1, 0, 1, 0, 3}, 12))
                .contains("the layers need 2 parameters but the file declares 3"));
        assertTrue(rejection(forged(new int[] {2, 1, 1, 1, 1, 0, 1, -1, 2}, 8)).contains("metadata entry count -1"));
        assertTrue(rejection(forged(new int[] {2, 1, 1, 1, 1, 0, 1, 1, Integer.MAX_VALUE}, 0))
                .contains("exceeds the"));
        // Absurd sizes: 100000 × 100000 weights would be 40 GB; rejected from the header alone.
        String absurd = rejection(forged(new int[] {2, 100_000, 1, 1, 100_000, 0, 1, 0, 0}, 0));
        assertTrue(absurd.contains("more than"), absurd);
        // A consistent header declaring 10^8 parameters in a tiny input is truncated, not allocated.
        int count = 9999 * 10000 + 10000;
        String cut = rejection(forged(new int[] {2, 9999, 1, 1, 10000, 0, 1, 0, count}, 0));
        assertTrue(cut.contains("truncated: expected"), cut);
        assertThrows(ModelFormatException.class,
                () -> ModelFile.read(new ByteArrayInputStream(forged(new int[] {2, 9999, 1, 1, 10000, 0, 1, 0, count}, 1000))));
    }

    /** Fuzzing finding: metadata in another order than the writer's loaded, so a file had two encodings. */
    @Test
    void metadataOutOfOrderIsRejected() throws ModelFormatException {
        Mlp m = small();
        m.putMetadata("a", "first");
        byte[] good = ModelFile.toBytes(m);
        assertSameModel(m, ModelFile.fromBytes(good));
        // Swap the two entries "a"→"first" and "k"→"v" (both keys one byte long), then fix the CRC.
        int a = indexOf(good, (byte) 'a') - 4;
        int entryA = 4 + 1 + 4 + "first".length(), entryK = 4 + 1 + 4 + 1;
        byte[] swapped = good.clone();
        System.arraycopy(good, a + entryA, swapped, a, entryK);
        System.arraycopy(good, a, swapped, a + entryK, entryA);
        CRC32 crc = new CRC32();
        crc.update(swapped, 0, swapped.length - 4);
        ByteBuffer.wrap(swapped).order(ByteOrder.LITTLE_ENDIAN).putInt(swapped.length - 4, (int) crc.getValue());
        assertTrue(rejection(swapped).contains("metadata key 'a' is empty, repeated or out of order"), rejection(swapped));
    }

    /** Fuzzing finding: a metadata key with a line break made a rejection two lines long. */
    @Test
    void keysInMessagesAreEscapedToOneLine() {
        assertEquals("a\\u000ab\\u2028c", ModelFile.printable("a\nb\u2028c"));
        assertEquals("x".repeat(60) + "…", ModelFile.printable("x".repeat(61)));
        Mlp m = small();
        m.putMetadata("z\nkey", "v");
        byte[] bytes = ModelFile.toBytes(m);
        // "k" then "z\nkey": turn "k" into "{" (after 'z') so the keys are out of order; fix the CRC.
        bytes[indexOf(bytes, (byte) 'k')] = '{';
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 4);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(bytes.length - 4, (int) crc.getValue());
        String message = rejection(bytes);
        assertTrue(message.endsWith("metadata key 'z\\u000akey' is empty, repeated or out of order"), message);
    }

    /** Fuzzing finding: a declared 16 MB metadata string was allocated before the input was read. */
    @Test
    void aDeclaredMetadataLengthIsNotAllocatedUpFront() {
        // version, inputs, layers, {code, outputs, attributes}, head, metadata entries, key length
        byte[] tiny = forged(new int[] {2, 1, 1, 1, 1, 0, 1, 1, ModelFile.MAX_METADATA_BYTES}, 16);
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        rejection(tiny);    // warm-up
        long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        assertTrue(rejection(tiny).contains("truncated"));
        long used = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        assertTrue(used < 1 << 20, "reading " + tiny.length + " bytes allocated " + used);
    }

    @Test
    void invalidUtf8MetadataIsRejected() {
        byte[] good = ModelFile.toBytes(small());
        // the metadata key 'k' sits right after its length; 0xFF is never valid UTF-8
        byte[] bad = good.clone();
        int key = indexOf(good, (byte) 'k');
        bad[key] = (byte) 0xFF;
        CRC32 crc = new CRC32();
        crc.update(bad, 0, bad.length - 4);
        ByteBuffer.wrap(bad).order(ByteOrder.LITTLE_ENDIAN).putInt(bad.length - 4, (int) crc.getValue());
        assertTrue(rejection(bad).contains("not valid UTF-8"));
    }

    private static int indexOf(byte[] bytes, byte value) {
        for (int i = 8; i < bytes.length; i++) {
            if (bytes[i] == value) {
                return i;
            }
        }
        throw new AssertionError();
    }

    @Test
    void randomModelsRoundTrip() throws ModelFormatException {
        SplittableRandom random = new SplittableRandom(11);
        for (int trial = 0; trial < 50; trial++) {
            int inputs = 1 + random.nextInt(9);
            java.util.List<Layer> layers = new java.util.ArrayList<>();
            int width = inputs;
            int depth = 1 + random.nextInt(4);
            for (int d = 0; d < depth; d++) {
                int out = 1 + random.nextInt(9);
                layers.add(new Dense(width, out));
                width = out;
                if (d + 1 < depth) {
                    LayerKind kind = LayerKinds.byName(LayerKinds.activationNames().get(
                            random.nextInt(LayerKinds.activationNames().size())));
                    layers.add(kind.create(width, width, kind.defaultAttributes()));
                }
            }
            Head head = LayerKinds.heads().get(random.nextInt(LayerKinds.heads().size())).create();
            Mlp m = Mlp.initialise(inputs, layers, head, trial);
            assertSameModel(m, ModelFile.fromBytes(ModelFile.toBytes(m)));
        }
    }
}
