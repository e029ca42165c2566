package org.simdnet.format;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;

import org.simdnet.layer.Dense;
import org.simdnet.layer.GELU;
import org.simdnet.layer.Identity;
import org.simdnet.layer.LeakyReLU;
import org.simdnet.layer.MeanSquaredError;
import org.simdnet.layer.ReLU;
import org.simdnet.layer.Sigmoid;
import org.simdnet.layer.SigmoidCrossEntropy;
import org.simdnet.layer.SoftmaxCrossEntropy;
import org.simdnet.layer.Tanh;
import org.simdnet.nn.Mlp;

/**
 * Writes the generated part of {@link ModelFileFuzzTest}'s seed corpus (valid version-2 models and
 * hand-made corrupt ones; the version-1 seeds are copies of {@code src/test/resources/fixtures/v1}).
 * Not a test: run it by hand after a format change, see {@code docs/fuzzing.md}.
 *
 * <pre>
 * java -cp target/classes:target/test-classes org.simdnet.format.ModelFileFuzzSeeds \
 *     src/test/resources/org/simdnet/format/ModelFileFuzzTestInputs/readerLoadsOrRejectsCleanly
 * </pre>
 */
public final class ModelFileFuzzSeeds {

    private ModelFileFuzzSeeds() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);

        Mlp small = Mlp.initialise(2, List.of(new Dense(2, 3), new LeakyReLU(0.1f), new Dense(3, 2)),
                new MeanSquaredError(), 1);
        small.putMetadata("k", "v");
        byte[] smallBytes = ModelFile.toBytes(small);
        write(dir, "v2-small-leaky-relu-mse", smallBytes);

        Mlp spiral = Mlp.initialise(new int[] {2, 100, 3}, new ReLU(), 12345);
        spiral.putMetadata("classes", "3");
        write(dir, "v2-spiral-relu-fused", ModelFile.toBytes(spiral));

        Mlp every = Mlp.initialise(3, List.of(new Dense(3, 4), new Identity(), new ReLU(), new Tanh(), new Sigmoid(),
                new LeakyReLU(-0.25f), new GELU(), new Dense(4, 2)), new SigmoidCrossEntropy(), 2);
        every.putMetadata("a", "");
        every.putMetadata("ünïcode ✓", "line\nbreak");
        write(dir, "v2-every-activation-bce", ModelFile.toBytes(every));

        Mlp deep = Mlp.initialise(12, List.of(new Dense(12, 16), new Tanh(), new Dense(16, 8), new GELU(),
                new Dense(8, 8), new ReLU(), new Dense(8, 5)), new SoftmaxCrossEntropy(), 3);
        write(dir, "v2-deep-mixed-softmax", ModelFile.toBytes(deep));

        // Corrupt ones: each stops at a different check.
        write(dir, "corrupt-bad-magic", withCrc(replace(smallBytes, 0, "NOTSIMDN".getBytes(StandardCharsets.US_ASCII))));
        write(dir, "corrupt-version-3", withCrc(putInt(smallBytes, 8, 3)));
        write(dir, "corrupt-truncated", Arrays.copyOf(smallBytes, smallBytes.length / 2));
        write(dir, "corrupt-checksum", putInt(smallBytes, smallBytes.length - 4, 0x12345678));
        write(dir, "corrupt-trailing-bytes", Arrays.copyOf(smallBytes, smallBytes.length + 3));
        write(dir, "corrupt-unknown-layer-code", withCrc(putInt(smallBytes, 20, 99)));
        // version, inputs, layers, {code, outputs, attributes}, head, metadata, parameter count
        int count = 9999 * 10000 + 10000;
        write(dir, "corrupt-declares-1e8-parameters", forged(new int[] {2, 9999, 1, 1, 10000, 0, 1, 0, count}, 64));
        write(dir, "corrupt-declares-16mb-metadata", forged(new int[] {2, 1, 1, 1, 1, 0, 1, 1, 16 << 20}, 16));
        // A well-formed header and checksum around a NaN parameter.
        write(dir, "corrupt-nan-parameter", withCrc(putInt(smallBytes, smallBytes.length - 8, 0x7fc00000)));
        // Two metadata entries in the wrong order (the writer sorts them), checksum fixed up.
        write(dir, "corrupt-unsorted-metadata", forgedMetadata("b", "a"));
    }

    /** A version-2 model Dense(1, 1), softmax, with metadata keys in the given order. */
    private static byte[] forgedMetadata(String... keys) {
        ByteBuffer b = ByteBuffer.allocate(1024).order(ByteOrder.LITTLE_ENDIAN);
        b.put("SIMDNET\0".getBytes(StandardCharsets.US_ASCII));
        for (int v : new int[] {2, 1, 1, 1, 1, 0, 1, keys.length}) {
            b.putInt(v);
        }
        for (String key : keys) {
            b.putInt(key.length()).put(key.getBytes(StandardCharsets.UTF_8)).putInt(1).put((byte) 'x');
        }
        b.putInt(2).putFloat(0.5f).putFloat(-0.25f);
        return withCrc(Arrays.copyOf(b.array(), b.position() + 4));
    }

    /** Magic, the given header ints, {@code paramBytes} zero bytes and a correct checksum. */
    private static byte[] forged(int[] header, int paramBytes) {
        ByteBuffer b = ByteBuffer.allocate(8 + 4 * header.length + paramBytes + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.put("SIMDNET\0".getBytes(StandardCharsets.US_ASCII));
        for (int v : header) {
            b.putInt(v);
        }
        return withCrc(b.array());
    }

    private static byte[] putInt(byte[] bytes, int at, int value) {
        byte[] out = bytes.clone();
        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putInt(at, value);
        return out;
    }

    private static byte[] replace(byte[] bytes, int at, byte[] with) {
        byte[] out = bytes.clone();
        System.arraycopy(with, 0, out, at, with.length);
        return out;
    }

    /** The bytes with their last four replaced by the CRC-32 of the rest. */
    private static byte[] withCrc(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 4);
        return putInt(bytes, bytes.length - 4, (int) crc.getValue());
    }

    private static void write(Path dir, String name, byte[] bytes) throws IOException {
        Files.write(dir.resolve(name), bytes);
    }
}
